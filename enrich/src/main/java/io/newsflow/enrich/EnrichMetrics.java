package io.newsflow.enrich;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * The enricher's own counters, registered with Kafka Streams' metrics so they appear wherever those
 * are exported (JMX, {@code KafkaStreams#metrics()}): group {@value #GROUP}, metrics {@code
 * articles-enriched-total} and {@code dead-letters-total} (tagged with the failing stage), each
 * tagged with the stream thread.
 */
final class EnrichMetrics {
  static final String GROUP = "newsflow-enrich";
  static final String ENRICHED = "articles-enriched-total";
  static final String DEAD_LETTERS = "dead-letters-total";

  private final StreamsMetrics metrics;
  private final String thread;
  private final Sensor enriched;
  private final Map<String, Sensor> deadLetters = new ConcurrentHashMap<>();

  EnrichMetrics(StreamsMetrics metrics) {
    this.metrics = metrics;
    this.thread = Thread.currentThread().getName();
    this.enriched =
        counter(
            ENRICHED,
            "Articles enriched and written to the enriched topic",
            Map.of("thread-id", thread));
  }

  void enriched() {
    enriched.record();
  }

  void deadLetter(String stage) {
    deadLetters
        .computeIfAbsent(
            stage,
            s ->
                counter(
                    DEAD_LETTERS,
                    "Records sent to the dead-letter topic",
                    Map.of("thread-id", thread, "stage", s)))
        .record();
  }

  private Sensor counter(String name, String description, Map<String, String> tags) {
    Sensor sensor = metrics.addSensor(GROUP + "." + name + "." + tags, Sensor.RecordingLevel.INFO);
    sensor.add(new MetricName(name, GROUP, description, tags), new CumulativeCount());
    return sensor;
  }
}
