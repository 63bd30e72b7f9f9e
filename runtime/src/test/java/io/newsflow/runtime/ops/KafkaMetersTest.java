package io.newsflow.runtime.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaMetersTest {

  /** A Kafka metric a client creates after its meters were bound. */
  private static Metric lateMetric(String name) {
    MetricName metricName =
        new MetricName(name, "producer-metrics", "", Map.of("client-id", "late"));
    return new Metric() {
      @Override
      public MetricName metricName() {
        return metricName;
      }

      @Override
      public Object metricValue() {
        return 1.0;
      }
    };
  }

  private static boolean registered(SimpleMeterRegistry registry, String name) {
    return registry.getMeters().stream().anyMatch(m -> m.getId().getName().equals(name));
  }

  @Test
  void aKafkaMetricCreatedAfterBindingIsOnTheRegistryWithinSecondsNotAMinute() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MockProducer<String, String> producer =
        new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
    KafkaMeters meters =
        KafkaMeters.bind(
            "test",
            registry,
            (scheduler, every) -> new KafkaClientMetrics(producer, List.of(), scheduler, every));
    assertThat(registered(registry, "kafka.producer.late.errors")).isFalse();
    producer.setMockMetrics(lateMetric("late-errors").metricName(), lateMetric("late-errors"));
    // Micrometer's own binder would look again only after 60 s
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> registered(registry, "kafka.producer.late.errors"));
    meters.close();
    assertThat(registered(registry, "kafka.producer.late.errors"))
        .as("closing removes the meters")
        .isFalse();
  }

  @Test
  void closingStopsTheThreadThatLooksForNewMetrics() {
    MockProducer<String, String> producer =
        new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
    KafkaMeters meters =
        KafkaMeters.bind(
            "closing",
            new SimpleMeterRegistry(),
            (scheduler, every) -> new KafkaClientMetrics(producer, List.of(), scheduler, every));
    await().atMost(Duration.ofSeconds(10)).until(() -> threadAlive("kafka-meters-closing"));
    meters.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> !threadAlive("kafka-meters-closing"));
  }

  private static boolean threadAlive(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals(name) && t.isAlive());
  }
}
