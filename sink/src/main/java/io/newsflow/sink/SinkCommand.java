package io.newsflow.sink;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.newsflow.runtime.TopicCreator;
import io.newsflow.runtime.config.ClusterOptions;
import io.newsflow.schemas.SerdeFactory;
import io.newsflow.schemas.Topics;
import io.newsflow.sink.postgres.PostgresSink;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code newsflow sink}: runs the sinks against an existing cluster until stopped: the JSON Lines
 * sink (unless {@code sink.jsonl.enabled=false}) and, with a JDBC URL, the PostgreSQL sink. Ctrl-C
 * or SIGTERM finish the batches in hand and commit them. Exits 1 if a sink stops by itself. Serves
 * {@code /metrics} and {@code /health/live}, {@code /health/ready} on {@code sink.http.port} (see
 * {@link SinkOps}).
 */
@Command(
    name = "sink",
    mixinStandardHelpOptions = true,
    description = {
      "Write enriched articles and links to the downstream stores until stopped:",
      "JSON Lines segments, and PostgreSQL when --jdbc-url (sink.jdbc.url) is given."
    })
public final class SinkCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder (sink.output.dir).")
  String out;

  @Option(
      names = "--jdbc-url",
      paramLabel = "URL",
      description = "PostgreSQL to write to, jdbc:postgresql://host:5432/db (sink.jdbc.url).")
  String jdbcUrl;

  @Override
  public Integer call() throws InterruptedException {
    if (out != null) {
      cluster.option(SinkConfig.OUTPUT_DIR, out);
    }
    if (jdbcUrl != null) {
      cluster.option(SinkConfig.JDBC_URL, jdbcUrl);
    }
    SinkConfig config = new SinkConfig(cluster.load(System.getenv(), SinkConfig.definition()));
    if (!config.jsonLinesEnabled() && !config.jdbc().configured()) {
      throw new IllegalArgumentException(
          "no sink to run: give --jdbc-url or leave " + SinkConfig.JSONL_ENABLED + " on");
    }
    Topics topics =
        Topics.create(config.topicNames(), new SerdeFactory(config.schemaRegistryClient()));
    TopicCreator.ensure(
        config,
        List.of(topics.enriched().name(), topics.links().name(), topics.deadLetters().name()));
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    List<AutoCloseable> sinks = new ArrayList<>();
    List<CompletableFuture<Throwable>> failures = new ArrayList<>();
    JsonLinesSink jsonLines = null;
    PostgresSink postgres = null;
    if (config.jsonLinesEnabled()) {
      jsonLines = new JsonLinesSink(config, topics, metrics, article -> {}, Clock.systemUTC());
      sinks.add(jsonLines);
      failures.add(jsonLines.failure());
    }
    if (config.jdbc().configured()) {
      postgres = new PostgresSink(config, topics, metrics, article -> {}, Clock.systemUTC());
      sinks.add(postgres);
      failures.add(postgres.failure());
    }
    // the sinks join their groups first (a restart's partitions wait for that), the endpoints
    // come up while they do; the endpoints close after the sinks, so that probes see them go
    if (jsonLines != null) {
      jsonLines.start();
    }
    if (postgres != null) {
      postgres.start();
    }
    try {
      sinks.add(SinkOps.start(config, metrics, jsonLines, postgres));
    } catch (RuntimeException e) {
      closeAll(sinks);
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  closeAll(sinks);
                  stopped.countDown();
                },
                "sink-shutdown"));
    CompletableFuture.anyOf(failures.toArray(CompletableFuture[]::new)).thenRun(stopped::countDown);
    stopped.await();
    return failures.stream().anyMatch(CompletableFuture::isDone) ? 1 : 0;
  }

  private static void closeAll(List<AutoCloseable> sinks) {
    for (AutoCloseable sink : sinks) {
      try {
        sink.close();
      } catch (Exception e) {
        System.err.println("closing a sink: " + e);
      }
    }
  }
}
