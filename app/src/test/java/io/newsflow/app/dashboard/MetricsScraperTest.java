package io.newsflow.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsScraperTest {
  @Test
  void readsTheStageTotalsFromThePrometheusTextFormat() {
    String exposition =
        String.join(
            "\n",
            "# HELP newsflow_ingest_articles_total Articles by outcome",
            "# TYPE newsflow_ingest_articles_total counter",
            "newsflow_ingest_articles_total{channel=\"http\",outcome=\"accepted\"} 5.0",
            "newsflow_ingest_articles_total{channel=\"file\",outcome=\"accepted\"} 2.0",
            "newsflow_ingest_articles_total{channel=\"http\",outcome=\"rejected\"} 9.0",
            "kafka_newsflow_enrich_articles_enriched_total{thread_id=\"a\"} 3.0",
            "kafka_newsflow_enrich_articles_enriched_total{thread_id=\"b\"} 4.0 1700000000000",
            "newsflow_sink_records_total{store=\"jsonl\",type=\"article\"} 6.0",
            "newsflow_sink_records_total{store=\"jsonl\",type=\"link\"} 11.0",
            "newsflow_sink_records_total{store=\"postgres\",type=\"article\"} 1e1",
            "jvm_memory_used_bytes{area=\"heap\",id=\"a \\\"quoted\\\", b\"} 1.0");

    assertThat(MetricsScraper.stageTotals(exposition))
        .containsExactly(
            entry("ingest", 7.0),
            entry("enrich", 7.0),
            entry("sink (jsonl)", 6.0),
            entry("sink (postgres)", 10.0));
  }

  @Test
  void ratesAreArticlesPerSecondBetweenSamplesAndARestartCountsFromZero() {
    Throughput t = new Throughput(3);
    t.add(Instant.ofEpochSecond(0), Map.of("ingest", 10.0));
    t.add(Instant.ofEpochSecond(5), Map.of("ingest", 20.0, "sink (jsonl)", 5.0, "enrich", 1.0));
    t.add(Instant.ofEpochSecond(10), Map.of("ingest", 4.0, "sink (jsonl)", 5.0, "enrich", 1.0));
    t.add(Instant.ofEpochSecond(20), Map.of("ingest", 14.0, "sink (jsonl)", 15.0, "enrich", 6.0));

    assertThat(t.stages()).containsExactly("ingest", "enrich", "sink (jsonl)");
    assertThat(t.points()).hasSize(2); // the oldest sample fell out of the ring
    assertThat(t.points().get(0).perSecond()).containsEntry("ingest", 0.8); // restarted: 4 in 5 s
    assertThat(t.points().get(1).perSecond())
        .containsExactly(entry("ingest", 1.0), entry("enrich", 0.5), entry("sink (jsonl)", 1.0));
  }
}
