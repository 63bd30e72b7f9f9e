package io.newsflow.sink.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.newsflow.schemas.Topics;
import io.newsflow.sink.SinkConfig;
import io.newsflow.sink.SinkListener;
import io.newsflow.sink.internal.SinkLoop;
import io.newsflow.store.Databases;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes enriched articles ({@code news.enriched.v1}) and cross-reference links ({@code
 * news.links.v1}) into PostgreSQL: articles, entities and their names, mentions, quotes, links and
 * stories (see {@link StoreWriter} for the tables and the upsert rules). Reads {@code
 * read_committed}; the schema is created or upgraded by Flyway when the sink starts.
 *
 * <p>Each polled batch (up to {@code sink.jdbc.batch.records}) is written in one transaction, and
 * its offsets are committed only after that transaction commits. Writes are idempotent, so a batch
 * delivered again after a crash changes nothing.
 *
 * <p>Failures come in two kinds. When the database is unreachable, a lock wait times out or the
 * server refuses for a while, the sink pauses its partitions, retries the same batch with a
 * doubling pause (up to {@code sink.jdbc.retry.backoff.max.ms}), and resumes when a write succeeds;
 * after {@code sink.jdbc.retry.timeout.ms} it stops with {@link #failure()} set. A record that can
 * never be written (it cannot be decoded, or the database rejects its data) goes to the dead-letter
 * topic with its origin and the database's reason, is counted in {@code
 * newsflow.sink.dead.letters}, and the rest of its batch is written.
 */
public final class PostgresSink implements AutoCloseable {
  public static final String STAGE_DESERIALIZE = "sink.postgres.deserialize";
  public static final String STAGE_WRITE = "sink.postgres.write";
  private static final Logger log = LoggerFactory.getLogger(PostgresSink.class);

  private final Topics topics;
  private final HikariDataSource dataSource;
  private final SinkLoop loop;

  public PostgresSink(
      SinkConfig config, Topics topics, MeterRegistry meters, SinkListener listener, Clock clock) {
    if (!config.jdbc().configured()) {
      throw new IllegalArgumentException(
          "the PostgreSQL sink needs " + SinkConfig.JDBC_URL + " (jdbc:postgresql://host:5432/db)");
    }
    this.topics = topics;
    this.dataSource =
        Databases.pool(
            config.jdbc().url(),
            config.jdbc().user(),
            config.jdbc().password(),
            2,
            config.jdbcLockTimeoutMs(),
            5_000,
            (int) Math.ceil(config.jdbcStatementTimeoutMs() / 1000.0) + 5,
            "newsflow-sink-postgres");
    SinkLoop.Settings settings =
        new SinkLoop.Settings(
            "postgres",
            config.jdbcGroupId(),
            config.jdbcBatchRecords(),
            true,
            STAGE_DESERIALIZE,
            new SinkLoop.Retry(
                config.jdbcRetryTimeoutMs(),
                config.jdbcRetryBackoffMaxMs(),
                SinkConfig.JDBC_RETRY_TIMEOUT_MS));
    PostgresStore store = new PostgresStore(dataSource, config.jdbcStatementTimeoutMs());
    this.loop = new SinkLoop(config, settings, topics, store, meters, listener, clock);
  }

  /**
   * Starts on a thread of its own: migrates the schema (retrying while the database is down), then
   * consumes.
   */
  public synchronized PostgresSink start() {
    loop.start();
    loop.ready()
        .thenRun(
            () ->
                log.info(
                    "PostgreSQL sink writing {} and {} to {}",
                    topics.enriched().name(),
                    topics.links().name(),
                    jdbcUrl()));
    return this;
  }

  /** Where the sink writes, a password in the URL masked: fit for logs and summaries. */
  public String jdbcUrl() {
    return dataSource.getJdbcUrl().replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  /** The schema version once migrated; fails if the sink stopped first. */
  public CompletableFuture<String> schemaReady() {
    return loop.ready();
  }

  public long articlesWritten() {
    return loop.articlesWritten();
  }

  public long linksWritten() {
    return loop.linksWritten();
  }

  public long deadLetteredCount() {
    return loop.deadLetteredCount();
  }

  /** Attempts that failed and were retried, since start. */
  public long retryCount() {
    return loop.retryCount();
  }

  /** True while the sink waits for the database with its partitions paused. */
  public boolean isPaused() {
    return loop.isPaused();
  }

  /** Completes with the cause when the sink stopped by itself. */
  public CompletableFuture<Throwable> failure() {
    return loop.failure();
  }

  /**
   * For readiness: null while the sink can write, else why not: it stopped, its schema is not
   * migrated yet, it waits for the database, or the database does not answer a validation query
   * within {@code timeoutSeconds} (through the sink's own pool, so it also needs a free
   * connection). May take as long as the pool's connection timeout; cache the answer.
   */
  public String databaseProblem(int timeoutSeconds) {
    if (loop.failure().isDone()) {
      return "the PostgreSQL sink stopped: " + loop.failure().getNow(null);
    }
    if (!loop.ready().isDone()) {
      return "the PostgreSQL sink has not migrated the store's schema yet";
    }
    if (isPaused()) {
      return "the PostgreSQL sink waits for the database ("
          + loop.retryCount()
          + " retries so far)";
    }
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(timeoutSeconds)
          ? null
          : "the database did not answer within " + timeoutSeconds + " s";
    } catch (SQLException | RuntimeException e) {
      return "the database cannot be reached: " + e.getMessage();
    }
  }

  /** Finishes the batch in hand (written and committed), then leaves the group. */
  @Override
  public void close() {
    loop.close();
  }
}
