package io.newsflow.app.dashboard;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Where the dashboard's throughput chart comes from: the running totals of articles each stage has
 * handled so far. {@link MetricsScraper} reads them from the services' {@code /metrics}; {@code
 * newsflow local} counts them in its own process ({@code Pipeline#stageTotals}).
 */
public interface StageCounters {
  /**
   * Articles handled since the counting started, by stage label (e.g. {@code ingest}, {@code
   * enrich}, {@code sink (jsonl)}), in flow order.
   *
   * @throws RuntimeException when the counts cannot be read now; the dashboard shows the error
   */
  Map<String, Double> totals();

  /** When every total was 0, if known: lets the first point of the chart show a rate already. */
  default Optional<Instant> countingSince() {
    return Optional.empty();
  }

  /** Where the counts come from, in words for the page. */
  String describe();
}
