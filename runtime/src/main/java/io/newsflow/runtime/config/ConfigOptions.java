package io.newsflow.runtime.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import picocli.CommandLine.Option;

/**
 * Command-line options every newsflow command takes: a properties file and {@code -D option=value}.
 * Values load from the file, then {@code NEWSFLOW_*} variables, then the flags; options given in
 * the file or with {@code -D} must be declared (or be client settings with a pass-through prefix),
 * so a misspelt option is an error rather than silently ignored.
 */
public final class ConfigOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Properties file with newsflow options.")
  Path configFile;

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

  public Map<String, String> load(Map<String, String> environment, ConfigDef definition) {
    if (configFile != null) {
      PipelineConfig.rejectUnknown(
          ConfigSources.readProperties(configFile).keySet(), definition, configFile.toString());
    }
    PipelineConfig.rejectUnknown(options.keySet(), definition, "-D");
    return ConfigSources.load(configFile, environment, new HashMap<>(options));
  }
}
