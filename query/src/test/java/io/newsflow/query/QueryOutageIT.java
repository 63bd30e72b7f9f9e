package io.newsflow.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.newsflow.query.QueryClient.Answer;
import io.newsflow.testkit.EmbeddedServersExtension;
import io.newsflow.testkit.PipelineEnvironment;
import io.newsflow.testkit.TcpProxy;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The query API when its database goes away, comes late, is slow or has no tables: a 503 with
 * Retry-After and a reason, never a 500, and answers again once the database is back.
 */
@ExtendWith(EmbeddedServersExtension.class)
class QueryOutageIT {
  private String databaseUrl;
  private StoreFixture store;
  private TcpProxy proxy;
  private QueryServer server;

  @BeforeEach
  void setUp(PipelineEnvironment env) throws Exception {
    databaseUrl = env.jdbcUrl();
    store = StoreFixture.create(env.jdbcUrl(), "query_outage_it");
    store.article("a1", "Harbour strike ends", "Dock workers returned on Monday.").insert();
    URI db = store.server();
    proxy = TcpProxy.start(db.getHost(), db.getPort());
  }

  @AfterEach
  void tearDown() throws Exception {
    if (server != null) {
      server.close();
    }
    proxy.close();
    store.close();
  }

  private QueryClient start(String jdbcUrl, Map<String, String> extra) {
    Map<String, String> values = QueryApiIT.config(jdbcUrl);
    values.put(QueryConfig.JDBC_CONNECTION_TIMEOUT_MS, "500");
    values.put(QueryConfig.RETRY_AFTER_SECONDS, "7");
    values.putAll(extra);
    server = QueryServer.start(new QueryConfig(values));
    return new QueryClient(server.port());
  }

  private static void assertUnavailable(Answer answer, String reason) {
    assertThat(answer.status()).as("%s", answer).isEqualTo(503);
    assertThat(answer.header("Retry-After")).isEqualTo("7");
    assertThat(answer.json().get("status").asInt()).isEqualTo(503);
    assertThat(answer.json().get("error").asText()).contains(reason);
  }

  @Test
  void aDatabaseThatGoesAwayIs503UntilItComesBack() throws Exception {
    QueryClient api = start(store.jdbcUrlVia("127.0.0.1", proxy.port()), Map.of());
    assertThat(api.get("/v1/articles/a1").status()).isEqualTo(200);

    proxy.cut();
    assertUnavailable(api.get("/v1/articles/a1"), "cannot be reached");
    assertUnavailable(api.get("/v1/search?q=strike"), "cannot be reached");
    Answer health = api.get("/health");
    assertThat(health.status()).isEqualTo(503);
    assertThat(health.json().get("status").asText()).isEqualTo("DOWN");
    assertThat(health.json().get("database").get("available").asBoolean()).isFalse();
    assertThat(api.get("/v1/search?q=").status())
        .as("a bad request is still a 400: it never reaches the database")
        .isEqualTo(400);
    assertThat(api.get("/metrics").text())
        .containsPattern("newsflow_query_database_errors_total\\{kind=\"unavailable\"} [1-9]");

    proxy.restore();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(api.get("/v1/articles/a1").status()).isEqualTo(200));
    assertThat(api.get("/health").status()).isEqualTo(200);
  }

  @Test
  void aConnectionThatStopsAnsweringIs503NotAHang() throws Exception {
    URI db = store.server();
    try (TcpProxy stalling = TcpProxy.start(db.getHost(), db.getPort())) {
      // one connection, so that the request after the stall takes the one just used, which the
      // pool hands out without checking it
      QueryClient api =
          start(
              store.jdbcUrlVia("127.0.0.1", stalling.port()),
              Map.of(QueryConfig.STATEMENT_TIMEOUT_MS, "300", QueryConfig.JDBC_POOL_SIZE, "1"));
      assertThat(api.get("/v1/articles/a1").status()).isEqualTo(200);

      // packets dropped, no reset: only the client's socket timeout (1 s + 5 s here) ends the read
      stalling.freeze();
      long start = System.nanoTime();
      Answer article = api.get("/v1/articles/a1");
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertUnavailable(article, "cannot be reached");
      assertThat(tookMs).as("given up after the socket timeout").isBetween(5_000L, 20_000L);

      start = System.nanoTime();
      Answer health = api.get("/health");
      assertThat(health.status()).as("%s", health).isEqualTo(503);
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(20_000L);
    }
  }

  @Test
  void theApiStartsBeforeItsDatabaseAndAnswersOnceItCan() throws Exception {
    proxy.cut();
    QueryClient api = start(store.jdbcUrlVia("127.0.0.1", proxy.port()), Map.of());

    assertUnavailable(api.get("/v1/articles/a1"), "not ready");
    assertThat(api.get("/health").status()).isEqualTo(503);
    assertThat(api.get("/openapi.yaml").status()).as("served without the database").isEqualTo(200);
    // issue 7: ready follows the database, live does not
    assertThat(api.get("/health/ready").status()).isEqualTo(503);
    assertThat(api.get("/health/live").status()).isEqualTo(200);

    proxy.restore();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(api.get("/health").status()).isEqualTo(200));
    assertThat(api.get("/health/ready").status()).isEqualTo(200);
    assertThat(api.get("/v1/articles/a1").json().get("title").asText())
        .isEqualTo("Harbour strike ends");
  }

  @Test
  void aQueryPastTheStatementTimeoutIsCancelledAnd503() throws Exception {
    QueryClient api = start(store.jdbcUrl(), Map.of(QueryConfig.STATEMENT_TIMEOUT_MS, "300"));
    assertThat(api.get("/v1/articles/a1").status()).isEqualTo(200);

    // a migration holding the table: every read of it waits
    try (Connection c = DriverManager.getConnection(store.jdbcUrl());
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("LOCK TABLE articles IN ACCESS EXCLUSIVE MODE");
      long start = System.nanoTime();
      Answer answer = api.get("/v1/articles/a1");
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      c.rollback();
      assertUnavailable(answer, "query.statement.timeout.ms");
      assertThat(tookMs).as("cancelled after the timeout, not held").isBetween(250L, 5_000L);
    }
    assertThat(api.get("/metrics").text())
        .contains("newsflow_query_database_errors_total{kind=\"timeout\"} 1.0");
    assertThat(api.get("/v1/articles/a1").status()).isEqualTo(200);
  }

  @Test
  void aRefusedLoginOrAMissingDatabaseStopsTheStartSayingSo() {
    // this machine trusts every local login, so a role that does not exist stands for a bad
    // password too (28000 and 28P01 are answered alike)
    String url =
        databaseUrl.contains("user=")
            ? databaseUrl
            : databaseUrl + (databaseUrl.contains("?") ? "&" : "?") + "user=postgres";
    String noRole = url.replaceAll("user=[^&]*", "user=newsflow_no_such_role");
    assertThatThrownBy(() -> start(noRole, Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the database refused the login")
        .hasMessageContaining("newsflow_no_such_role")
        .hasMessageContaining(QueryConfig.JDBC_USER)
        .hasMessageNotContaining(QueryConfig.JDBC_MIGRATE);

    String noDatabase = url.replaceFirst("(//[^/]+/)[^?]+", "$1newsflow_no_such_db");
    assertThatThrownBy(() -> start(noDatabase, Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no such database")
        .hasMessageContaining("newsflow_no_such_db")
        .hasMessageContaining("createdb")
        .hasMessageNotContaining(QueryConfig.JDBC_MIGRATE);
  }

  @Test
  void aStoreWithoutTablesIs503NamingTheFix() throws Exception {
    String empty = store.jdbcUrl("nothing_here");
    QueryClient api = start(empty, Map.of(QueryConfig.JDBC_MIGRATE, "false"));
    assertUnavailable(api.get("/v1/articles/a1"), "query.jdbc.migrate=true");
    // issue 7: a database that answers but has no tables is not ready
    Answer ready = api.get("/health/ready");
    assertThat(ready.status()).as("%s", ready).isEqualTo(503);
    assertThat(ready.json().get("database").get("error").asText())
        .contains("no tables")
        .contains("query.jdbc.migrate=true");
    assertThat(api.get("/health/live").status()).isEqualTo(200);
  }
}
