package io.newsflow.ingest;

import io.newsflow.ingest.feeds.FeedSettings;
import io.newsflow.ingest.internal.Publishers;
import io.newsflow.runtime.config.PipelineConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;

/** Options of the ingest component, on top of the shared {@link PipelineConfig} ones. */
public final class IngestConfig extends PipelineConfig {
  public static final String MAX_ARTICLE_BYTES = "ingest.max.article.bytes";
  public static final String DEFAULT_LANGUAGE = "ingest.default.language";
  public static final String HTTP_HOST = "ingest.http.host";
  public static final String HTTP_PORT = "ingest.http.port";
  public static final String HTTP_MAX_REQUEST_BYTES = "ingest.http.max.request.bytes";
  public static final String PUBLISHER_TOKENS = "ingest.publisher.tokens";
  public static final String PUBLISHER_TOKENS_FILE = "ingest.publisher.tokens.file";
  public static final String DEDUP_WINDOW_MS = "ingest.dedup.window.ms";
  public static final String KAFKA_CHECK_INTERVAL_MS = "ingest.kafka.check.interval.ms";
  public static final String RETRY_AFTER_SECONDS = "ingest.retry.after.seconds";
  public static final String WATCH_DIR = "ingest.watch.dir";
  public static final String WATCH_SCAN_INTERVAL_MS = "ingest.watch.scan.interval.ms";

  public IngestConfig(Map<?, ?> values) {
    super(definition(), values);
  }

  public static ConfigDef definition() {
    return intakeOptions(articleAndHttpOptions(FeedSettings.define(commonDefinition())));
  }

  /** Article limits and language, and the HTTP API. */
  private static ConfigDef articleAndHttpOptions(ConfigDef def) {
    return def.define(
            MAX_ARTICLE_BYTES,
            Type.INT,
            1_048_576,
            Range.between(1_024, 16_777_216),
            Importance.MEDIUM,
            "Largest article accepted (title plus body, UTF-8 bytes); larger ones are rejected with a reason.")
        .define(
            DEFAULT_LANGUAGE,
            Type.STRING,
            null,
            Importance.LOW,
            "Language tag given to articles that declare none; unset leaves it empty for enrich to decide.")
        .define(
            HTTP_HOST,
            Type.STRING,
            "127.0.0.1",
            Importance.HIGH,
            "Address the HTTP API listens on; 0.0.0.0 to take requests from other machines.")
        .define(
            HTTP_PORT,
            Type.INT,
            8080,
            Range.between(0, 65_535),
            Importance.HIGH,
            "Port of the HTTP API (0: any free port).")
        .define(
            HTTP_MAX_REQUEST_BYTES,
            Type.INT,
            16_777_216,
            Range.between(1_024, 268_435_456),
            Importance.MEDIUM,
            "Largest request body accepted (an NDJSON batch); larger ones are answered 413.");
  }

  /** Publishers' tokens, deduplication, Kafka checks and the watched folder. */
  private static ConfigDef intakeOptions(ConfigDef def) {
    return def.define(
            PUBLISHER_TOKENS,
            Type.PASSWORD,
            null,
            Importance.HIGH,
            "Publishers allowed to post, as name:token pairs, comma-separated; with none configured (here or in the file) authentication is off.")
        .define(
            PUBLISHER_TOKENS_FILE,
            Type.STRING,
            null,
            Importance.HIGH,
            "File of publisher tokens, one name:token or name:sha256:<hex> per line.")
        .define(
            DEDUP_WINDOW_MS,
            Type.LONG,
            86_400_000L,
            Range.atLeast(0),
            Importance.MEDIUM,
            "How long an accepted article is remembered: the same title and body posted again within it (under any URL) is answered as a duplicate and not stored twice.")
        .define(
            KAFKA_CHECK_INTERVAL_MS,
            Type.LONG,
            2_000L,
            Range.atLeast(100),
            Importance.LOW,
            "How often the HTTP API checks that Kafka answers; while it does not, posts are answered 503.")
        .define(
            RETRY_AFTER_SECONDS,
            Type.INT,
            10,
            Range.atLeast(1),
            Importance.LOW,
            "Retry-After of a 503 answer, in seconds.")
        .define(
            WATCH_DIR,
            Type.STRING,
            null,
            Importance.MEDIUM,
            "Folder watched for article files (as for newsflow ingest PATH); each file is moved to .done/ or .rejected/ once ingested.")
        .define(
            WATCH_SCAN_INTERVAL_MS,
            Type.LONG,
            5_000L,
            Range.atLeast(100),
            Importance.LOW,
            "How often the watched folder is scanned besides change events, and how long a file Kafka did not store waits before it is tried again.");
  }

  public int maxArticleBytes() {
    return getInt(MAX_ARTICLE_BYTES);
  }

  public String defaultLanguage() {
    return getString(DEFAULT_LANGUAGE);
  }

  public String httpHost() {
    return getString(HTTP_HOST);
  }

  public int httpPort() {
    return getInt(HTTP_PORT);
  }

  public int maxRequestBytes() {
    return getInt(HTTP_MAX_REQUEST_BYTES);
  }

  /** The publishers allowed to post (none: authentication off). */
  public Publishers publishers() {
    Password tokens = getPassword(PUBLISHER_TOKENS);
    List<String> entries = new ArrayList<>();
    if (tokens != null && !tokens.value().isBlank()) {
      for (String entry : tokens.value().split(",")) {
        if (!entry.isBlank()) {
          entries.add(entry.strip());
        }
      }
    }
    String file = getString(PUBLISHER_TOKENS_FILE);
    return Publishers.of(entries, file == null || file.isBlank() ? null : Path.of(file));
  }

  public Duration dedupWindow() {
    return Duration.ofMillis(getLong(DEDUP_WINDOW_MS));
  }

  public Duration kafkaCheckInterval() {
    return Duration.ofMillis(getLong(KAFKA_CHECK_INTERVAL_MS));
  }

  public int retryAfterSeconds() {
    return getInt(RETRY_AFTER_SECONDS);
  }

  /** The watched folder, or null. */
  public Path watchDir() {
    String dir = getString(WATCH_DIR);
    return dir == null || dir.isBlank() ? null : Path.of(dir);
  }

  public Duration watchScanInterval() {
    return Duration.ofMillis(getLong(WATCH_SCAN_INTERVAL_MS));
  }
}
