package io.newsflow.sink;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.newsflow.schemas.SerdeFactory;
import io.newsflow.schemas.Topics;
import io.newsflow.schemas.config.ClusterOptions;
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
 * or SIGTERM finish the batches in hand and commit them. Exits 1 if a sink stops by itself.
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
    if (!config.jsonLinesEnabled() && config.jdbcUrl() == null) {
      throw new IllegalArgumentException(
          "no sink to run: give --jdbc-url or leave " + SinkConfig.JSONL_ENABLED + " on");
    }
    Topics topics =
        Topics.create(config.topicNames(), new SerdeFactory(config.schemaRegistryClient()));
    Topics.ensure(
        config,
        List.of(topics.enriched().name(), topics.links().name(), topics.deadLetters().name()));
    List<AutoCloseable> sinks = new ArrayList<>();
    List<CompletableFuture<Throwable>> failures = new ArrayList<>();
    if (config.jsonLinesEnabled()) {
      JsonLinesSink sink = new JsonLinesSink(config, topics, article -> {}, Clock.systemUTC());
      sinks.add(sink);
      failures.add(sink.failure());
    }
    if (config.jdbcUrl() != null) {
      PostgresSink sink =
          new PostgresSink(
              config, topics, new SimpleMeterRegistry(), article -> {}, Clock.systemUTC());
      sinks.add(sink);
      failures.add(sink.failure());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (AutoCloseable sink : sinks) {
                    try {
                      sink.close();
                    } catch (Exception e) {
                      System.err.println("closing a sink: " + e);
                    }
                  }
                  stopped.countDown();
                },
                "sink-shutdown"));
    for (AutoCloseable sink : sinks) {
      if (sink instanceof JsonLinesSink jsonl) {
        jsonl.start();
      } else if (sink instanceof PostgresSink postgres) {
        postgres.start();
      }
    }
    CompletableFuture.anyOf(failures.toArray(CompletableFuture[]::new)).thenRun(stopped::countDown);
    stopped.await();
    return failures.stream().anyMatch(CompletableFuture::isDone) ? 1 : 0;
  }
}
