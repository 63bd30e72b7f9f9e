package io.newsflow.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A PostgreSQL database of its own for one test run, created on a server that is already running
 * (tier 2: the machine's PostgreSQL at 127.0.0.1:5432) and dropped when the run ends. The server is
 * reached through an administrative JDBC URL, {@code -Dnewsflow.it.postgres.url=...} (default
 * {@value #DEFAULT_ADMIN_URL}).
 */
public final class TestDatabase implements AutoCloseable {
  public static final String DEFAULT_ADMIN_URL =
      "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

  private final String adminUrl;
  private final String name;
  private final String jdbcUrl;

  private TestDatabase(String adminUrl, String name) {
    this.adminUrl = adminUrl;
    this.name = name;
    this.jdbcUrl = withDatabase(adminUrl, name);
  }

  /** Creates a database named {@code newsflow_it_<time>_<random>} on the configured server. */
  public static TestDatabase create() {
    String adminUrl = System.getProperty("newsflow.it.postgres.url", DEFAULT_ADMIN_URL);
    String name =
        "newsflow_it_"
            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"))
            + "_"
            + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24), 36);
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create a test database through "
              + adminUrl
              + " ("
              + e.getMessage()
              + "): is PostgreSQL running there? Start it, or point -Dnewsflow.it.postgres.url at one",
          e);
    }
    return new TestDatabase(adminUrl, name);
  }

  /** The URL with the database part of {@code adminUrl} replaced by {@code database}. */
  static String withDatabase(String adminUrl, String database) {
    int query = adminUrl.indexOf('?');
    String base = query < 0 ? adminUrl : adminUrl.substring(0, query);
    String params = query < 0 ? "" : adminUrl.substring(query);
    int slash = base.lastIndexOf('/');
    if (slash < "jdbc:postgresql://".length()) {
      throw new IllegalArgumentException(
          "expected jdbc:postgresql://host:port/database[?params], got " + adminUrl);
    }
    return base.substring(0, slash + 1) + database + params;
  }

  public String name() {
    return name;
  }

  /** JDBC URL of this run's database, with the credentials of the administrative URL. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** Drops the database, closing any connection still open to it. */
  @Override
  public void close() {
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop test database " + name, e);
    }
  }
}
