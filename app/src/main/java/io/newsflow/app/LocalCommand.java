package io.newsflow.app;

import io.newsflow.app.dashboard.LagReader;
import io.newsflow.ingest.FileIngestor;
import io.newsflow.runtime.config.ConfigOptions;
import io.newsflow.sink.JsonLinesSink;
import io.newsflow.sink.SinkConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code newsflow local}: the whole pipeline on this machine. Starts a Kafka broker and a schema
 * registry on loopback, runs enrich and the JSON Lines sink, ingests the given files, waits until
 * every article is in the sink's output or on the dead-letter topic, prints a summary and stops;
 * with {@code --serve} it stays up for more.
 */
@Command(
    name = "local",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole pipeline on this machine: broker, registry, enrich and sink.",
      "Ingests --input files, waits until each article is written or dead-lettered, prints a summary."
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:every article was written or dead-lettered",
      "1:an article did not come through, or a component failed",
      "2:some input was rejected (the rest came through), or the command line is wrong"
    })
public final class LocalCommand implements Callable<Integer> {
  @Option(
      names = {"-i", "--input"},
      arity = "1..*",
      paramLabel = "PATH",
      description = "Article files or folders (.txt, .json, .jsonl).")
  List<Path> inputs = new ArrayList<>();

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "newsflow-out",
      description = "Where the JSON Lines sink writes (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--jdbc-url",
      paramLabel = "URL",
      description =
          "Also write to this PostgreSQL database (jdbc:postgresql://host:5432/db?user=...) and serve the query API on it (sink.jdbc.url).")
  String jdbcUrl;

  @Option(names = "--serve", description = "Keep running after ingesting, until Ctrl-C.")
  boolean serve;

  @Option(
      names = "--kafka-port",
      defaultValue = "9092",
      description = "Broker port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int kafkaPort;

  @Option(
      names = "--registry-port",
      defaultValue = "8081",
      description = "Schema registry port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int registryPort;

  @Option(
      names = "--ingest-port",
      defaultValue = "8080",
      description = "Port of the ingest HTTP API on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int ingestPort;

  @Option(
      names = "--query-port",
      defaultValue = "8082",
      description =
          "Port of the query API on 127.0.0.1, served with --jdbc-url (default: ${DEFAULT-VALUE}).")
  int queryPort;

  @Option(
      names = "--dashboard-port",
      defaultValue = "8088",
      description =
          "Port of the dashboard page on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one, -1 turns it off).")
  int dashboardPort;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Keep broker and registry data here across runs (default: a temporary folder, removed at exit).")
  Path dataDir;

  @Option(
      names = "--timeout",
      defaultValue = "PT2M",
      description =
          "Longest wait for the articles to come through, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Mixin ConfigOptions config;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    checkInputs();
    PrintWriter out = spec.commandLine().getOut();
    Map<String, String> values = options();
    long started = System.nanoTime();
    out.println("newsflow local: starting Kafka and the schema registry on 127.0.0.1 ...");
    out.flush();
    LocalStack stack =
        LocalStack.builder()
            .kafkaPort(kafkaPort)
            .registryPort(registryPort)
            .ingestPort(ingestPort)
            .queryPort(queryPort)
            .dashboardPort(dashboardPort)
            .dataDir(dataDir)
            .options(values)
            .build();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stack.close();
              // the JVM may end before the main thread goes on: remove the run's folder here
              Newsflow.removeOwnTempFolder();
              stopped.countDown();
            },
            "local-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stack.start(Duration.ofMinutes(2));
      printReady(stack, started, out);
      int status = inputs.isEmpty() ? 0 : ingestAndWait(stack, out);
      if (!serve) {
        return status;
      }
      printEndpoints(stack, out);
      return serveUntilStopped(stack, stopped);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
        stack.close();
      } catch (IllegalStateException shuttingDown) {
        // the hook is closing the stack already
        stopped.await(60, TimeUnit.SECONDS);
      }
    }
  }

  private void checkInputs() {
    if (inputs.isEmpty() && !serve) {
      throw new ParameterException(
          spec.commandLine(),
          "give articles with --input PATH, or --serve to keep the pipeline up");
    }
    for (Path input : inputs) {
      if (!Files.exists(input)) {
        throw new ParameterException(spec.commandLine(), "no such file or folder: " + input);
      }
    }
  }

  /** The options of the run; the sink's output is emptied first unless data is kept. */
  private Map<String, String> options() throws java.io.IOException {
    config.option(SinkConfig.OUTPUT_DIR, this.out.toString());
    if (jdbcUrl != null) {
      config.option(SinkConfig.JDBC_URL, jdbcUrl);
    }
    Map<String, String> values = config.load(System.getenv(), AllOptions.definition());
    if (dataDir == null) {
      JsonLinesSink.deleteOutput(new SinkConfig(values));
    }
    return values;
  }

  private static void printReady(LocalStack stack, long started, PrintWriter out) {
    out.printf(
        "  broker    %s%n  registry  %s%n  ingest    %s/v1/articles%s%n  stores    %s%n%s%s"
            + "  ready in %.1f s (ingest answering after %.1f s)%n",
        stack.bootstrapServers(),
        stack.schemaRegistryUrl(),
        stack.ingestUrl(),
        stack.pipeline().ingest().authenticationRequired()
            ? " (publisher tokens required)"
            : " (authentication OFF: no publisher tokens configured)",
        stores(stack),
        stack.queryUrl() == null
            ? ""
            : String.format("  query     %s/v1/... (the store's query API)%n", stack.queryUrl()),
        stack.dashboardUrl() == null ? "" : String.format("  dashboard %s%n", stack.dashboardUrl()),
        seconds(started),
        (stack.pipeline().ingestReadyNanos() - started) / 1e9);
    out.flush();
  }

  /** With --serve: runs until a signal, or until a component stops for good (exit code 1). */
  private int serveUntilStopped(LocalStack stack, CountDownLatch stopped) {
    stack.pipeline().failure().thenRun(stopped::countDown);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      // asked to stop by the thread's owner rather than a signal: the same clean stop follows
      // (the flag stays clear so that closing the stack can wait for its threads)
    }
    boolean failed = stack.pipeline().failure().isDone();
    if (failed) {
      spec.commandLine()
          .getErr()
          .println(
              "newsflow local: a component stopped after repeated failures; see the log above");
    }
    return failed ? 1 : 0;
  }

  private int ingestAndWait(LocalStack stack, PrintWriter out) throws InterruptedException {
    long started = System.nanoTime();
    Pipeline pipeline = stack.pipeline();
    FileIngestor.Report report = pipeline.ingest(inputs);
    List<String> records = report.stored().stream().map(FileIngestor.Stored::id).toList();
    report.rejected().forEach(e -> out.println("  rejected  " + e));
    report.failed().forEach(f -> out.println("  not stored " + f.origin() + ": " + f.error()));
    out.printf(
        "Ingested %d article(s) into %s; waiting for each to reach the sink or the dead-letter topic ...%n",
        records.size(), pipeline.topics().raw().name());
    out.flush();
    boolean done = pipeline.tracker().await(records, timeout);
    double articlesTook = seconds(started);
    long linksBehind = done && pipeline.buildsLinks() ? awaitLinks(pipeline, out) : 0;
    DeliveryTracker.Tally tally = pipeline.tracker().tally(records);
    long distinct = records.stream().distinct().count();
    out.println();
    out.println("Summary");
    out.printf(
        "  articles ingested     %d%s%n",
        records.size(),
        distinct < records.size()
            ? " (" + distinct + " distinct ids: the same article sent again keeps its id)"
            : "");
    out.printf("  written by the sink   %d  -> %s%n", tally.written(), stores(stack));
    out.printf(
        "  dead-lettered         %d  (topic %s)%n",
        tally.deadLettered(), pipeline.topics().deadLetters().name());
    out.printf("  inputs rejected       %d%n", report.rejected().size());
    if (!report.failed().isEmpty()) {
      out.printf("  not stored by Kafka   %d%n", report.failed().size());
    }
    out.printf(
        "  took                  %.1f s from ingest to the last article out%n", articlesTook);
    if (done && pipeline.buildsLinks()) {
      if (linksBehind == 0) {
        out.printf(
            "  links                 all made and stored, %.1f s from ingest (%s)%n",
            seconds(started),
            pipeline.postgres() != null
                ? "in "
                    + pipeline.postgres().jdbcUrl()
                    + " and on topic "
                    + pipeline.topics().links().name()
                : "on topic "
                    + pipeline.topics().links().name()
                    + "; the JSON Lines sink stores articles only");
      } else {
        out.printf(
            "  links                 STILL COMING: link building and its store are %s after %s more;"
                + " links made later are missing from what this run stored%n",
            linksBehind < 0 ? "of unknown progress" : linksBehind + " record(s) behind", timeout);
      }
    }
    if (!done) {
      out.printf("  NOT DONE: %d article(s) still missing after %s%n", tally.missing(), timeout);
    }
    out.flush();
    if (!done || linksBehind != 0 || !report.failed().isEmpty()) {
      return 1;
    }
    return report.rejected().isEmpty() ? 0 : 2;
  }

  /**
   * Waits until link building and the store of links have processed every record there is (seen
   * twice in a row, half a second apart), for up to {@code --timeout} from when the articles were
   * out, or until a component stops; returns how many records they are still behind (0: every link
   * is made and stored; -1: the offsets could not be read).
   */
  private long awaitLinks(Pipeline pipeline, PrintWriter out) throws InterruptedException {
    out.println("Every article is out; waiting for their links ...");
    out.flush();
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Object> admin = pipeline.config().clientProperties("admin.");
    Map<String, Object> consumer = new HashMap<>(pipeline.config().clientProperties("consumer."));
    consumer.put(ConsumerConfig.CLIENT_ID_CONFIG, "newsflow-app-links-wait");
    try (Admin client = Admin.create(admin);
        LagReader lag = new LagReader(client, consumer, List.of())) {
      int quiet = 0;
      long behind = pipeline.linksBehind(lag);
      while (true) {
        quiet = behind == 0 ? quiet + 1 : 0;
        if (quiet == 2
            || System.nanoTime() > deadline && quiet == 0
            || pipeline.failure().isDone()) {
          return behind;
        }
        Thread.sleep(500);
        behind = pipeline.linksBehind(lag);
      }
    } catch (KafkaException e) {
      out.println("  could not read link building's offsets: " + e.getMessage());
      return -1;
    }
  }

  /** Where the sinks write: the JSON Lines output and the PostgreSQL database, as configured. */
  private static String stores(LocalStack stack) {
    List<String> stores = new ArrayList<>();
    if (stack.pipeline().sink() != null) {
      stores.add(output(stack));
    }
    if (stack.pipeline().postgres() != null) {
      stores.add(stack.pipeline().postgres().jdbcUrl());
    }
    return String.join(" and ", stores);
  }

  private static void printEndpoints(LocalStack stack, PrintWriter out) {
    out.println();
    out.println("Serving until Ctrl-C:");
    out.printf("  bootstrap servers  %s%n", stack.bootstrapServers());
    out.printf("  schema registry    %s  (Confluent-compatible API)%n", stack.schemaRegistryUrl());
    out.printf("  stored in          %s%n", stores(stack));
    out.printf(
        "  ingest API         %s  (POST /v1/articles, GET /health, /metrics, /openapi.yaml)%n",
        stack.ingestUrl());
    if (stack.queryUrl() != null) {
      out.printf(
          "  query API          %s  (GET /v1/articles/{id}, /v1/search?q=, /v1/entities?name=, /openapi.yaml)%n",
          stack.queryUrl());
    }
    if (stack.dashboardUrl() != null) {
      out.printf(
          "  dashboard          %s  (throughput, lag, dead letters with replay, entities, latest articles)%n",
          stack.dashboardUrl());
    }
    if (stack.pipeline().ingest().watchDir() != null) {
      out.printf("  watched folder     %s%n", stack.pipeline().ingest().watchDir());
    }
    out.printf(
        "  ingest more with   ./newsflow ingest --bootstrap-servers %s --schema-registry-url %s PATH...%n",
        stack.bootstrapServers(), stack.schemaRegistryUrl());
    out.flush();
  }

  /** The sink's folder and the segment it writes, for a reader who looks for the articles. */
  private static String output(LocalStack stack) {
    return stack.outputDir()
        + " (current segment "
        + stack.pipeline().sink().currentSegment().getFileName()
        + ")";
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }
}
