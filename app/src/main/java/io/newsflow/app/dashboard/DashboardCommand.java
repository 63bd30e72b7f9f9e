package io.newsflow.app.dashboard;

import io.newsflow.app.AllOptions;
import io.newsflow.enrich.EnrichConfig;
import io.newsflow.runtime.config.ClusterOptions;
import io.newsflow.runtime.config.PipelineConfig;
import io.newsflow.runtime.ops.ProcessMeters;
import io.newsflow.schemas.SerdeFactory;
import io.newsflow.schemas.Topics;
import io.newsflow.sink.SinkConfig;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code newsflow dashboard}: the operators' page against a running cluster. Reads the services'
 * {@code /metrics} for the throughput chart, the consumer groups' offsets for the lag, and the
 * dead-letter, entities, enriched and links topics; serves the page until Ctrl-C.
 */
@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the operators' dashboard page for a running pipeline: throughput by stage, lag,",
      "dead letters (with replay), the most mentioned entities and the latest articles."
    })
public final class DashboardCommand implements Callable<Integer> {
  @Option(
      names = "--metrics",
      arity = "1..*",
      paramLabel = "URL",
      description =
          "The services' Prometheus endpoints to read throughput from, e.g. http://ingest:8080/metrics http://enrich:8083/metrics http://sink:8084/metrics.")
  List<URI> metrics = new ArrayList<>();

  @Option(
      names = "--port",
      defaultValue = "8088",
      description = "Port of the page (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Interface to listen on (default: ${DEFAULT-VALUE}, this machine only).")
  String host;

  @Mixin ClusterOptions cluster;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Map<String, String> values = cluster.load(System.getenv(), AllOptions.definition());
    PipelineConfig config = new PipelineConfig(AllOptions.definition(), values);
    Topics topics =
        Topics.create(config.topicNames(), new SerdeFactory(config.schemaRegistryClient()));
    StageCounters counters =
        metrics.isEmpty() ? new NoCounters() : new MetricsScraper(List.copyOf(metrics));
    List<Dashboard.Group> groups = groups(values);
    CountDownLatch stopped = new CountDownLatch(1);
    try (Dashboard dashboard =
        Dashboard.start(
            new Dashboard.Settings(
                config, topics, counters, groups, host, port, Clock.systemUTC()))) {
      ProcessMeters.Binding jvm = ProcessMeters.bindTo(dashboard.metrics());
      Thread hook = new Thread(stopped::countDown, "dashboard-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      PrintWriter out = spec.commandLine().getOut();
      out.printf("newsflow dashboard: %s  (Ctrl-C stops)%n", dashboard.url());
      out.flush();
      try {
        stopped.await();
      } catch (InterruptedException e) {
        // asked to stop by the thread's owner rather than a signal: the same clean stop
      } finally {
        jvm.close();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the JVM is stopping: the hook has run
        }
      }
    }
    return 0;
  }

  /** The stages' consumer groups, as the stages are configured. */
  static List<Dashboard.Group> groups(Map<String, String> values) {
    EnrichConfig enrich = new EnrichConfig(values);
    SinkConfig sink = new SinkConfig(values);
    List<Dashboard.Group> groups = new ArrayList<>();
    groups.add(new Dashboard.Group("enrich", enrich.applicationId()));
    if (enrich.linksEnabled()) {
      groups.add(new Dashboard.Group("links", enrich.linksApplicationId()));
    }
    if (sink.jsonLinesEnabled()) {
      groups.add(new Dashboard.Group("sink (jsonl)", sink.groupId()));
    }
    groups.add(new Dashboard.Group("sink (postgres)", sink.jdbcGroupId()));
    return groups;
  }

  /** Without --metrics the chart says what to give. */
  private static final class NoCounters implements StageCounters {
    @Override
    public Map<String, Double> totals() {
      throw new IllegalStateException(
          "no /metrics URL given; start the dashboard with --metrics http://<service>/metrics ...");
    }

    @Override
    public String describe() {
      return "from no service (no --metrics given)";
    }
  }
}
