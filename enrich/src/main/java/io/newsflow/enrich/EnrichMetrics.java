package io.newsflow.enrich;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Value;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * The enricher's own counters, registered with Kafka Streams' metrics so they appear wherever those
 * are exported (JMX, {@code KafkaStreams#metrics()}): group {@value #GROUP}, metrics {@code
 * articles-enriched-total}, {@code dead-letters-total} (tagged with the failing stage and the
 * error's class as reason), and the time one article's enrichment took, how far behind the raw
 * topic it is ({@code lag-ms}: the age of the last record taken, when it was taken), {@code
 * enrichment-time-avg-ms} and {@code enrichment-time-max-ms} (over Kafka's metric sample windows,
 * by default the last 30 to 60 s: NaN and 0 once none was enriched in them), each tagged with the
 * stream thread. A sensor rather than a Micrometer timer because the processor reaches only
 * Streams' metrics, which the service exports.
 */
final class EnrichMetrics {
  static final String GROUP = "newsflow-enrich";
  static final String ENRICHED = "articles-enriched-total";
  static final String DEAD_LETTERS = "dead-letters-total";
  static final String ENRICHMENT_TIME_AVG = "enrichment-time-avg-ms";
  static final String ENRICHMENT_TIME_MAX = "enrichment-time-max-ms";
  static final String LAG = "lag-ms";

  private final StreamsMetrics metrics;
  private final String thread;
  private final Sensor enriched;
  private final Sensor enrichmentTime;
  private final Sensor lag;
  private final Map<String, Sensor> deadLetters = new ConcurrentHashMap<>();

  EnrichMetrics(StreamsMetrics metrics) {
    this.metrics = metrics;
    this.thread = Thread.currentThread().getName();
    this.enriched =
        counter(
            ENRICHED,
            "Articles enriched and written to the enriched topic",
            Map.of("thread-id", thread));
    Map<String, String> tags = Map.of("thread-id", thread);
    this.enrichmentTime =
        metrics.addSensor(GROUP + ".enrichment-time." + tags, Sensor.RecordingLevel.INFO);
    enrichmentTime.add(
        new MetricName(
            ENRICHMENT_TIME_AVG, GROUP, "Average time to enrich one article, in ms", tags),
        new Avg());
    enrichmentTime.add(
        new MetricName(
            ENRICHMENT_TIME_MAX, GROUP, "Longest time to enrich one article, in ms", tags),
        new Max());
    this.lag = metrics.addSensor(GROUP + ".lag." + tags, Sensor.RecordingLevel.INFO);
    lag.add(
        new MetricName(
            LAG,
            GROUP,
            "How far behind enrich is, in ms: when the last raw record was taken, how long ago it had been written",
            tags),
        new Value());
  }

  /** A raw record written at {@code recordTimestamp} is being processed at {@code now}. */
  void taken(long recordTimestamp, long now) {
    lag.record(Math.max(0, now - recordTimestamp));
  }

  void enriched() {
    enriched.record();
  }

  /** One article was enriched (or failed to be) in {@code nanos}. */
  void enrichmentTook(long nanos) {
    enrichmentTime.record(nanos / 1_000_000.0);
  }

  /** A record went to the dead-letter topic at {@code stage}; the reason is the error's class. */
  void deadLetter(String stage, Throwable error) {
    String reason = error.getClass().getSimpleName();
    deadLetters
        .computeIfAbsent(
            stage + "\n" + reason,
            k ->
                counter(
                    DEAD_LETTERS,
                    "Records sent to the dead-letter topic",
                    Map.of("thread-id", thread, "stage", stage, "reason", reason)))
        .record();
  }

  private Sensor counter(String name, String description, Map<String, String> tags) {
    Sensor sensor = metrics.addSensor(GROUP + "." + name + "." + tags, Sensor.RecordingLevel.INFO);
    sensor.add(new MetricName(name, GROUP, description, tags), new CumulativeCount());
    return sensor;
  }
}
