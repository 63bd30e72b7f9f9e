package io.newsflow.runtime.ops;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP server of a service: the operators' endpoints, and the service's own API when it has
 * one (ingest, query: {@link #serve}):
 *
 * <ul>
 *   <li>{@code GET /metrics}: the service's meters in Prometheus' text format;
 *   <li>{@code GET /health/live}: {@code 200} while the process runs;
 *   <li>{@code GET /health/ready} (and {@code /health}): {@code 200} when every readiness check
 *       passes, else {@code 503}, with JSON naming the failing checks and why, e.g. {@code
 *       {"status":"DOWN","service":"sink","failing":["kafka"],"checks":{"kafka":"no broker answers
 *       ..."}}}, and what the service adds ({@link Details}).
 * </ul>
 *
 * <p>A check is a name and a supplier of what is wrong: null when all is well. Checks run on each
 * request, so an expensive one should cache its answer (see {@link CachedCheck}). Start it with
 * {@link #start}; port 0 takes a free port, and {@link #DISABLED_PORT} starts nothing ({@link
 * #start} then returns null). Errors are answered in JSON ({@link JsonErrors}).
 */
public final class OpsServer implements AutoCloseable {
  /** The port value that turns the server off. */
  public static final int DISABLED_PORT = -1;

  private static final Logger log = LoggerFactory.getLogger(OpsServer.class);

  /** One readiness check: {@code problem} answers null when ready, else what is wrong. */
  public record Check(String name, Supplier<String> problem) {
    public Check {
      Objects.requireNonNull(name, "a readiness check needs a name");
      Objects.requireNonNull(problem, "readiness check " + name + " needs a supplier");
    }
  }

  /**
   * What a service adds to its health answer, given its checks' results (each check's name and its
   * problem, null when it passes), e.g. ingest's {@code "kafka":{"available":true}}.
   */
  @FunctionalInterface
  public interface Details {
    Map<String, Object> of(Map<String, String> problems);
  }

  private final String service;
  private final PrometheusMeterRegistry metrics;
  private final List<Check> checks;
  private final Details details;
  private final Javalin app;

  private OpsServer(
      String service,
      String host,
      int port,
      PrometheusMeterRegistry metrics,
      List<Check> checks,
      Details details,
      String notFoundHint,
      Consumer<JavalinConfig> api) {
    this.service = service;
    this.metrics = metrics;
    this.checks = List.copyOf(checks);
    this.details = details;
    this.app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.jetty.host = host;
              config.jetty.port = port;
              config.routes.get("/metrics", this::metrics);
              config.routes.get("/health/live", this::live);
              config.routes.get("/health/ready", this::ready);
              config.routes.get("/health", this::ready);
              JsonErrors.install(config, service, notFoundHint);
              api.accept(config);
            });
  }

  /** What a 404 of a service with an OpenAPI document adds after the path. */
  public static final String SEE_OPENAPI = " (the endpoints are in /openapi.yaml)";

  /** The paths this server answers for every service. */
  public static final List<String> PATHS =
      List.of("/metrics", "/health/live", "/health/ready", "/health");

  /**
   * Starts a service's own HTTP API and its operators' endpoints on one port.
   *
   * @param details what the service adds to its health answer
   * @param notFoundHint what a 404 adds after the path: {@link #SEE_OPENAPI}, or nothing
   * @param api adds the service's routes, handlers and limits to the server's configuration
   */
  public static OpsServer serve(
      String service,
      String host,
      int port,
      PrometheusMeterRegistry metrics,
      List<Check> checks,
      Details details,
      String notFoundHint,
      Consumer<JavalinConfig> api) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(
          "port " + port + " of the " + service + " API: give 0-65535 (0: a free port)");
    }
    OpsServer server =
        new OpsServer(service, host, port, metrics, checks, details, notFoundHint, api);
    server.app.start();
    return server;
  }

  /**
   * Starts serving on {@code host}:{@code port}; null when {@code port} is {@link #DISABLED_PORT}.
   *
   * @param service the service's name, reported by the health endpoints and logged
   */
  public static OpsServer start(
      String service, String host, int port, PrometheusMeterRegistry metrics, List<Check> checks) {
    if (port == DISABLED_PORT) {
      log.info("{}: metrics and health endpoints are off (port {})", service, DISABLED_PORT);
      return null;
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(
          "port "
              + port
              + " of "
              + service
              + "'s metrics and health endpoints: give 0-65535, or -1 for none");
    }
    OpsServer server =
        new OpsServer(service, host, port, metrics, checks, problems -> Map.of(), "", config -> {});
    server.app.start();
    log.info(
        "{}: metrics at http://{}:{}/metrics, health at /health/live and /health/ready",
        service,
        host,
        server.port());
    return server;
  }

  public int port() {
    return app.port();
  }

  private void metrics(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
  }

  private void live(Context ctx) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "UP");
    body.put("service", service);
    ctx.json(body);
  }

  private void ready(Context ctx) {
    Map<String, Object> results = new LinkedHashMap<>();
    Map<String, String> problems = new LinkedHashMap<>();
    List<String> failing = new ArrayList<>();
    for (Check check : checks) {
      String problem;
      try {
        problem = check.problem().get();
      } catch (RuntimeException e) {
        // a check that breaks is a failing check, not a 500
        problem = "the check failed: " + e;
      }
      problems.put(check.name(), problem);
      if (problem == null) {
        results.put(check.name(), "UP");
      } else {
        failing.add(check.name());
        results.put(check.name(), problem);
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", failing.isEmpty() ? "UP" : "DOWN");
    body.put("service", service);
    if (!failing.isEmpty()) {
      body.put("failing", failing);
    }
    body.put("checks", results);
    details.of(problems).forEach(body::putIfAbsent);
    ctx.status(failing.isEmpty() ? 200 : 503).json(body);
  }

  @Override
  public void close() {
    app.stop();
  }
}
