package io.newsflow.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourcesTest {

  @Test
  void flagsBeatEnvironmentWhichBeatsTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("newsflow.properties");
    Files.writeString(
        file, "bootstrap.servers=file:9092\ntopic.raw=from-file\ntopic.dlq=dlq-file\n");
    Map<String, String> values =
        ConfigSources.load(
            file,
            Map.of(
                "NEWSFLOW_TOPIC_RAW", "from-env", "NEWSFLOW_TOPIC_DLQ", "dlq-env", "PATH", "/bin"),
            Map.of("topic.raw", "from-flag"));
    PipelineConfig config = new PipelineConfig(values);

    assertThat(config.topicNames().raw()).isEqualTo("from-flag");
    assertThat(config.topicNames().deadLetters()).isEqualTo("dlq-env");
    assertThat(config.bootstrapServers()).isEqualTo("file:9092");
    assertThat(config.topicNames().enriched()).isEqualTo("news.enriched.v1");
  }

  @Test
  void clientSettingsPassThroughByPrefix() {
    PipelineConfig config =
        new PipelineConfig(
            Map.of(
                "bootstrap.servers", "b:1",
                "kafka.security.protocol", "SSL",
                "producer.linger.ms", "7",
                "consumer.max.poll.records", "9"));
    assertThat(config.clientProperties("producer."))
        .containsEntry("bootstrap.servers", "b:1")
        .containsEntry("security.protocol", "SSL")
        .containsEntry("linger.ms", "7")
        .doesNotContainKey("max.poll.records");
  }

  @Test
  void badValuesAreRefusedWithTheOptionName() {
    assertThatThrownBy(() -> new PipelineConfig(Map.of("topics.partitions", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("topics.partitions");
  }

  @Test
  void aMissingFileIsAClearError(@TempDir Path dir) {
    assertThatThrownBy(() -> ConfigSources.load(dir.resolve("nope.properties"), Map.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope.properties");
  }
}
