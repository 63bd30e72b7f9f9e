package io.newsflow.query;

import io.newsflow.store.JdbcOptions;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Options of the query API ({@code newsflow query}). It reads the PostgreSQL store only, so it
 * needs none of the Kafka options of {@link io.newsflow.runtime.config.PipelineConfig}; values come
 * from the same places (a properties file, {@code NEWSFLOW_*} variables, flags).
 */
public final class QueryConfig extends AbstractConfig {
  public static final String HTTP_HOST = "query.http.host";
  public static final String HTTP_PORT = "query.http.port";
  public static final String JDBC_URL = "query.jdbc.url";
  public static final String JDBC_USER = "query.jdbc.user";
  public static final String JDBC_PASSWORD = "query.jdbc.password";
  public static final String JDBC_POOL_SIZE = "query.jdbc.pool.size";
  public static final String JDBC_CONNECTION_TIMEOUT_MS = "query.jdbc.connection.timeout.ms";
  public static final String JDBC_MIGRATE = "query.jdbc.migrate";
  public static final String STATEMENT_TIMEOUT_MS = "query.statement.timeout.ms";
  public static final String MAX_PAGE_SIZE = "query.max.page.size";
  public static final String DEFAULT_PAGE_SIZE = "query.default.page.size";
  public static final String RETRY_AFTER_SECONDS = "query.retry.after.seconds";

  public QueryConfig(Map<?, ?> values) {
    super(definition(), values, false);
  }

  public static ConfigDef definition() {
    ConfigDef def =
        new ConfigDef()
            .define(
                HTTP_HOST,
                Type.STRING,
                "127.0.0.1",
                Importance.HIGH,
                "Address the query API listens on (0.0.0.0 to take requests from other machines).")
            .define(
                HTTP_PORT,
                Type.INT,
                8082,
                Range.between(0, 65535),
                Importance.HIGH,
                "Port of the query API (0: a free port).")
            .define(
                JDBC_POOL_SIZE,
                Type.INT,
                8,
                Range.atLeast(1),
                Importance.MEDIUM,
                "Database connections kept at most; requests beyond wait for one.")
            .define(
                JDBC_CONNECTION_TIMEOUT_MS,
                Type.LONG,
                2_000L,
                Range.atLeast(250),
                Importance.LOW,
                "Longest wait for a database connection before a request is answered 503, in milliseconds.")
            .define(
                JDBC_MIGRATE,
                Type.BOOLEAN,
                true,
                Importance.LOW,
                "Create or upgrade the store's tables at start (turn off for a read-only database user).")
            .define(
                STATEMENT_TIMEOUT_MS,
                Type.LONG,
                5_000L,
                // PostgreSQL's statement_timeout is an int of milliseconds
                Range.between(0, Integer.MAX_VALUE),
                Importance.MEDIUM,
                "Longest time each SQL statement of a request may run before the database cancels it, in milliseconds, so that a heavy search cannot hog the database (0: no limit). It is set per statement (SET LOCAL statement_timeout), not per request: a request runs up to seven statements one after another (an article with its story, entities, mentions, quotes and links), so it may take up to that many times as long.")
            .define(
                MAX_PAGE_SIZE,
                Type.INT,
                100,
                Range.atLeast(1),
                Importance.MEDIUM,
                "Largest limit a request may ask for.")
            .define(
                DEFAULT_PAGE_SIZE,
                Type.INT,
                20,
                Range.atLeast(1),
                Importance.LOW,
                "Results per page when a request gives no limit (at most query.max.page.size).")
            .define(
                RETRY_AFTER_SECONDS,
                Type.INT,
                5,
                Range.atLeast(1),
                Importance.LOW,
                "Retry-After of a 503 (database unreachable or too slow).");
    return JdbcOptions.define(
        def,
        "query.jdbc",
        "PostgreSQL JDBC URL of the store the sink writes (jdbc:postgresql://host:5432/db); required.",
        "");
  }

  public String httpHost() {
    return getString(HTTP_HOST);
  }

  public int httpPort() {
    return getInt(HTTP_PORT);
  }

  /** The store the API reads; its URL is null when none is configured. */
  public JdbcOptions jdbc() {
    return JdbcOptions.of(this, "query.jdbc");
  }

  public int jdbcPoolSize() {
    return getInt(JDBC_POOL_SIZE);
  }

  public long jdbcConnectionTimeoutMs() {
    return getLong(JDBC_CONNECTION_TIMEOUT_MS);
  }

  public boolean migrate() {
    return getBoolean(JDBC_MIGRATE);
  }

  public long statementTimeoutMs() {
    return getLong(STATEMENT_TIMEOUT_MS);
  }

  public int maxPageSize() {
    return getInt(MAX_PAGE_SIZE);
  }

  public int defaultPageSize() {
    return Math.min(getInt(DEFAULT_PAGE_SIZE), maxPageSize());
  }

  public int retryAfterSeconds() {
    return getInt(RETRY_AFTER_SECONDS);
  }
}
