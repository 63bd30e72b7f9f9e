package io.newsflow.ingest;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.newsflow.ingest.internal.ArticleValidator;
import io.newsflow.ingest.internal.Deduplicator;
import io.newsflow.ingest.internal.RawTopicFollower;
import io.newsflow.runtime.TopicCreator;
import io.newsflow.runtime.config.ClusterOptions;
import io.newsflow.schemas.SerdeFactory;
import io.newsflow.schemas.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code newsflow ingest PATH...}: sends article files to the raw topic of an existing cluster. An
 * article given twice in one run is sent once (the repeat is counted as a duplicate). Exit code 0
 * when every article was stored, 2 when some input was rejected (the rest was still stored), 1 when
 * Kafka did not store some articles. {@code newsflow ingest --serve} runs the ingest service (the
 * publishers' HTTP API, feed polling, a watched folder) until stopped.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Send article files (.txt, .json, .jsonl, .html, or folders of them) to the raw topic,",
      "or, with --serve, run the ingest service: HTTP API, feeds, a watched folder."
    })
public final class IngestCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;

  @Parameters(arity = "0..*", paramLabel = "PATH", description = "Files or folders of articles.")
  List<Path> paths = List.of();

  @Option(
      names = "--serve",
      description =
          "Run the ingest service (HTTP API on ingest.http.host:ingest.http.port) until Ctrl-C.")
  boolean serve;

  @Option(names = "--port", description = "Port of the HTTP API (sets ingest.http.port).")
  Integer port;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> values =
        new HashMap<>(cluster.load(System.getenv(), IngestConfig.definition()));
    if (port != null) {
      values.put(IngestConfig.HTTP_PORT, port.toString());
    }
    IngestConfig config = new IngestConfig(values);
    if (serve) {
      return serve(config);
    }
    if (paths.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(), "give files or folders to ingest, or --serve");
    }
    Topics topics =
        Topics.create(config.topicNames(), new SerdeFactory(config.schemaRegistryClient()));
    TopicCreator.ensure(config, List.of(topics.raw().name()));
    FileIngestor.Report report;
    Clock clock = Clock.systemUTC();
    Deduplicator dedup = new Deduplicator(config.dedupWindow(), clock);
    // what was accepted within the window, by any run or service, is a duplicate for this run too
    try (RawTopicFollower follower =
            RawTopicFollower.start(config, topics.raw(), dedup, config.dedupWindow(), clock);
        ArticleProducer producer = new ArticleProducer(config, topics.raw())) {
      if (!follower.awaitCaughtUp(Duration.ofSeconds(60))) {
        spec.commandLine()
            .getErr()
            .println(
                "warning: the dedup window is not loaded from "
                    + topics.raw().name()
                    + " after 60 s; articles stored before may be stored again");
      }
      Intake intake =
          new Intake(
              new ArticleValidator(config), dedup, producer, clock, new SimpleMeterRegistry());
      report = new FileIngestor(intake).ingest(paths);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    report.rejected().forEach(e -> err.println("rejected " + e));
    report
        .failed()
        .forEach(
            f ->
                err.println(
                    "not stored "
                        + f.origin()
                        + (f.id() == null ? "" : " (" + f.id() + ")")
                        + ": "
                        + f.error()));
    out.printf(
        "%d article(s) stored on %s, %d duplicate(s) not sent again, %d rejected, %d not stored%n",
        report.stored().size(),
        topics.raw().name(),
        report.duplicates().size(),
        report.rejected().size(),
        report.failed().size());
    return !report.failed().isEmpty() ? 1 : report.rejected().isEmpty() ? 0 : 2;
  }

  private int serve(IngestConfig config) throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch stopped = new CountDownLatch(1);
    IngestServer server = IngestServer.start(config, Clock.systemUTC());
    // the JVM halts once its hooks return: the hook itself answers the requests in hand and
    // drains the producer before it lets go
    Thread hook = new Thread(() -> stop(server, stopped), "newsflow-ingest-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      String base = "http://" + config.httpHost() + ":" + server.port();
      out.printf(
          "Ingest API on %s: POST %s/v1/articles, GET %s/health, %s/metrics, %s/openapi.yaml%n",
          base, base, base, base, base);
      out.println(
          server.authenticationRequired()
              ? "Publishers need a token (Authorization: Bearer <token>)."
              : "Authentication is OFF: no publisher tokens are configured"
                  + " (ingest.publisher.tokens); anyone who can reach the port can post.");
      out.flush();
      stopped.await();
    } finally {
      stop(server, stopped);
    }
    return 0;
  }

  private static void stop(IngestServer server, CountDownLatch stopped) {
    server.close(); // once: later calls return at once
    stopped.countDown();
  }
}
