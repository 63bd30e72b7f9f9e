package io.newsflow.runtime.ops;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' HTTP endpoints of a service that has no HTTP API of its own (enrich, the sinks):
 *
 * <ul>
 *   <li>{@code GET /metrics}: the service's meters in Prometheus' text format;
 *   <li>{@code GET /health/live}: {@code 200} while the process runs;
 *   <li>{@code GET /health/ready}: {@code 200} when every readiness check passes, else {@code 503}
 *       with JSON naming the failing checks and why, e.g. {@code {"status":"DOWN",
 *       "failing":["kafka"],"checks":{"kafka":"no broker answers ..."}}}.
 * </ul>
 *
 * <p>A check is a name and a supplier of what is wrong: null when all is well. Checks run on each
 * request, so an expensive one should cache its answer (see {@link CachedCheck}). Start it with
 * {@link #start}; port 0 takes a free port, and {@link #DISABLED_PORT} starts nothing ({@link
 * #start} then returns null).
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

  private final String service;
  private final PrometheusMeterRegistry metrics;
  private final List<Check> checks;
  private final Javalin app;

  private OpsServer(
      String service, String host, int port, PrometheusMeterRegistry metrics, List<Check> checks) {
    this.service = service;
    this.metrics = metrics;
    this.checks = List.copyOf(checks);
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
            });
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
    OpsServer server = new OpsServer(service, host, port, metrics, checks);
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
    List<String> failing = new ArrayList<>();
    for (Check check : checks) {
      String problem;
      try {
        problem = check.problem().get();
      } catch (RuntimeException e) {
        // a check that breaks is a failing check, not a 500
        problem = "the check failed: " + e;
      }
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
    ctx.status(failing.isEmpty() ? 200 : 503).json(body);
  }

  @Override
  public void close() {
    app.stop();
  }
}
