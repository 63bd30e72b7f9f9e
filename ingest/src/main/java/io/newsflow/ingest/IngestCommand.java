package io.newsflow.ingest;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.newsflow.schemas.SerdeFactory;
import io.newsflow.schemas.Topics;
import io.newsflow.schemas.config.ClusterOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code newsflow ingest PATH...}: sends article files to the raw topic of an existing cluster. An
 * article given twice in one run is sent once (the repeat is counted as a duplicate). Exit code 0
 * when every article was stored, 2 when some input was rejected (the rest was still stored), 1 when
 * Kafka did not store some articles.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description =
        "Send article files (.txt, .json, .jsonl, .html, or folders of them) to the raw topic.")
public final class IngestCommand implements Callable<Integer> {
  // One run only sees its own articles, and no run lasts a day: every repeat within the run is
  // answered as a duplicate.
  private static final Duration DEDUP_WINDOW = Duration.ofDays(1);

  @Mixin ClusterOptions cluster;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders of articles.")
  List<Path> paths;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    IngestConfig config =
        new IngestConfig(cluster.load(System.getenv(), IngestConfig.definition()));
    Topics topics =
        Topics.create(config.topicNames(), new SerdeFactory(config.schemaRegistryClient()));
    Topics.ensure(config, List.of(topics.raw().name()));
    FileIngestor.Report report;
    try (ArticleProducer producer = new ArticleProducer(config, topics.raw())) {
      Clock clock = Clock.systemUTC();
      Intake intake =
          new Intake(
              new ArticleValidator(config),
              new Deduplicator(DEDUP_WINDOW, clock),
              producer,
              clock,
              new SimpleMeterRegistry());
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
}
