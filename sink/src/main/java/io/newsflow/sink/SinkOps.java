package io.newsflow.sink;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.newsflow.runtime.ops.CachedCheck;
import io.newsflow.runtime.ops.KafkaProbe;
import io.newsflow.runtime.ops.OpsServer;
import io.newsflow.sink.postgres.PostgresSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The metrics and health endpoints of {@code newsflow sink} ({@link OpsServer} on {@code
 * sink.http.host}:{@code sink.http.port}). Ready when a broker answers (checked at most every
 * {@value #CHECK_SECONDS} s), the JSON Lines sink, if any, has not stopped, and the PostgreSQL
 * sink, if any, has not stopped, has migrated its schema, is not waiting for the database and its
 * database answers.
 */
public final class SinkOps implements AutoCloseable {
  static final int CHECK_SECONDS = 3;

  private final KafkaProbe kafka;
  private final OpsServer server;

  private SinkOps(KafkaProbe kafka, OpsServer server) {
    this.kafka = kafka;
    this.server = server;
  }

  /**
   * Starts the endpoints; with {@code sink.http.port=-1} nothing listens and {@link #port()} is -1.
   *
   * @param jsonl the JSON Lines sink, or null when it does not run
   * @param postgres the PostgreSQL sink, or null when it does not run
   */
  public static SinkOps start(
      SinkConfig config,
      PrometheusMeterRegistry metrics,
      JsonLinesSink jsonl,
      PostgresSink postgres) {
    if (config.httpPort() == OpsServer.DISABLED_PORT) {
      return new SinkOps(null, null);
    }
    new JvmMemoryMetrics().bindTo(metrics);
    KafkaProbe kafka =
        new KafkaProbe(
            config.clientProperties("admin."),
            "newsflow-sink-health",
            Duration.ofSeconds(CHECK_SECONDS));
    List<OpsServer.Check> checks = new ArrayList<>();
    checks.add(
        new OpsServer.Check("kafka", new CachedCheck(kafka, Duration.ofSeconds(CHECK_SECONDS))));
    if (jsonl != null) {
      checks.add(
          new OpsServer.Check(
              "jsonl",
              () ->
                  jsonl.failure().isDone()
                      ? "the JSON Lines sink stopped: " + jsonl.failure().getNow(null)
                      : null));
    }
    if (postgres != null) {
      checks.add(
          new OpsServer.Check(
              "postgres",
              new CachedCheck(
                  () -> postgres.databaseProblem(CHECK_SECONDS), Duration.ofSeconds(1))));
    }
    try {
      return new SinkOps(
          kafka, OpsServer.start("sink", config.httpHost(), config.httpPort(), metrics, checks));
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
  }

  /** The port the endpoints listen on; -1 when they are off. */
  public int port() {
    return server == null ? OpsServer.DISABLED_PORT : server.port();
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }
}
