package io.newsflow.runtime.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Gathers configuration values from outside the code, lowest precedence first: a properties file,
 * then environment variables named {@code NEWSFLOW_<OPTION>} ({@code NEWSFLOW_BOOTSTRAP_SERVERS}
 * sets {@code bootstrap.servers}), then explicit overrides such as command-line flags. Defaults are
 * not filled in here; each option's default lives in its {@link
 * org.apache.kafka.common.config.ConfigDef}.
 */
public final class ConfigSources {
  public static final String ENV_PREFIX = "NEWSFLOW_";

  private ConfigSources() {}

  public static Map<String, String> load(
      Path propertiesFile, Map<String, String> env, Map<String, String> overrides) {
    Map<String, String> values = new HashMap<>();
    if (propertiesFile != null) {
      values.putAll(readProperties(propertiesFile));
    }
    values.putAll(fromEnvironment(env));
    overrides.forEach(
        (k, v) -> {
          if (v != null) {
            values.put(k, v);
          }
        });
    return values;
  }

  /** {@code NEWSFLOW_SCHEMA_REGISTRY_URL=...} becomes {@code schema.registry.url=...}. */
  public static Map<String, String> fromEnvironment(Map<String, String> env) {
    Map<String, String> values = new HashMap<>();
    env.forEach(
        (name, value) -> {
          if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
            values.put(
                name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'),
                value);
          }
        });
    return values;
  }

  public static Map<String, String> readProperties(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "configuration file " + file + " does not exist or is not a file");
    }
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read configuration file " + file, e);
    }
    Map<String, String> values = new HashMap<>();
    props.stringPropertyNames().forEach(k -> values.put(k, props.getProperty(k).trim()));
    return values;
  }
}
