package io.newsflow.schemas.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Option;

/**
 * Command-line options shared by the {@code newsflow ingest|enrich|sink} commands: where the
 * cluster and registry are, a properties file, and {@code -D option=value} for any other option.
 */
public final class ClusterOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Properties file with newsflow options.")
  Path configFile;

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

  @Option(
      names = "-D",
      paramLabel = "OPTION=VALUE",
      mapFallbackValue = "",
      description = "Any option, e.g. -D topic.raw=my.raw or -D producer.linger.ms=20.")
  Map<String, String> options = new LinkedHashMap<>();

  /** Sets an option as if given with {@code -D}, for a command's own shorthand flags. */
  public void option(String name, String value) {
    options.put(name, value);
  }

  /**
   * Values from the file, then {@code NEWSFLOW_*} variables, then these flags. Options given in the
   * file or with {@code -D} must be options of {@code definition} (or client settings with a
   * pass-through prefix): a misspelt option is an error, not silently ignored.
   */
  public Map<String, String> load(Map<String, String> environment, ConfigDef definition) {
    Map<String, String> flags = new HashMap<>(options);
    if (bootstrapServers != null) {
      flags.put(PipelineConfig.BOOTSTRAP_SERVERS, bootstrapServers);
    }
    if (schemaRegistryUrl != null) {
      flags.put(PipelineConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
    }
    if (configFile != null) {
      PipelineConfig.rejectUnknown(
          ConfigSources.readProperties(configFile).keySet(), definition, configFile.toString());
    }
    PipelineConfig.rejectUnknown(options.keySet(), definition, "-D");
    return ConfigSources.load(configFile, environment, flags);
  }
}
