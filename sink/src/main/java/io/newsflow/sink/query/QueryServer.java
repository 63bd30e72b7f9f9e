package io.newsflow.sink.query;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.newsflow.sink.postgres.Databases;
import io.newsflow.sink.postgres.PostgresSchema;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query service: a connection pool to the PostgreSQL store the sink writes, and the {@link
 * QueryApi} over it. At start it brings the store's tables to the newest version (unless {@code
 * query.jdbc.migrate=false}); when the database cannot be reached then, the API starts anyway,
 * answers {@code 503} and keeps trying in the background (every few seconds, up to every 30 s), so
 * that the service and its database may start in any order. Any other migration failure stops the
 * start. Run it with {@code newsflow query --jdbc-url jdbc:postgresql://host:5432/db}.
 */
public final class QueryServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(QueryServer.class);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);

  private final PrometheusMeterRegistry metrics =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final QueryConfig config;
  private HikariDataSource pool;
  private JvmGcMetrics gc;
  private ScheduledExecutorService migrations;
  private QueryApi api;
  private volatile String notReady;
  private boolean closed;

  private QueryServer(QueryConfig config) {
    this.config = config;
  }

  /** Starts the service; returns once the API takes requests. */
  public static QueryServer start(QueryConfig config) {
    if (config.jdbcUrl() == null) {
      throw new IllegalArgumentException(
          "no store to query: set "
              + QueryConfig.JDBC_URL
              + " (or --jdbc-url) to the PostgreSQL database the sink writes,"
              + " e.g. jdbc:postgresql://127.0.0.1:5432/newsflow");
    }
    QueryServer server = new QueryServer(config);
    try {
      server.open();
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private void open() {
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);
    gc = new JvmGcMetrics();
    gc.bindTo(metrics);
    pool =
        Databases.pool(
            config.jdbcUrl(),
            config.jdbcUser(),
            config.jdbcPassword(),
            config.jdbcPoolSize(),
            config.statementTimeoutMs(),
            // a request waits this long for a connection before it is answered 503
            config.jdbcConnectionTimeoutMs(),
            "newsflow-query");
    for (String state : new String[] {"active", "idle", "pending"}) {
      Gauge.builder("newsflow.query.database.connections", pool, p -> connections(p, state))
          .description("Connections of the query API's pool, by state")
          .tag("state", state)
          .register(metrics);
    }
    if (config.migrate()) {
      migrateOrWait();
    }
    api =
        QueryApi.start(
            config.httpHost(),
            config.httpPort(),
            new QueryStore(pool, config.statementTimeoutMs()),
            metrics,
            new QueryApi.Limits(
                config.defaultPageSize(),
                config.maxPageSize(),
                config.retryAfterSeconds(),
                config.statementTimeoutMs()),
            () -> notReady);
  }

  private static double connections(HikariDataSource pool, String state) {
    var bean = pool.getHikariPoolMXBean();
    if (bean == null) {
      return 0;
    }
    return switch (state) {
      case "active" -> bean.getActiveConnections();
      case "idle" -> bean.getIdleConnections();
      default -> bean.getThreadsAwaitingConnection();
    };
  }

  /** Migrates now, or, while the database cannot be reached, in the background until it can. */
  private void migrateOrWait() {
    try {
      PostgresSchema.migrate(pool);
      return;
    } catch (RuntimeException e) {
      if (!DatabaseErrors.unavailable(e)) {
        throw new IllegalStateException(
            "cannot bring the store's tables up to date: "
                + e.getMessage()
                + " (with a read-only database user, set "
                + QueryConfig.JDBC_MIGRATE
                + "=false and let the sink migrate)",
            e);
      }
      notReady = "the database cannot be reached to check its tables (" + e.getMessage() + ")";
      log.warn("The store's database cannot be reached; answering 503 until it can: {}", notReady);
    }
    migrations =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "newsflow-query-migrate");
              t.setDaemon(true);
              return t;
            });
    migrations.schedule(
        () -> retryMigration(FIRST_RETRY), FIRST_RETRY.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void retryMigration(Duration waited) {
    try {
      PostgresSchema.migrate(pool);
      notReady = null;
      log.info("The store's database is reachable and its tables are up to date");
    } catch (RuntimeException e) {
      Duration doubled = waited.multipliedBy(2);
      Duration next = doubled.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : doubled;
      notReady =
          (DatabaseErrors.unavailable(e)
                  ? "the database cannot be reached to check its tables ("
                  : "the store's tables cannot be brought up to date (")
              + e.getMessage()
              + ")";
      log.warn("{}; trying again in {} s", notReady, next.toSeconds());
      try {
        migrations.schedule(() -> retryMigration(next), next.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closing) {
        // the server is closing
      }
    }
  }

  /** The port the API listens on. */
  public int port() {
    return api.port();
  }

  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  /** The routes of the API, in OpenAPI's path syntax. */
  List<QueryApi.Route> routes() {
    return api.routes();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (api != null) {
      // requests still running may be cut: they only read, a client can ask again
      api.close();
    }
    if (migrations != null) {
      migrations.shutdownNow();
    }
    if (pool != null) {
      pool.close();
    }
    if (gc != null) {
      gc.close();
    }
    metrics.close();
  }
}
