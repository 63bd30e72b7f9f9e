package io.newsflow.sink;

import io.newsflow.runtime.config.PipelineConfig;
import io.newsflow.store.JdbcOptions;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Options of the sink component, on top of the shared {@link PipelineConfig} ones. */
public final class SinkConfig extends PipelineConfig {
  public static final String GROUP_ID = "sink.group.id";
  public static final String OUTPUT_DIR = "sink.output.dir";
  public static final String FILE_NAME = "sink.file.name";
  public static final String FILE_MAX_BYTES = "sink.file.max.bytes";
  public static final String FILE_MAX_AGE_MS = "sink.file.max.age.ms";
  public static final String FSYNC = "sink.fsync";
  public static final String POLL_TIMEOUT_MS = "sink.poll.timeout.ms";
  public static final String MAX_WRITE_ATTEMPTS = "sink.max.write.attempts";
  public static final String JDBC_URL = "sink.jdbc.url";
  public static final String JDBC_USER = "sink.jdbc.user";
  public static final String JDBC_PASSWORD = "sink.jdbc.password";
  public static final String JDBC_GROUP_ID = "sink.jdbc.group.id";
  public static final String JDBC_BATCH_RECORDS = "sink.jdbc.batch.records";
  public static final String JDBC_LOCK_TIMEOUT_MS = "sink.jdbc.lock.timeout.ms";
  public static final String JDBC_STATEMENT_TIMEOUT_MS = "sink.jdbc.statement.timeout.ms";
  public static final String JDBC_RETRY_TIMEOUT_MS = "sink.jdbc.retry.timeout.ms";
  public static final String JDBC_RETRY_BACKOFF_MAX_MS = "sink.jdbc.retry.backoff.max.ms";
  public static final String JSONL_ENABLED = "sink.jsonl.enabled";
  public static final String HTTP_HOST = "sink.http.host";
  public static final String HTTP_PORT = "sink.http.port";

  public SinkConfig(Map<?, ?> values) {
    super(definition(), values);
  }

  public static ConfigDef definition() {
    ConfigDef def = postgresOptions(jsonLinesOptions(commonDefinition()));
    return JdbcOptions.define(
        def,
        "sink.jdbc",
        "PostgreSQL JDBC URL of the downstream store (jdbc:postgresql://host:5432/db); empty: no PostgreSQL sink.",
        null);
  }

  /** The JSON Lines sink's group, folder and segments, polling, and the ops endpoints. */
  private static ConfigDef jsonLinesOptions(ConfigDef def) {
    return def.define(
            GROUP_ID,
            Type.STRING,
            "newsflow-sink-jsonl",
            Importance.HIGH,
            "Consumer group of the JSON Lines sink.")
        .define(
            OUTPUT_DIR,
            Type.STRING,
            "newsflow-out",
            Importance.HIGH,
            "Folder the JSON Lines sink writes to; each sink instance needs its own.")
        .define(
            FILE_NAME,
            Type.STRING,
            "enriched-articles.jsonl",
            Importance.MEDIUM,
            "Base name of the JSON Lines segments: enriched-articles-000001.jsonl, -000002, ...")
        .define(
            FILE_MAX_BYTES,
            Type.LONG,
            128L * 1024 * 1024,
            Range.atLeast(1),
            Importance.MEDIUM,
            "Size limit of a segment in bytes: a batch that would pass it begins the next segment (batches are not split).")
        .define(
            FILE_MAX_AGE_MS,
            Type.LONG,
            3_600_000L,
            Range.atLeast(1),
            Importance.MEDIUM,
            "Longest a segment stays open after its first line, in milliseconds, also when no records come.")
        .define(
            FSYNC,
            Type.BOOLEAN,
            true,
            Importance.LOW,
            "Force each batch to disk before committing its offsets (turn off only for throw-away runs).")
        .define(
            POLL_TIMEOUT_MS,
            Type.LONG,
            500L,
            Range.atLeast(1),
            Importance.LOW,
            "Longest wait for new records in one poll, in milliseconds.")
        .define(
            MAX_WRITE_ATTEMPTS,
            Type.INT,
            5,
            Range.atLeast(1),
            Importance.LOW,
            "Attempts to write a batch to the file before the sink stops with an error.")
        .define(
            JSONL_ENABLED,
            Type.BOOLEAN,
            true,
            Importance.MEDIUM,
            "Run the JSON Lines sink (turn off to write to PostgreSQL only).")
        .define(
            HTTP_HOST,
            Type.STRING,
            "127.0.0.1",
            Importance.MEDIUM,
            "Address of `newsflow sink`'s /metrics and /health endpoints; 0.0.0.0 to be scraped from other machines.")
        .define(
            HTTP_PORT,
            Type.INT,
            8084,
            Range.between(-1, 65_535),
            Importance.MEDIUM,
            "Port of `newsflow sink`'s /metrics and /health endpoints (0: any free port, -1: none).");
  }

  /** The PostgreSQL sink's group, batches, timeouts and retries (its URL: {@link JdbcOptions}). */
  private static ConfigDef postgresOptions(ConfigDef def) {
    return def.define(
            JDBC_GROUP_ID,
            Type.STRING,
            "newsflow-sink-postgres",
            Importance.HIGH,
            "Consumer group of the PostgreSQL sink.")
        .define(
            JDBC_BATCH_RECORDS,
            Type.INT,
            2000,
            Range.atLeast(1),
            Importance.MEDIUM,
            "Most records written to PostgreSQL in one transaction.")
        .define(
            JDBC_LOCK_TIMEOUT_MS,
            Type.LONG,
            10_000L,
            Range.atLeast(0),
            Importance.LOW,
            "Longest wait for a row lock before the write is retried, in milliseconds (0: no limit).")
        .define(
            JDBC_STATEMENT_TIMEOUT_MS,
            Type.LONG,
            60_000L,
            Range.atLeast(1_000),
            Importance.LOW,
            "Longest run of one statement of a batch; a database that answers nothing for this long plus 5 s counts as gone and the batch is retried.")
        .define(
            JDBC_RETRY_TIMEOUT_MS,
            Type.LONG,
            600_000L,
            Range.atLeast(0),
            Importance.MEDIUM,
            "How long the PostgreSQL sink keeps retrying a batch while the database is down or locked, paused, before it stops with an error.")
        .define(
            JDBC_RETRY_BACKOFF_MAX_MS,
            Type.LONG,
            10_000L,
            Range.atLeast(1),
            Importance.LOW,
            "Longest pause between two attempts to write a batch, in milliseconds (the pause doubles from 200 ms).");
  }

  public String groupId() {
    return getString(GROUP_ID);
  }

  public Path outputDir() {
    return Path.of(getString(OUTPUT_DIR));
  }

  public String fileName() {
    return getString(FILE_NAME);
  }

  public long fileMaxBytes() {
    return getLong(FILE_MAX_BYTES);
  }

  public long fileMaxAgeMs() {
    return getLong(FILE_MAX_AGE_MS);
  }

  public boolean fsync() {
    return getBoolean(FSYNC);
  }

  public long pollTimeoutMs() {
    return getLong(POLL_TIMEOUT_MS);
  }

  public int maxWriteAttempts() {
    return getInt(MAX_WRITE_ATTEMPTS);
  }

  public String httpHost() {
    return getString(HTTP_HOST);
  }

  public int httpPort() {
    return getInt(HTTP_PORT);
  }

  public boolean jsonLinesEnabled() {
    return getBoolean(JSONL_ENABLED);
  }

  /** Where the PostgreSQL sink writes; its URL is null when there is no PostgreSQL sink. */
  public JdbcOptions jdbc() {
    return JdbcOptions.of(this, "sink.jdbc");
  }

  public String jdbcGroupId() {
    return getString(JDBC_GROUP_ID);
  }

  public int jdbcBatchRecords() {
    return getInt(JDBC_BATCH_RECORDS);
  }

  public long jdbcLockTimeoutMs() {
    return getLong(JDBC_LOCK_TIMEOUT_MS);
  }

  public long jdbcStatementTimeoutMs() {
    return getLong(JDBC_STATEMENT_TIMEOUT_MS);
  }

  public long jdbcRetryTimeoutMs() {
    return getLong(JDBC_RETRY_TIMEOUT_MS);
  }

  public long jdbcRetryBackoffMaxMs() {
    return getLong(JDBC_RETRY_BACKOFF_MAX_MS);
  }
}
