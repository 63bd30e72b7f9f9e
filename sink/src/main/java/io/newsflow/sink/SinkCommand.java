package io.newsflow.sink;

import io.newsflow.schemas.SerdeFactory;
import io.newsflow.schemas.Topics;
import io.newsflow.schemas.config.ClusterOptions;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code newsflow sink}: runs the JSON Lines sink against an existing cluster until stopped (Ctrl-C
 * or SIGTERM finish the batch in hand and commit it). Exits 1 if the sink stops by itself.
 */
@Command(
    name = "sink",
    mixinStandardHelpOptions = true,
    description = "Write enriched articles to JSON Lines segments until stopped.")
public final class SinkCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder (sink.output.dir).")
  String out;

  @Override
  public Integer call() throws InterruptedException {
    if (out != null) {
      cluster.option(SinkConfig.OUTPUT_DIR, out);
    }
    SinkConfig config = new SinkConfig(cluster.load(System.getenv(), SinkConfig.definition()));
    Topics topics =
        Topics.create(config.topicNames(), new SerdeFactory(config.schemaRegistryClient()));
    Topics.ensure(config, List.of(topics.enriched().name(), topics.deadLetters().name()));
    JsonLinesSink sink = new JsonLinesSink(config, topics, article -> {}, Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  sink.close();
                  stopped.countDown();
                },
                "sink-shutdown"));
    sink.start();
    sink.failure().thenRun(stopped::countDown);
    stopped.await();
    return sink.failure().isDone() ? 1 : 0;
  }
}
