package io.newsflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.newsflow.app.DeliveryTracker;
import io.newsflow.app.LocalStack;
import io.newsflow.avro.IngestChannel;
import io.newsflow.avro.RawArticle;
import io.newsflow.ingest.ArticleDraft;
import io.newsflow.ingest.internal.ArticleValidator;
import io.newsflow.sink.SinkConfig;
import io.newsflow.testkit.TestDatabase;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Pushes generated articles (fixed seed) through the whole local stack: ingest validation and
 * producer, the real broker, enrich (Kafka Streams, exactly-once) and the JSON Lines sink with
 * fsync. A warm-up batch goes first and is not measured. Prints articles per second, the latency
 * from ingest (receivedAt) to the sink's commit, p50/p99/max, and peak memory: the heap of this JVM
 * (which also runs the broker), its resident set, and the registry process's resident set; then the
 * pass-through ceiling ({@link PassThroughCeiling}) on the same broker and records.
 */
@Command(
    name = "pipeline-benchmark",
    mixinStandardHelpOptions = true,
    description = "End-to-end throughput and latency of the local pipeline.")
public final class PipelineBenchmark implements Runnable {
  @Option(
      names = "--articles",
      defaultValue = "10000",
      description = "Articles measured (default: ${DEFAULT-VALUE}).")
  int articles;

  @Option(
      names = "--warmup",
      defaultValue = "2000",
      description = "Articles sent first, not measured (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--seed",
      defaultValue = "20261126",
      description = "Seed of the article generator.")
  long seed;

  @Option(
      names = "--partitions",
      defaultValue = "4",
      description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description =
          "Articles per second to send; 0 (default) sends as fast as possible, so latency includes"
              + " queueing.")
  int rate;

  @Option(
      names = "--fsync",
      defaultValue = "true",
      arity = "1",
      description = "Sink forces each batch to disk.")
  boolean fsync;

  @Option(
      names = "--ceiling",
      defaultValue = "true",
      arity = "1",
      description =
          "Measure afterwards the pass-through ceiling on the same broker and records (default:"
              + " ${DEFAULT-VALUE}).")
  boolean ceiling;

  @Option(
      names = "--profile",
      description =
          "Profile the measured batch with async-profiler (CPU time, every thread), write its"
              + " collapsed stacks to this file and print the CPU per article by stage.")
  Path profile;

  @Option(
      names = "--http",
      defaultValue = "0",
      description =
          "Post the articles to the ingest HTTP API with this many concurrent clients, one article"
              + " a request, instead of handing them to ingest's validator and producer (default:"
              + " ${DEFAULT-VALUE}, no HTTP).")
  int http;

  @Option(
      names = "--postgres",
      description =
          "Also run the PostgreSQL sink, into a database created for the run on this PostgreSQL"
              + " (administrative JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres);"
              + " its server's CPU is printed apart (another process).")
  String postgres;

  @Option(
      names = "-D",
      paramLabel = "option=value",
      description = "Any newsflow option, e.g. -D enrich.links.enabled=false.")
  Map<String, String> options = new LinkedHashMap<>();

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final Map<String, Instant> sentAt = new ConcurrentHashMap<>();
  private final List<Long> latenciesMicros = new CopyOnWriteArrayList<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new PipelineBenchmark()).execute(args));
  }

  @Override
  public void run() {
    try {
      measure();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void measure() throws Exception {
    if (postgres == null) {
      measure(null);
      return;
    }
    System.setProperty("newsflow.it.postgres.url", postgres);
    try (TestDatabase database = TestDatabase.create()) {
      measure(database.jdbcUrl());
    }
  }

  private void measure(String jdbcUrl) throws Exception {
    Path out = Files.createTempDirectory("newsflow-bench-");
    if (jdbcUrl != null) {
      options.put(SinkConfig.JDBC_URL, jdbcUrl);
    }
    DeliveryTracker tracker = latencyTracker();
    ArticleGenerator generator = new ArticleGenerator(new Random(seed));
    ArticleValidator validator = new ArticleValidator(1 << 20, null);
    long startup = System.nanoTime();
    try (LocalStack stack = startStack(out, tracker)) {
      System.out.printf(
          "stack started in %.1f s (broker in this JVM, registry pid %d)%n",
          (System.nanoTime() - startup) / 1e9, stack.registry().pid());

      runBatch(stack, tracker, generator, validator, warmup, "warm-up");
      latenciesMicros.clear();
      resetPeaks();

      Measured measured = runMeasuredBatch(stack, tracker, generator, validator);
      printMeasured(stack, generator, jdbcUrl, measured);
      if (ceiling) {
        printCeiling(stack, measured);
      }
    } finally {
      io.newsflow.embedded.Directories.deleteRecursively(out);
    }
  }

  /** Records, for each article that reaches the sink, its latency since it was sent. */
  private DeliveryTracker latencyTracker() {
    return new DeliveryTracker(
        (id, at) -> {
          Instant sent = sentAt.get(id);
          if (sent != null) {
            latenciesMicros.add(Duration.between(sent, at).toNanos() / 1_000);
          }
        });
  }

  private LocalStack startStack(Path out, DeliveryTracker tracker) throws Exception {
    return LocalStack.builder()
        .kafkaPort(0)
        .registryPort(0)
        .ingestPort(0)
        .dashboardPort(-1) // measured alone: the dashboard would read the topics too
        .option("topics.partitions", Integer.toString(partitions))
        .option(SinkConfig.OUTPUT_DIR, out.toString())
        .option(SinkConfig.FSYNC, Boolean.toString(fsync))
        .options(options)
        .tracker(tracker)
        .build()
        .start(Duration.ofMinutes(2));
  }

  /** The measured batch: its ids, wall-clock seconds, CPU of this JVM and of PostgreSQL. */
  private record Measured(
      List<String> ids, double seconds, long cpu, long postgresTicks, Duration samplingPeriod) {}

  /** Runs the measured batch, under the profiler when {@link #profile} is set. */
  private Measured runMeasuredBatch(
      LocalStack stack,
      DeliveryTracker tracker,
      ArticleGenerator generator,
      ArticleValidator validator)
      throws Exception {
    Duration samplingPeriod = Duration.ofMillis(10);
    one.profiler.AsyncProfiler profiler = null;
    if (profile != null) {
      profiler = one.profiler.AsyncProfiler.getInstance();
      profiler.execute("start,event=itimer,interval=" + samplingPeriod.toMillis() + "ms,threads");
    }
    long cpuBefore = processCpuNanos();
    long postgresBefore = postgresCpuTicks();
    long started = System.nanoTime();
    List<String> ids = runBatch(stack, tracker, generator, validator, articles, "measured");
    double seconds = (System.nanoTime() - started) / 1e9;
    long cpu = processCpuNanos() - cpuBefore;
    long postgresTicks = postgresCpuTicks() - postgresBefore;
    if (profiler != null) {
      profiler.execute("stop,file=" + profile.toAbsolutePath() + ",collapsed");
    }
    return new Measured(ids, seconds, cpu, postgresTicks, samplingPeriod);
  }

  /** Prints throughput, latency, memory and CPU of the measured batch. */
  private void printMeasured(
      LocalStack stack, ArticleGenerator generator, String jdbcUrl, Measured measured)
      throws IOException {
    List<String> ids = measured.ids();
    double seconds = measured.seconds();
    long cpu = measured.cpu();
    long[] sorted = latenciesMicros.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.println();
    System.out.printf(
        "articles            %d (after %d warm-up), seed %d, %d partitions, fsync %s, sent %s%s%s%n",
        ids.size(),
        warmup,
        seed,
        partitions,
        fsync,
        rate > 0 ? "at " + rate + "/s" : "as fast as possible",
        http > 0 ? " over HTTP by " + http + " clients" : " to ingest's producer (no HTTP)",
        options.isEmpty() ? "" : ", options " + options);
    System.out.printf(
        "throughput          %.0f articles/s (%.2f s from first send to last article in the sink)%n",
        ids.size() / seconds, seconds);
    System.out.printf(
        "latency ingest→sink p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d samples)%n",
        percentile(sorted, 50) / 1e3,
        percentile(sorted, 99) / 1e3,
        sorted[sorted.length - 1] / 1e3,
        sorted.length);
    System.out.printf(
        "peak heap (this JVM, sum of pool peaks: an upper bound) %d MiB of max %d MiB%n",
        peakHeap() >> 20, Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf(
        "peak RSS            this JVM %d MiB, registry process %d MiB%n",
        residentPeakKiB("self") >> 10,
        residentPeakKiB(Long.toString(stack.registry().pid())) >> 10);
    System.out.printf("average article     %d words%n", generator.averageWords());
    System.out.printf(
        "process CPU         %.0f µs per article (%.1f s of CPU in %.1f s: %.2f cores)%n",
        cpu / 1e3 / ids.size(), cpu / 1e9, seconds, cpu / 1e9 / seconds);
    if (jdbcUrl != null) {
      System.out.printf(
          "PostgreSQL server   %.0f µs per article of CPU in its own processes (not in the"
              + " figures above)%n",
          measured.postgresTicks() * 1e6 / CLOCK_TICKS / ids.size());
    }
    if (profile != null) {
      StageProfile.print(
          System.out, StageProfile.samples(profile), measured.samplingPeriod(), cpu, ids.size());
      System.out.println("collapsed stacks    " + profile);
    }
  }

  /** Measures and prints the pass-through ceiling on the same broker and raw records. */
  private void printCeiling(LocalStack stack, Measured measured) throws Exception {
    List<String> ids = measured.ids();
    double seconds = measured.seconds();
    // once to warm the copy up, then three times measured: the median
    PassThroughCeiling.measure(
        stack.bootstrapServers(),
        stack.pipeline().topics().raw().name(),
        partitions,
        warmup + ids.size());
    List<PassThroughCeiling.Result> runs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      runs.add(
          PassThroughCeiling.measure(
              stack.bootstrapServers(),
              stack.pipeline().topics().raw().name(),
              partitions,
              warmup + ids.size()));
    }
    runs.sort(java.util.Comparator.comparingDouble(PassThroughCeiling.Result::perSecond));
    PassThroughCeiling.Result c = runs.get(1);
    System.out.printf(
        "pass-through        %.0f records/s: the same %d raw records copied unchanged by a bare"
            + " Kafka Streams application, exactly-once, same broker (median of 3 copies after"
            + " one to warm up: %.0f, %.0f, %.0f records/s); the pipeline delivered %.1f%% of"
            + " it%n",
        c.perSecond(),
        warmup + ids.size(),
        runs.get(0).perSecond(),
        runs.get(1).perSecond(),
        runs.get(2).perSecond(),
        100 * (ids.size() / seconds) / c.perSecond());
  }

  private List<String> runBatch(
      LocalStack stack,
      DeliveryTracker tracker,
      ArticleGenerator generator,
      ArticleValidator validator,
      int count,
      String label)
      throws Exception {
    if (http > 0) {
      return postBatch(stack, tracker, generator, count, label);
    }
    List<String> ids = new ArrayList<>(count);
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      if (rate > 0) {
        long due = start + (long) (i * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
      ArticleDraft draft = generator.next();
      Instant now = Instant.now();
      RawArticle article = validator.validate(draft, IngestChannel.OTHER, now);
      sentAt.put(article.getId(), now);
      ids.add(article.getId());
      stack.pipeline().producer().send(article);
    }
    stack.pipeline().producer().flush();
    if (!tracker.await(ids, Duration.ofMinutes(10))) {
      throw new IllegalStateException(label + " batch did not come through within 10 minutes");
    }
    return ids;
  }

  /**
   * Posts {@code count} generated articles to the ingest HTTP API, one a request, from {@link
   * #http} concurrent clients (paced at {@link #rate} when set), and waits until each has reached
   * the sink; returns their ids as ingest answered them.
   */
  private List<String> postBatch(
      LocalStack stack,
      DeliveryTracker tracker,
      ArticleGenerator generator,
      int count,
      String label)
      throws Exception {
    List<String> bodies = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      bodies.add(IngestLoad.json(generator.next()));
    }
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    URI uri = URI.create(stack.ingestUrl() + "/v1/articles");
    String[] ids = new String[count];
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(http);
    long start = System.nanoTime();
    List<Future<?>> clients = new ArrayList<>();
    for (int c = 0; c < http; c++) {
      clients.add(
          pool.submit(
              () -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                  if (rate > 0) {
                    long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
                    if (wait > 0) {
                      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                  }
                  Instant sent = Instant.now();
                  HttpResponse<String> answer =
                      client.send(
                          HttpRequest.newBuilder(uri)
                              .timeout(Duration.ofSeconds(60))
                              .header("Content-Type", "application/json")
                              .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i)))
                              .build(),
                          HttpResponse.BodyHandlers.ofString());
                  if (answer.statusCode() != 202) {
                    throw new IllegalStateException(
                        "ingest answered " + answer.statusCode() + ": " + answer.body());
                  }
                  String id = MAPPER.readTree(answer.body()).get("id").asText();
                  sentAt.putIfAbsent(id, sent);
                  ids[i] = id;
                }
                return null;
              }));
    }
    for (Future<?> f : clients) {
      f.get();
    }
    pool.shutdown();
    List<String> all = List.of(ids);
    if (!tracker.await(all, Duration.ofMinutes(10))) {
      throw new IllegalStateException(label + " batch did not come through within 10 minutes");
    }
    return all;
  }

  /** Clock ticks per second of /proc/PID/stat (USER_HZ: 100 on Linux). */
  private static final double CLOCK_TICKS = 100;

  /**
   * CPU time so far (utime + stime, clock ticks) of every process named postgres; 0 without /proc.
   */
  private static long postgresCpuTicks() {
    long total = 0;
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) procs::iterator) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String stat = Files.readString(p.resolve("stat"));
          int open = stat.indexOf('(');
          int close = stat.lastIndexOf(')');
          if (open < 0 || close < 0 || !stat.substring(open + 1, close).startsWith("postgres")) {
            continue;
          }
          String[] fields = stat.substring(close + 2).split(" ");
          total += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException gone) {
          // the process ended between the listing and the read
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return total;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long percentile(long[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static void resetPeaks() {
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  private static long peakHeap() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getPeakUsage().getUsed())
        .sum();
  }

  /** VmHWM of a process from /proc, in KiB; -1 where /proc is not there. */
  private static long residentPeakKiB(String pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
