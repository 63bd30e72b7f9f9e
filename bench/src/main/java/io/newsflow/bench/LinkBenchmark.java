package io.newsflow.bench;

import io.newsflow.avro.ArticleLink;
import io.newsflow.avro.BodyFormat;
import io.newsflow.avro.EnrichedArticle;
import io.newsflow.avro.Entity;
import io.newsflow.avro.EntityType;
import io.newsflow.avro.IngestChannel;
import io.newsflow.avro.LinkType;
import io.newsflow.avro.RawArticle;
import io.newsflow.embedded.EmbeddedKafkaBroker;
import io.newsflow.enrich.EnrichTopology;
import io.newsflow.enrich.links.LinkSettings;
import io.newsflow.enrich.links.LinkTopology;
import io.newsflow.schemas.SerdeFactory;
import io.newsflow.schemas.TopicNames;
import io.newsflow.schemas.Topics;
import io.newsflow.schemas.registry.InMemorySchemaRegistry;
import io.newsflow.testkit.KafkaTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The cost of link building per article as the stream grows. The enrich topology and the link
 * topology run as in production (two Kafka Streams applications, exactly-once, RocksDB stores, the
 * index repartition and the message topic) against an in-process broker, once with link building
 * and once with enrich alone, over the same generated stream; the difference is what links cost.
 * Entities are given by a stand-in enricher, not extracted, so the figures are those of linking
 * alone. At each reported stream size, the 1,000 articles that end there are sent on their own and
 * the CPU time they cost is measured until the application is done with them (idle for a second:
 * nothing processed, its threads not busy): CPU, not wall-clock time, because a block's wall-clock
 * time is mostly the latency of exactly-once commits along the repartition hops.
 *
 * <p>The stream: entities drawn from a Zipf distribution over a large vocabulary (a few are in
 * every other article, most are rare), a share of articles continuing a running story (they share
 * its own entities), a share of near-copies of a recent article, and text from a Zipf vocabulary so
 * that unrelated articles do not look alike. Articles arrive at a steady event-time rate, so the
 * window decides how much each new article is compared with.
 */
@Command(
    name = "link-benchmark",
    mixinStandardHelpOptions = true,
    description = "Cost per article of link building against the stream size.")
public final class LinkBenchmark implements Runnable {
  private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
  private static final int BLOCK = 1000;
  private static final Duration QUIET = Duration.ofSeconds(1);

  @Option(
      names = "--articles",
      defaultValue = "100000",
      description = "Articles in the stream (default: ${DEFAULT-VALUE}).")
  int articles;

  @Option(
      names = "--report-at",
      split = ",",
      defaultValue = "1000,10000,50000,100000",
      description = "Stream sizes at which the cost of the last 1,000 articles is printed.")
  List<Integer> reportAt;

  @Option(
      names = "--per-day",
      defaultValue = "10000",
      description =
          "Articles per day of event time (default: ${DEFAULT-VALUE}; with the 7-day window, 70,000"
              + " articles are live at once, so 100,000 shows the store stop growing).")
  int perDay;

  @Option(
      names = "--window-days",
      defaultValue = "7",
      description = "Link window in days (default: ${DEFAULT-VALUE}).")
  int windowDays;

  @Option(
      names = "--entities",
      defaultValue = "50000",
      description = "Distinct entities in the stream (default: ${DEFAULT-VALUE}).")
  int entities;

  @Option(
      names = "--warmup",
      defaultValue = "5000",
      description =
          "Articles of a separate stream run first, not measured (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--seed", defaultValue = "20261126", description = "Seed of the generator.")
  long seed;

  @Option(
      names = "--no-baseline",
      description = "Skip the run without links (the difference is then not printed).")
  boolean noBaseline;

  @Option(
      names = "--partitions",
      defaultValue = "4",
      description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = "Stream threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--links-commit-ms",
      description =
          "commit.interval.ms of the link application (default: Kafka Streams' own, 100 ms under"
              + " exactly-once).")
  Integer linksCommitMs;

  @Option(
      names = "--links-cache-bytes",
      description =
          "statestore.cache.max.bytes of the link application (default: Kafka Streams' own,"
              + " 10485760).")
  Long linksCacheBytes;

  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private EmbeddedKafkaBroker broker;

  public static void main(String[] args) {
    System.exit(new CommandLine(new LinkBenchmark()).execute(args));
  }

  @Override
  public void run() {
    if (articles < BLOCK) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--articles must be at least " + BLOCK);
    }
    List<Integer> checkpoints = new ArrayList<>(new TreeSet<>(reportAt));
    checkpoints.removeIf(c -> c < BLOCK || c > articles);
    if (!checkpoints.contains(articles)) {
      checkpoints.add(articles);
    }
    LinkSettings settings = LinkSettings.defaults().withWindow(Duration.ofDays(windowDays));
    System.out.printf(
        "link benchmark: %,d articles at %,d per day of event time, window %d days, %,d entities,"
            + " %d partitions, %d stream thread(s), seed %d%n",
        articles, perDay, windowDays, entities, partitions, threads, seed);
    long started = System.nanoTime();
    List<Synthetic> stream = new StreamGenerator(new Random(seed), entities, perDay).take(articles);
    System.out.printf(
        "generated in %.1f s; per article: %.1f entities, %.0f words%n",
        (System.nanoTime() - started) / 1e9,
        stream.stream().mapToInt(a -> a.entities.size()).average().orElse(0),
        stream.stream().mapToInt(a -> a.words).average().orElse(0));

    try (EmbeddedKafkaBroker started2 = EmbeddedKafkaBroker.builder().build().start()) {
      broker = started2;
      // warm the JIT on a separate short stream so neither measured run pays for it
      if (warmup > 0) {
        new Run(
                "warmup",
                new StreamGenerator(new Random(seed + 1), entities, perDay).take(warmup),
                settings,
                List.of(warmup))
            .execute();
      }
      Result withLinks = new Run("links", stream, settings, checkpoints).execute();
      Result without = noBaseline ? null : new Run("baseline", stream, null, checkpoints).execute();
      report(checkpoints, withLinks, without);
    } catch (Exception e) {
      throw new IllegalStateException("link benchmark failed: " + e.getMessage(), e);
    }
  }

  private void report(List<Integer> checkpoints, Result withLinks, Result without) {
    System.out.println();
    System.out.println(
        "stream size | CPU µs/article: stream thread with links | without | process with links"
            + " | without | link building (process) | articles kept | index entries");
    for (int i = 0; i < checkpoints.size(); i++) {
      Block w = withLinks.blocks.get(i);
      Block b = without == null ? null : without.blocks.get(i);
      System.out.printf(
          "%,11d | %40.0f | %7s | %17.0f | %7s | %23s | %,13d | %,16d%n",
          checkpoints.get(i),
          w.threadMicros(),
          b == null ? "-" : String.format("%.0f", b.threadMicros()),
          w.processMicros(),
          b == null ? "-" : String.format("%.0f", b.processMicros()),
          b == null ? "-" : String.format("%.0f", w.processMicros() - b.processMicros()),
          w.articleStates(),
          w.indexEntries());
    }
    System.out.println(
        "(each row: the 1,000 articles that end at that stream size, sent and processed on their"
            + " own; articles kept and index entries (entity postings and band entries): entries of the link stores then)");
    System.out.printf(
        "whole run, wall clock: %.0f articles/s with links%s%n",
        articles / (withLinks.totalNanos / 1e9),
        without == null
            ? ""
            : String.format(", %.0f without", articles / (without.totalNanos / 1e9)));
    System.out.printf(
        "whole run, CPU per article: process %.0f µs with links%s; stream threads %.0f µs%s%n",
        withLinks.processCpuNanos / 1e3 / articles,
        without == null
            ? ""
            : String.format(
                ", %.0f without: link building %.0f µs",
                without.processCpuNanos / 1e3 / articles,
                (withLinks.processCpuNanos - without.processCpuNanos) / 1e3 / articles),
        withLinks.threadCpuNanos / 1e3 / articles,
        without == null
            ? ""
            : String.format(", %.0f without", without.threadCpuNanos / 1e3 / articles));
    long links = withLinks.linksByType.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf(
        "links: %.2f per article, by type %s; %.2f messages between articles per article%n",
        (double) links / articles, withLinks.linksByType, (double) withLinks.messages / articles);
  }

  /** CPU time so far of the threads of Kafka Streams applications (ns). */
  private static long streamThreadCpu() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long total = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().contains("-StreamThread-")) {
        total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return total;
  }

  /** CPU time so far of this process (ns), the broker's threads included. */
  private static long processCpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The applications' records processed so far, over all their threads. */
  private static double processed(List<KafkaStreams> apps) {
    double total = 0;
    for (KafkaStreams streams : apps) {
      for (Map.Entry<MetricName, ? extends Metric> m : streams.metrics().entrySet()) {
        if (m.getKey().name().equals("process-total")
            && m.getKey().group().equals("stream-thread-metrics")) {
          total += ((Number) m.getValue().metricValue()).doubleValue();
        }
      }
    }
    return total;
  }

  /**
   * Waits until the application has been idle for {@link #QUIET}: no record processed and its
   * stream threads not busy (a punctuation or a commit processes no record but works), and returns
   * when it last was busy (System.nanoTime()).
   */
  private static long awaitQuiet(List<KafkaStreams> apps) throws InterruptedException {
    double last = processed(apps);
    long lastCpu = streamThreadCpu();
    long lastBusy = System.nanoTime();
    long poll = Duration.ofMillis(20).toNanos();
    while (System.nanoTime() - lastBusy < QUIET.toNanos()) {
      Thread.sleep(20);
      double now = processed(apps);
      long cpu = streamThreadCpu();
      if (now != last || cpu - lastCpu > poll / 2) {
        lastBusy = System.nanoTime();
      }
      last = now;
      lastCpu = cpu;
      for (KafkaStreams app : apps) {
        if (app.state() != KafkaStreams.State.RUNNING
            && app.state() != KafkaStreams.State.REBALANCING) {
          throw new IllegalStateException("an application stopped: " + app.state());
        }
      }
    }
    return lastBusy;
  }

  private void createTopics(String... names) throws Exception {
    try (Admin admin =
        Admin.create(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers()))) {
      List<NewTopic> topics = new ArrayList<>();
      for (String n : names) {
        topics.add(new NewTopic(n, partitions, (short) 1));
      }
      admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
    }
  }

  /**
   * One measured pass over the stream, on fresh topics and a fresh application; {@code settings}
   * null runs without link building.
   */
  private final class Run {
    private final List<Synthetic> stream;
    private final LinkSettings settings;
    private final List<Integer> checkpoints;
    private final Map<String, Synthetic> byId = new HashMap<>();
    private final String name;

    Run(String name, List<Synthetic> stream, LinkSettings settings, List<Integer> checkpoints) {
      this.name = name;
      this.stream = stream;
      this.settings = settings;
      this.checkpoints = checkpoints;
      for (Synthetic s : stream) {
        byId.put(s.id, s);
      }
    }

    Result execute() throws Exception {
      Path stateDir = Files.createTempDirectory("newsflow-link-bench-");
      Topics topics = Topics.create(TopicNames.withPrefix(name + "."), new SerdeFactory(registry));
      String messages = name + "-links-messages";
      createTopics(
          topics.raw().name(),
          topics.enriched().name(),
          topics.entities().name(),
          topics.deadLetters().name(),
          topics.links().name(),
          messages);
      Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
      Topology topology =
          EnrichTopology.build(new StreamsBuilder(), topics, this::enrich, name, clock);
      Properties props = enrichProperties(stateDir);
      Properties linkProps = linkProperties(props);
      Result result = new Result();
      List<KafkaStreams> apps = new ArrayList<>();
      try (KafkaStreams streams = new KafkaStreams(topology, props);
          KafkaStreams links =
              settings == null
                  ? null
                  : new KafkaStreams(
                      LinkTopology.build(
                          new StreamsBuilder(), topics, messages, partitions, settings, clock),
                      linkProps);
          KafkaProducer<String, RawArticle> producer = producer(topics)) {
        apps.add(streams);
        if (links != null) {
          apps.add(links);
        }
        startAndAwaitRunning(apps);
        measureBlocks(producer, topics, apps, links, result);
        if (settings != null) {
          countOutput(topics, messages, result);
        }
        if (links != null) {
          links.close(Duration.ofSeconds(30));
        }
        streams.close(Duration.ofSeconds(30));
      }
      deleteRecursively(stateDir);
      return result;
    }

    /** The enrich application's configuration: exactly-once, state under {@code stateDir}. */
    private Properties enrichProperties(Path stateDir) {
      Properties props = new Properties();
      props.put(StreamsConfig.APPLICATION_ID_CONFIG, name);
      props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
      props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
      props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
      props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
      return props;
    }

    /** The link application's: the enrich one's, its own id and the --links-* options. */
    private Properties linkProperties(Properties props) {
      Properties linkProps = new Properties();
      linkProps.putAll(props);
      linkProps.put(StreamsConfig.APPLICATION_ID_CONFIG, name + "-links");
      if (linksCommitMs != null) {
        linkProps.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, linksCommitMs);
      }
      if (linksCacheBytes != null) {
        linkProps.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, linksCacheBytes);
      }
      return linkProps;
    }

    private KafkaProducer<String, RawArticle> producer(Topics topics) {
      return new KafkaProducer<>(
          Map.<String, Object>of(
              ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
              broker.bootstrapServers(),
              ProducerConfig.LINGER_MS_CONFIG,
              5),
          topics.raw().keySerde().serializer(),
          topics.raw().valueSerde().serializer());
    }

    /** Starts the applications and waits (2 minutes at most) until each is RUNNING. */
    private void startAndAwaitRunning(List<KafkaStreams> apps) throws InterruptedException {
      apps.forEach(KafkaStreams::start);
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      for (KafkaStreams app : apps) {
        while (app.state() != KafkaStreams.State.RUNNING) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(name + " did not reach RUNNING: " + app.state());
          }
          Thread.sleep(50);
        }
      }
    }

    /**
     * Sends the stream up to each checkpoint: the articles before its block unmeasured, then the
     * block measured; adds a {@link Block} per checkpoint and the run's totals to {@code result}.
     */
    private void measureBlocks(
        KafkaProducer<String, RawArticle> producer,
        Topics topics,
        List<KafkaStreams> apps,
        KafkaStreams links,
        Result result)
        throws InterruptedException {
      int next = 0;
      long runCpu = processCpu();
      long runThreadCpu = streamThreadCpu();
      for (int checkpoint : checkpoints) {
        int measuredFrom = Math.max(next, checkpoint - BLOCK);
        long t = System.nanoTime();
        send(producer, topics, next, measuredFrom);
        result.totalNanos += awaitQuiet(apps) - t;
        t = System.nanoTime();
        long threadCpu = streamThreadCpu();
        long processCpu = processCpu();
        send(producer, topics, measuredFrom, checkpoint);
        result.totalNanos += awaitQuiet(apps) - t;
        double n = checkpoint - measuredFrom;
        result.blocks.add(
            new Block(
                (streamThreadCpu() - threadCpu) / 1e3 / n,
                (processCpu() - processCpu) / 1e3 / n,
                links == null ? 0 : entries(links, "link-article-state"),
                links == null ? 0 : entries(links, "link-index")));
        next = checkpoint;
      }
      result.processCpuNanos = processCpu() - runCpu;
      result.threadCpuNanos = streamThreadCpu() - runThreadCpu;
    }

    /** Counts the links by type and the messages the link application wrote. */
    private void countOutput(Topics topics, String messages, Result result) {
      for (var record :
          KafkaTestSupport.readAll(broker.bootstrapServers(), topics.links().name())) {
        ArticleLink link =
            topics.links().valueSerde().deserializer().deserialize(record.topic(), record.value());
        result.linksByType.merge(link.getType(), 1L, Long::sum);
      }
      result.messages = KafkaTestSupport.readAll(broker.bootstrapServers(), messages).size();
    }

    private void send(KafkaProducer<String, RawArticle> producer, Topics topics, int from, int to) {
      for (int i = from; i < to; i++) {
        Synthetic s = stream.get(i);
        producer.send(new ProducerRecord<>(topics.raw().name(), null, s.time, s.id, s.raw()));
      }
      producer.flush();
    }

    /** The stand-in enricher: the article's generated entities, its text as clean text. */
    private EnrichedArticle enrich(RawArticle raw) {
      Synthetic s = byId.get(raw.getId());
      List<Entity> list = new ArrayList<>(s.entities.size());
      for (String id : s.entities) {
        list.add(new Entity(id, id, EntityType.ORGANIZATION, 1.0f, "bench", List.of()));
      }
      return EnrichedArticle.newBuilder()
          .setId(raw.getId())
          .setTitle(raw.getTitle())
          .setBody(raw.getBody())
          .setBodyFormat(raw.getBodyFormat())
          .setUrl(null)
          .setPublishedAt(raw.getPublishedAt())
          .setReceivedAt(raw.getReceivedAt())
          .setChannel(IngestChannel.FILE)
          .setCleanTitle(raw.getTitle())
          .setCleanText(raw.getBody())
          .setWordCount(s.words)
          .setEnrichedAt(T0)
          .setEntities(list)
          .setLinks(List.of())
          .setQuotes(List.of())
          .build();
    }
  }

  /**
   * One measured block: CPU per article of the stream threads, and of the whole process (which
   * includes the broker's work for the application's topics).
   */
  private record Block(
      double threadMicros, double processMicros, long articleStates, long indexEntries) {}

  /** The number of entries of a store of the application, over its local tasks. */
  private static long entries(KafkaStreams streams, String store) {
    long n = 0;
    try (KeyValueIterator<Object, Object> all =
        streams
            .store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()))
            .all()) {
      while (all.hasNext()) {
        all.next();
        n++;
      }
    }
    return n;
  }

  private static final class Result {
    final List<Block> blocks = new ArrayList<>();
    final Map<LinkType, Long> linksByType = new EnumMap<>(LinkType.class);
    long totalNanos;
    long processCpuNanos;
    long threadCpuNanos;
    long messages;
  }

  /** A generated article. */
  private record Synthetic(
      String id, long time, String title, String text, int words, List<String> entities) {
    RawArticle raw() {
      Instant at = Instant.ofEpochMilli(time);
      return RawArticle.newBuilder()
          .setId(id)
          .setTitle(title)
          .setBody(text)
          .setBodyFormat(BodyFormat.TEXT)
          .setPublishedAt(at)
          .setReceivedAt(at)
          .setChannel(IngestChannel.FILE)
          .setOrigin("bench")
          .setLanguage("en")
          .build();
    }
  }

  /**
   * The generated stream. Each article: 4 to 8 background entities (Zipf, exponent 1), with
   * probability 0.4 a running story's 3 own entities (stories run for 2 days), with probability
   * 0.05 a near-copy of one of the last 500 articles (every 20th word changed); 150 to 400 words of
   * text from a Zipf vocabulary of 30,000 words.
   */
  private static final class StreamGenerator {
    private static final int VOCABULARY = 30_000;
    private final Random random;
    private final long spacingMillis;
    private final double[] entityCdf;
    private final double[] wordCdf;
    private final List<Story> stories = new ArrayList<>();
    private final List<Synthetic> produced = new ArrayList<>();
    private int storySequence;

    StreamGenerator(Random random, int entityCount, int perDay) {
      this.random = random;
      this.spacingMillis = Math.max(1, Duration.ofDays(1).toMillis() / perDay);
      this.entityCdf = zipf(entityCount);
      this.wordCdf = zipf(VOCABULARY);
    }

    List<Synthetic> take(int n) {
      for (int i = 0; i < n; i++) {
        produced.add(next(i));
      }
      return produced;
    }

    private Synthetic next(int i) {
      String id = "bench-" + i;
      long time = T0.toEpochMilli() + i * spacingMillis;
      if (i > 0 && random.nextDouble() < 0.05) {
        Synthetic original = produced.get(Math.max(0, i - 1 - random.nextInt(500)));
        String[] words = original.text.split(" ");
        for (int w = random.nextInt(20); w < words.length; w += 20) {
          words[w] = word();
        }
        return new Synthetic(
            id,
            time,
            "Copy: " + original.title,
            String.join(" ", words),
            words.length,
            original.entities);
      }
      TreeSet<String> chosen = new TreeSet<>();
      int background = 4 + random.nextInt(5);
      while (chosen.size() < background) {
        chosen.add("Q" + sample(entityCdf));
      }
      stories.removeIf(s -> time - s.started > Duration.ofDays(2).toMillis());
      if (random.nextDouble() < 0.4) {
        Story story;
        if (stories.isEmpty() || random.nextInt(4) == 0) {
          story = new Story(storySequence++, time);
          stories.add(story);
        } else {
          story = stories.get(random.nextInt(stories.size()));
        }
        for (int k = 0; k < 3; k++) {
          chosen.add("S" + story.number + "-" + k);
        }
      }
      int words = 150 + random.nextInt(251);
      StringBuilder text = new StringBuilder();
      for (int w = 0; w < words; w++) {
        text.append(w == 0 ? "" : " ").append(word());
      }
      return new Synthetic(
          id,
          time,
          "Article " + i + " " + word() + " " + word(),
          text.toString(),
          words,
          List.copyOf(chosen));
    }

    private String word() {
      return "w" + sample(wordCdf);
    }

    private int sample(double[] cdf) {
      int i = Arrays.binarySearch(cdf, random.nextDouble());
      return Math.min(cdf.length - 1, i >= 0 ? i : -i - 1);
    }

    private static double[] zipf(int n) {
      double[] cdf = new double[n];
      double sum = 0;
      for (int k = 0; k < n; k++) {
        sum += 1.0 / (k + 1);
        cdf[k] = sum;
      }
      for (int k = 0; k < n; k++) {
        cdf[k] /= sum;
      }
      return cdf;
    }

    private record Story(int number, long started) {}
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
