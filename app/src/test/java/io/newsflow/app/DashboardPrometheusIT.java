package io.newsflow.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.newsflow.embedded.FreePorts;
import io.newsflow.sink.SinkConfig;
import io.newsflow.testkit.EmbeddedServersExtension;
import io.newsflow.testkit.KafkaTestSupport;
import io.newsflow.testkit.PipelineEnvironment;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operators' Grafana dashboard against a real Prometheus (Debian's {@code prometheus}, which
 * {@code .ci/run} installs where it is missing) scraping the one {@code /metrics} of a local run:
 * after articles over HTTP, duplicates, rejected ones, queries, and poison pills for enrich and for
 * the sinks, every expression of every panel must evaluate without error to data. Grafana has no
 * package here, so its JSON is read and each query is asked of Prometheus as Grafana would.
 */
@ExtendWith(EmbeddedServersExtension.class)
class DashboardPrometheusIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path DASHBOARD =
      Path.of("..", "ops", "grafana", "dashboards", "newsflow.json");

  /**
   * Kafka's meters reach Micrometer when its binder next looks for new ones ({@code
   * KafkaMeters.REFRESH}), and Prometheus scrapes every few seconds; the rest is room for a slow
   * machine.
   */
  private static final Duration DEADLINE = Duration.ofSeconds(180);

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void everyPanelHasDataAfterTrafficAndPoisonPills(
      PipelineEnvironment env, TestInfo info, @TempDir Path dir) throws Exception {
    Path prometheus = onPath("prometheus");
    assumeTrue(
        prometheus != null,
        "Debian's prometheus package is not installed here (apt-get install prometheus;"
            + " .ci/run installs it): the dashboard cannot be evaluated");
    List<Panel> panels = panels();
    assertThat(panels).hasSizeGreaterThanOrEqualTo(10);

    String prefix = KafkaTestSupport.uniquePrefix(info.getDisplayName());
    String schema = "prom_" + prefix.replaceAll("[^A-Za-z0-9]", "_").toLowerCase();
    try (Connection c = DriverManager.getConnection(env.jdbcUrl());
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    Map<String, String> options = new HashMap<>(PipelineTestOptions.of(env, prefix, dir));
    options.put(
        SinkConfig.JDBC_URL,
        env.jdbcUrl() + (env.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema);
    options.put(SinkConfig.JDBC_GROUP_ID, prefix + "pg");
    options.put("query.http.port", "0");

    try (Pipeline pipeline =
            new Pipeline(options, new DeliveryTracker()).start(Duration.ofMinutes(2));
        PrometheusServer server =
            PrometheusServer.start(
                prometheus, dir.resolve("prometheus"), pipeline.ingest().port())) {
      String ingest = "http://127.0.0.1:" + pipeline.ingest().port();
      String query = "http://127.0.0.1:" + pipeline.query().port();
      KafkaTestSupport.producePoison(
          env.bootstrapServers(), pipeline.topics().raw().name(), "raw-poison");
      KafkaTestSupport.producePoison(
          env.bootstrapServers(), pipeline.topics().enriched().name(), "enriched-poison");

      // traffic goes on while Prometheus collects, so that the one-minute rates have something
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger sent = new AtomicInteger();
      Thread traffic =
          new Thread(
              () -> {
                while (!stop.get()) {
                  try {
                    int n = sent.getAndIncrement();
                    String id = post(ingest, article(n));
                    if (n % 5 == 0) {
                      post(ingest, article(n)); // a duplicate
                      status(ingest + "/v1/articles", "{\"title\":\"no body\"}"); // rejected
                    }
                    get(query + "/v1/articles/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
                    Thread.sleep(500);
                  } catch (InterruptedException e) {
                    return;
                  } catch (Exception e) {
                    // the next round tries again; the assertions below say what is missing
                  }
                }
              },
              "dashboard-traffic");
      traffic.start();
      Map<String, String> missing = new LinkedHashMap<>();
      try {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        do {
          Thread.sleep(2_000);
          missing.clear();
          for (Panel panel : panels) {
            for (String expr : panel.exprs()) {
              String problem = problem(server, expr);
              if (problem != null) {
                missing.put(panel.title() + ": " + expr, problem);
              }
            }
          }
        } while (!missing.isEmpty() && System.nanoTime() < deadline);
      } finally {
        stop.set(true);
        traffic.interrupt();
        traffic.join(10_000);
      }
      assertThat(missing)
          .as(
              "panels' queries without data after %d articles (every fifth sent twice and followed"
                  + " by one without a body) and two poison pills (Prometheus's log: %s)",
              sent.get(), server.log())
          .isEmpty();
    }
  }

  /**
   * Why {@code expr} shows nothing useful now: an error, no series, or only values that are not
   * numbers; and, except for lags and the paused flag (0 when all is well), only zeros.
   */
  private String problem(PrometheusServer server, String expr) throws Exception {
    JsonNode answer =
        JSON.readTree(
            get(
                server.url()
                    + "/api/v1/query?query="
                    + URLEncoder.encode(expr, StandardCharsets.UTF_8)));
    if (!"success".equals(answer.path("status").asText())) {
      return "error: " + answer.path("error").asText();
    }
    JsonNode result = answer.path("data").path("result");
    if (result.isEmpty()) {
      return "no series";
    }
    boolean finite = false;
    boolean positive = false;
    for (JsonNode series : result) {
      double value = Double.parseDouble(series.path("value").path(1).asText());
      finite |= Double.isFinite(value);
      positive |= Double.isFinite(value) && value > 0;
    }
    if (!finite) {
      return "no number: " + result;
    }
    boolean mayBeZero = expr.contains("lag") || expr.contains("paused");
    return positive || mayBeZero ? null : "only zeros: " + result;
  }

  private record Panel(String title, List<String> exprs) {}

  private static List<Panel> panels() throws Exception {
    List<Panel> panels = new ArrayList<>();
    for (JsonNode panel : JSON.readTree(DASHBOARD.toFile()).path("panels")) {
      List<String> exprs = new ArrayList<>();
      panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText()));
      assertThat(exprs).as("queries of panel %s", panel.path("title").asText()).isNotEmpty();
      panels.add(new Panel(panel.path("title").asText(), exprs));
    }
    return panels;
  }

  private static String article(int n) {
    return "{\"title\":\"Harbour strike, day "
        + n
        + "\",\"body\":\"Dock workers in Rotterdam stayed out for day "
        + n
        + " of the strike, the union said.\"}";
  }

  /** Posts an article and returns its id. */
  private String post(String ingest, String body) throws Exception {
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(ingest + "/v1/articles"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isIn(200, 202);
    return JSON.readTree(answer.body()).path("id").asText();
  }

  private int status(String url, String body) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private String get(String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static Path onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir, command);
      if (!dir.isEmpty() && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** A Prometheus server on a free loopback port scraping one target every second. */
  private static final class PrometheusServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private PrometheusServer(Process process, int port, Path log) {
      this.process = process;
      this.port = port;
      this.log = log;
    }

    static PrometheusServer start(Path binary, Path dir, int targetPort) throws Exception {
      Files.createDirectories(dir);
      Path config = dir.resolve("prometheus.yml");
      Files.writeString(
          config,
          String.join(
              "\n",
              "global:",
              "  scrape_interval: 1s",
              "  evaluation_interval: 1s",
              "scrape_configs:",
              "  - job_name: local",
              "    static_configs:",
              "      - targets: [\"127.0.0.1:" + targetPort + "\"]",
              ""));
      int port = FreePorts.pick();
      Path log = dir.resolve("prometheus.log");
      Process process =
          new ProcessBuilder(
                  binary.toString(),
                  "--config.file=" + config,
                  "--storage.tsdb.path=" + dir.resolve("data"),
                  "--web.listen-address=127.0.0.1:" + port)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      PrometheusServer server = new PrometheusServer(process, port, log);
      HttpClient client = HttpClient.newHttpClient();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline && process.isAlive()) {
        try {
          int status =
              client
                  .send(
                      HttpRequest.newBuilder(URI.create(server.url() + "/-/ready")).build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode();
          if (status == 200) {
            return server;
          }
        } catch (java.io.IOException e) {
          // not listening yet
        }
        Thread.sleep(200);
      }
      server.close();
      throw new IllegalStateException("Prometheus did not get ready; its log: " + log);
    }

    String url() {
      return "http://127.0.0.1:" + port;
    }

    Path log() {
      return log;
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
