package io.newsflow.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class EnrichServiceTest {

  @Test
  void streamsRunExactlyOnceUnderTheConfiguredApplicationId() {
    Properties props =
        EnrichService.streamsProperties(
            new EnrichConfig(
                Map.of(
                    "bootstrap.servers", "b:9092",
                    "enrich.application.id", "my-enrich",
                    "enrich.state.dir", "/var/lib/x",
                    "streams.processing.guarantee", "at_least_once",
                    "streams.commit.interval.ms", "250")));
    assertThat(props)
        .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
        .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "my-enrich")
        .containsEntry(StreamsConfig.STATE_DIR_CONFIG, "/var/lib/x")
        .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "250")
        .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "b:9092");
  }
}
