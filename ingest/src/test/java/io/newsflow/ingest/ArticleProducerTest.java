package io.newsflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class ArticleProducerTest {

  @Test
  void theProducerIsIdempotentWithAcksAllWhateverTheConfigurationSays() {
    IngestConfig config =
        new IngestConfig(
            Map.of(
                "bootstrap.servers", "b:9092",
                "producer.acks", "1",
                "producer.enable.idempotence", "false",
                "producer.linger.ms", "20"));
    Map<String, Object> props = ArticleProducer.properties(config);
    assertThat(props)
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
        .containsEntry(ProducerConfig.LINGER_MS_CONFIG, "20")
        .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "b:9092");
  }
}
