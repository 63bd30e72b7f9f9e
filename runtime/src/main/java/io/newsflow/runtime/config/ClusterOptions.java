package io.newsflow.runtime.config;

import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Command-line options of the {@code newsflow ingest|enrich|sink} commands: where the cluster and
 * registry are, on top of {@link ConfigOptions}.
 */
public final class ClusterOptions {
  @Mixin ConfigOptions config;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT,...",
      description = "Kafka brokers (bootstrap.servers).")
  String bootstrapServers;

  @Option(
      names = "--schema-registry-url",
      paramLabel = "URL",
      description = "Confluent-compatible schema registry (schema.registry.url).")
  String schemaRegistryUrl;

  /** Sets an option as if given with {@code -D}, for a command's own shorthand flags. */
  public void option(String name, String value) {
    config.option(name, value);
  }

  /** Values from the file, then {@code NEWSFLOW_*} variables, then the flags. */
  public Map<String, String> load(Map<String, String> environment, ConfigDef definition) {
    if (bootstrapServers != null) {
      config.option(PipelineConfig.BOOTSTRAP_SERVERS, bootstrapServers);
    }
    if (schemaRegistryUrl != null) {
      config.option(PipelineConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
    }
    return config.load(environment, definition);
  }
}
