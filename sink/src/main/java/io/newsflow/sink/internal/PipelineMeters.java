package io.newsflow.sink.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.newsflow.avro.EnrichedArticle;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far behind one sink's store is, in time (issue 7), registered in the sink's registry under
 * the tag {@code store}:
 *
 * <ul>
 *   <li>{@code newsflow.pipeline.latency} (a timer with a percentile histogram): for each article
 *       written, the time from ingest accepting it ({@code receivedAt}) to the sink committing it,
 *       so end-to-end latency through enrich. An article re-ingested from an old archive counts its
 *       age; a clock running behind ingest's counts 0.
 *   <li>{@code newsflow.sink.lag.seconds} (a gauge): the age of the newest Kafka record the sink
 *       has written, i.e. now minus its record timestamp. While records flow this is how far the
 *       sink is behind; while nothing is produced it grows although nothing is waiting, so read it
 *       with {@code kafka_consumer_fetch_manager_records_lag_max} (records waiting). NaN until the
 *       first record is written.
 * </ul>
 *
 * Call {@link #written} from the sink's thread after a batch is committed.
 */
final class PipelineMeters {
  private final Clock clock;
  private final Timer latency;
  private final AtomicLong newestWrittenMs = new AtomicLong(Long.MIN_VALUE);

  PipelineMeters(MeterRegistry meters, String store, Clock clock) {
    this.clock = Objects.requireNonNull(clock, "a clock is required to measure latency");
    this.latency =
        Timer.builder("newsflow.pipeline.latency")
            .description("Time from ingest accepting an article to a sink writing it, by store")
            .tag("store", store)
            .publishPercentileHistogram()
            .maximumExpectedValue(Duration.ofHours(1))
            .register(meters);
    Gauge.builder("newsflow.sink.lag.seconds", this, PipelineMeters::lagSeconds)
        .description(
            "Age of the newest Kafka record a sink has written (grows while nothing is produced)")
        .tag("store", store)
        .baseUnit("seconds")
        .register(meters);
  }

  /**
   * A batch is committed.
   *
   * @param articles the articles written
   * @param newestRecordMs the newest Kafka timestamp of the batch's records (articles, links and
   *     dead letters alike: the sink has dealt with each)
   */
  public void written(Iterable<EnrichedArticle> articles, long newestRecordMs) {
    long now = clock.millis();
    for (EnrichedArticle article : articles) {
      long received = article.getReceivedAt().toEpochMilli();
      latency.record(Duration.ofMillis(Math.max(0, now - received)));
    }
    newestWrittenMs.accumulateAndGet(newestRecordMs, Math::max);
  }

  private double lagSeconds() {
    long newest = newestWrittenMs.get();
    if (newest == Long.MIN_VALUE) {
      return Double.NaN;
    }
    return Math.max(0, clock.millis() - newest) / 1000.0;
  }
}
