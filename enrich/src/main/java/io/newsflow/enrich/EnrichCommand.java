package io.newsflow.enrich;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.newsflow.runtime.config.ClusterOptions;
import io.newsflow.runtime.ops.OpsServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code newsflow enrich}: runs one enrich instance against an existing cluster until stopped
 * (Ctrl-C or SIGTERM close it cleanly). Start more instances with the same {@code
 * enrich.application.id} to share the partitions. Exits 1 if the instance stops by itself after
 * repeated failures.
 *
 * <p>Serves {@code /metrics} (Kafka Streams' and the JVM's meters) and {@code /health/live}, {@code
 * /health/ready} (ready while Streams is RUNNING) on {@code enrich.http.host}:{@code
 * enrich.http.port}, from while Streams joins its groups, so that a probe sees it come up.
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
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    EnrichService service = new EnrichService(config, metrics);
    // the applications join their groups first (a restart's partitions wait for that); the
    // endpoints come up while they do
    service.launch();
    OpsServer ops = startOps(config, service, metrics);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.close(Duration.ofSeconds(30));
                  if (ops != null) {
                    ops.close();
                  }
                  stopped.countDown();
                },
                "enrich-shutdown"));
    service.awaitRunning(Duration.ofMinutes(5));
    service.failure().thenRun(stopped::countDown);
    stopped.await();
    return service.failure().isDone() ? 1 : 0;
  }

  /**
   * Starts the metrics and health endpoints of {@code service}, with the JVM's memory meters; null
   * when {@code enrich.http.port} is -1.
   */
  static OpsServer startOps(
      EnrichConfig config, EnrichService service, PrometheusMeterRegistry metrics) {
    new JvmMemoryMetrics().bindTo(metrics);
    return OpsServer.start(
        "enrich",
        config.httpHost(),
        config.httpPort(),
        metrics,
        List.of(new OpsServer.Check("streams", () -> streamsProblem(service))));
  }

  private static String streamsProblem(EnrichService service) {
    KafkaStreams.State state = service.state();
    if (state == KafkaStreams.State.RUNNING) {
      // the partitions are held; their records wait for the knowledge base
      return service.enricherReady()
          ? null
          : "Kafka Streams is RUNNING, loading the knowledge base";
    }
    return "Kafka Streams is "
        + state
        + (service.failure().isDone() ? " after " + service.failure().getNow(null) : "")
        + ", not RUNNING";
  }
}
