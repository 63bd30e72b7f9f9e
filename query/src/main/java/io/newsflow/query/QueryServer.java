package io.newsflow.query;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.newsflow.runtime.ops.ProcessMeters;
import io.newsflow.store.Databases;
import io.newsflow.store.PostgresSchema;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.SQLException;
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
 *
 * <p>The requests' connections carry pgjdbc's {@code socketTimeout} (see {@link
 * #withSocketTimeout}): {@code statement_timeout} is enforced by the server, so a connection whose
 * packets are dropped without a reset (a half-open TCP connection) would otherwise hold a request,
 * or {@code /health}, forever. Migrations run on a pool of their own without it, since a migration
 * may rightly take long or wait for another instance's.
 */
public final class QueryServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(QueryServer.class);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);

  /** Seconds a read may wait on the socket beyond the statement timeout, before it is given up. */
  static final int SOCKET_TIMEOUT_MARGIN_SECONDS = 5;

  /** The socket timeout when statements have no timeout (query.statement.timeout.ms=0). */
  static final int SOCKET_TIMEOUT_WITHOUT_STATEMENT_TIMEOUT_SECONDS = 60;

  private final PrometheusMeterRegistry metrics;

  /**
   * Whether this service made {@link #metrics} (and binds the JVM's meters to it and closes it).
   */
  private final boolean ownsMetrics;

  private final QueryConfig config;
  private HikariDataSource pool;
  private volatile HikariDataSource migrationPool;
  private ProcessMeters.Binding processMeters;
  private ScheduledExecutorService migrations;
  private QueryApi api;
  private volatile String notReady;
  private boolean closed;

  private QueryServer(QueryConfig config, PrometheusMeterRegistry metrics, boolean ownsMetrics) {
    this.config = config;
    this.metrics = metrics;
    this.ownsMetrics = ownsMetrics;
  }

  /** Starts the service; returns once the API takes requests. */
  public static QueryServer start(QueryConfig config) {
    return start(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), true);
  }

  /**
   * Starts the service with its meters in {@code metrics}, which it serves on {@code /metrics} and
   * leaves open: for a process that runs several services into one registry (which binds the JVM's
   * meters itself).
   */
  public static QueryServer start(QueryConfig config, PrometheusMeterRegistry metrics) {
    return start(config, metrics, false);
  }

  private static QueryServer start(
      QueryConfig config, PrometheusMeterRegistry metrics, boolean ownsMetrics) {
    if (!config.jdbc().configured()) {
      throw new IllegalArgumentException(
          "no store to query: set "
              + QueryConfig.JDBC_URL
              + " (or --jdbc-url) to the PostgreSQL database the sink writes,"
              + " e.g. jdbc:postgresql://127.0.0.1:5432/newsflow");
    }
    QueryServer server = new QueryServer(config, metrics, ownsMetrics);
    try {
      server.open();
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private void open() {
    if (ownsMetrics) {
      processMeters = ProcessMeters.bindTo(metrics);
    }
    pool =
        Databases.pool(
            withSocketTimeout(config.jdbc().url(), config.statementTimeoutMs()),
            config.jdbc().user(),
            config.jdbc().password(),
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

  /**
   * The JDBC URL with pgjdbc's {@code socketTimeout}, in seconds, unless it sets one already: the
   * statement timeout rounded up to whole seconds and {@value #SOCKET_TIMEOUT_MARGIN_SECONDS} more,
   * so that the server cancels a slow query first (a 503 naming the timeout) and the socket timeout
   * ends only a read from a connection that no longer answers; {@value
   * #SOCKET_TIMEOUT_WITHOUT_STATEMENT_TIMEOUT_SECONDS} s when statements have no timeout.
   */
  static String withSocketTimeout(String jdbcUrl, long statementTimeoutMs) {
    int query = jdbcUrl.indexOf('?');
    if (query >= 0) {
      for (String parameter : jdbcUrl.substring(query + 1).split("&")) {
        if (parameter.equals("socketTimeout") || parameter.startsWith("socketTimeout=")) {
          return jdbcUrl;
        }
      }
    }
    long seconds =
        statementTimeoutMs <= 0
            ? SOCKET_TIMEOUT_WITHOUT_STATEMENT_TIMEOUT_SECONDS
            : (statementTimeoutMs + 999) / 1000 + SOCKET_TIMEOUT_MARGIN_SECONDS;
    // pgjdbc keeps it in milliseconds in an int
    seconds = Math.min(seconds, Integer.MAX_VALUE / 1000);
    String separator = query < 0 ? "?" : jdbcUrl.endsWith("?") || jdbcUrl.endsWith("&") ? "" : "&";
    return jdbcUrl + separator + "socketTimeout=" + seconds;
  }

  /**
   * What to tell when the database refuses the connection for good: a login it refuses (SQLSTATE
   * class 28) or a database it does not have (3D000); null for any other failure.
   *
   * @param jdbcUrl the store's URL, for the createdb command; null to leave it out
   * @param user the configured user, when the URL names none
   */
  static String refusal(Throwable error, String jdbcUrl, String user) {
    SQLException login = DatabaseErrors.loginRefused(error);
    if (login != null) {
      return "the database refused the login: "
          + DatabaseErrors.serverMessage(login)
          + " (SQLSTATE "
          + login.getSQLState()
          + "); give a user and password it takes with "
          + QueryConfig.JDBC_USER
          + " and "
          + QueryConfig.JDBC_PASSWORD
          + ", or user= and password= in "
          + QueryConfig.JDBC_URL;
    }
    SQLException database = DatabaseErrors.noSuchDatabase(error);
    if (database != null) {
      return "no such database: "
          + DatabaseErrors.serverMessage(database)
          + "; create it with createdb"
          + (jdbcUrl == null ? "" : " (" + createdb(jdbcUrl, user) + ")")
          + " or name an existing one in "
          + QueryConfig.JDBC_URL;
    }
    return null;
  }

  /** The createdb command that makes the database of {@code jdbcUrl}, as far as it can tell. */
  static String createdb(String jdbcUrl, String user) {
    StringBuilder command = new StringBuilder("createdb");
    String database = "DATABASE";
    try {
      URI uri = new URI(jdbcUrl.substring("jdbc:".length()));
      if (uri.getHost() != null) {
        command.append(" -h ").append(uri.getHost());
      }
      if (uri.getPort() > 0) {
        command.append(" -p ").append(uri.getPort());
      }
      String name = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
      if (!name.isEmpty()) {
        database = name;
      }
      if (uri.getQuery() != null) {
        for (String parameter : uri.getQuery().split("&")) {
          if (parameter.startsWith("user=")) {
            user = parameter.substring("user=".length()); // pgjdbc takes the URL's first
          }
        }
      }
    } catch (URISyntaxException | IndexOutOfBoundsException e) {
      // a URL of several hosts, say: the bare command
    }
    if (user != null && !user.isEmpty()) {
      command.append(" -U ").append(user);
    }
    return command.append(' ').append(database).toString();
  }

  /** Migrates now, or, while the database cannot be reached, in the background until it can. */
  private void migrateOrWait() {
    // the URL as given: a migration may take long, or wait for another instance's to end
    migrationPool =
        Databases.pool(
            config.jdbc().url(),
            config.jdbc().user(),
            config.jdbc().password(),
            2, // Flyway holds two: its lock's and the migration's
            config.statementTimeoutMs(),
            config.jdbcConnectionTimeoutMs(),
            "newsflow-query-migrate");
    try {
      PostgresSchema.migrate(migrationPool);
      closeMigrationPool();
      return;
    } catch (RuntimeException e) {
      String refused = refusal(e, config.jdbc().url(), config.jdbc().user());
      if (refused != null) {
        throw new IllegalStateException(refused, e);
      }
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
    HikariDataSource migrating = migrationPool;
    if (migrating == null) {
      return; // closed
    }
    try {
      PostgresSchema.migrate(migrating);
      closeMigrationPool();
      notReady = null;
      log.info("The store's database is reachable and its tables are up to date");
    } catch (RuntimeException e) {
      Duration doubled = waited.multipliedBy(2);
      Duration next = doubled.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : doubled;
      String refused = refusal(e, config.jdbc().url(), config.jdbc().user());
      notReady =
          refused != null
              ? refused
              : (DatabaseErrors.unavailable(e)
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

  private synchronized void closeMigrationPool() {
    if (migrationPool != null) {
      migrationPool.close();
      migrationPool = null;
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
    closeMigrationPool();
    if (pool != null) {
      pool.close();
    }
    if (processMeters != null) {
      processMeters.close();
    }
    if (ownsMetrics) {
      metrics.close();
    }
  }
}
