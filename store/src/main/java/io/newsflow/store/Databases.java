package io.newsflow.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Objects;

/**
 * Connection pools to the downstream store. Every connection gets a {@code lock_timeout}, so that a
 * write waiting on a lock fails (SQLSTATE 55P03) and is retried rather than hanging, and the pool
 * starts even while the database is down: the first use then fails, and callers retry. Statements
 * are planned for their values each time, never from a plan cached while a table was empty.
 */
public final class Databases {
  private Databases() {}

  /**
   * @param jdbcUrl a {@code jdbc:postgresql://} URL; credentials may be in it or given here
   * @param user null to use the URL's
   * @param password null to use the URL's
   * @param poolSize connections kept at most
   * @param lockTimeoutMs longest wait for a lock, 0 for no limit
   * @param name the pool's name in logs and metrics
   */
  public static HikariDataSource pool(
      String jdbcUrl, String user, String password, int poolSize, long lockTimeoutMs, String name) {
    return pool(jdbcUrl, user, password, poolSize, lockTimeoutMs, 5_000, name);
  }

  /**
   * As {@link #pool(String, String, String, int, long, String)}, with the longest wait for a
   * connection: a server answering requests gives up sooner than a sink retrying a batch. Hikari
   * reads it once, when the pool starts.
   *
   * @param connectionTimeoutMs longest wait for a connection before getConnection fails, at least
   *     250
   */
  public static HikariDataSource pool(
      String jdbcUrl,
      String user,
      String password,
      int poolSize,
      long lockTimeoutMs,
      long connectionTimeoutMs,
      String name) {
    return pool(jdbcUrl, user, password, poolSize, lockTimeoutMs, connectionTimeoutMs, 0, name);
  }

  /**
   * As above, with the driver's socket timeout: a read that waits longer fails (SQLSTATE 08006), so
   * that a connection left half-open (the server's host gone, a firewall dropping packets) is given
   * up instead of blocking for the operating system's keep-alive time, hours.
   *
   * @param socketTimeoutSeconds longest wait for the server's answer to a statement, 0 for no limit
   */
  public static HikariDataSource pool(
      String jdbcUrl,
      String user,
      String password,
      int poolSize,
      long lockTimeoutMs,
      long connectionTimeoutMs,
      int socketTimeoutSeconds,
      String name) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "expected a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database), got " + jdbcUrl);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    if (user != null && !user.isEmpty()) {
      config.setUsername(user);
    }
    if (password != null && !password.isEmpty()) {
      config.setPassword(password);
    }
    config.setPoolName(name);
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(Math.min(1, poolSize));
    // start without the database; the first use reports it missing
    config.setInitializationFailTimeout(-1);
    config.setConnectionTimeout(connectionTimeoutMs);
    config.setValidationTimeout(5_000);
    config.setConnectionInitSql("SET lock_timeout = " + Math.max(0, lockTimeoutMs));
    config.addDataSourceProperty("tcpKeepAlive", "true");
    // no statement is kept prepared on the server: each is planned for the values it is given. A
    // kept one soon runs a generic plan, and one made while a table was nearly empty (a new store's
    // first batches) went on scanning the whole table for every batch, thousands of rows later
    config.addDataSourceProperty("prepareThreshold", "0");
    if (socketTimeoutSeconds > 0) {
      config.addDataSourceProperty("socketTimeout", Integer.toString(socketTimeoutSeconds));
    }
    config.addDataSourceProperty("ApplicationName", name);
    return new HikariDataSource(config);
  }
}
