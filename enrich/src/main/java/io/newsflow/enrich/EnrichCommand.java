package io.newsflow.enrich;

import io.newsflow.schemas.config.ClusterOptions;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code newsflow enrich}: runs one enrich instance against an existing cluster until stopped
 * (Ctrl-C or SIGTERM close it cleanly). Start more instances with the same {@code
 * enrich.application.id} to share the partitions. Exits 1 if the instance stops by itself after
 * repeated failures.
 */
@Command(
    name = "enrich",
    mixinStandardHelpOptions = true,
    description = "Run the enrich stage (Kafka Streams) until stopped.")
public final class EnrichCommand implements Callable<Integer> {
  @Mixin ClusterOptions cluster;

  @Override
  public Integer call() throws InterruptedException {
    EnrichConfig config =
        new EnrichConfig(cluster.load(System.getenv(), EnrichConfig.definition()));
    EnrichService service = new EnrichService(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.close(Duration.ofSeconds(30));
                  stopped.countDown();
                },
                "enrich-shutdown"));
    service.start(Duration.ofMinutes(5));
    service.failure().thenRun(stopped::countDown);
    stopped.await();
    return service.failure().isDone() ? 1 : 0;
  }
}
