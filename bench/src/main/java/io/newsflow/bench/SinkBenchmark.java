package io.newsflow.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.newsflow.avro.ArticleLink;
import io.newsflow.avro.EnrichedArticle;
import io.newsflow.avro.Entity;
import io.newsflow.avro.EntityType;
import io.newsflow.avro.IngestChannel;
import io.newsflow.avro.Link;
import io.newsflow.avro.LinkType;
import io.newsflow.avro.Mention;
import io.newsflow.avro.Quote;
import io.newsflow.embedded.ApicurioRegistryServer;
import io.newsflow.embedded.EmbeddedKafkaBroker;
import io.newsflow.embedded.EmbeddedServers;
import io.newsflow.query.QueryConfig;
import io.newsflow.query.QueryServer;
import io.newsflow.schemas.SerdeFactory;
import io.newsflow.schemas.TopicNames;
import io.newsflow.schemas.Topics;
import io.newsflow.sink.SinkConfig;
import io.newsflow.sink.postgres.PostgresSink;
import io.newsflow.testkit.KafkaTestSupport;
import io.newsflow.testkit.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How fast the PostgreSQL sink stores enriched articles, and how fast the query API answers over
 * what it stored. Generates a stream of enriched articles (entities drawn from a Zipf distribution,
 * so a few are in thousands of articles and most in a handful; mentions, a quote for half of them,
 * cited outlets, hyperlinks) and their links (the article's own, two RELATED pairs, a STORY),
 * produces them to a real broker with a real registry, then times the sink from start until every
 * record is in a fresh database on the given PostgreSQL, and times a replay of the same topics by a
 * second group (every version already stored: the idempotent path).
 *
 * <pre>bench/run sink --articles 100000</pre>
 */
@Command(
    name = "sink-benchmark",
    mixinStandardHelpOptions = true,
    description = "Articles/s of the PostgreSQL sink and latency of the query API.")
public final class SinkBenchmark implements Runnable {
  private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
  private static final int VOCABULARY = 5_000;

  @Option(names = "--articles", defaultValue = "100000", description = "Articles to store.")
  int articles;

  @Option(
      names = "--entities",
      defaultValue = "50000",
      description = "Distinct entities to draw from.")
  int entities;

  @Option(names = "--partitions", defaultValue = "4", description = "Partitions per topic.")
  int partitions;

  @Option(
      names = "--batch-records",
      defaultValue = "2000",
      description = "sink.jdbc.batch.records (default: ${DEFAULT-VALUE}).")
  int batchRecords;

  @Option(
      names = "--postgres",
      defaultValue = TestDatabase.DEFAULT_ADMIN_URL,
      description =
          "Administrative JDBC URL of the PostgreSQL to use; a database is created for the run and"
              + " dropped after it (default: ${DEFAULT-VALUE}).")
  String postgres;

  @Option(names = "--seed", defaultValue = "7", description = "Random seed.")
  long seed;

  @Option(names = "--queries", defaultValue = "5000", description = "Entity queries to time.")
  int queries;

  @Option(names = "--clients", defaultValue = "4", description = "Concurrent query clients.")
  int clients;

  public static void main(String[] args) {
    System.exit(new CommandLine(new SinkBenchmark()).execute(args));
  }

  @Override
  public void run() {
    System.setProperty("newsflow.it.postgres.url", postgres);
    try (EmbeddedServers servers =
            EmbeddedServers.start(
                EmbeddedKafkaBroker.builder().build(), ApicurioRegistryServer.builder().build());
        TestDatabase database = TestDatabase.create()) {
      measure(servers, database);
    } catch (Exception e) {
      throw new IllegalStateException("sink benchmark failed: " + e.getMessage(), e);
    }
  }

  private void measure(EmbeddedServers servers, TestDatabase database) throws Exception {
    String prefix = "bench-sink.";
    SinkConfig config = sinkConfig(servers, database, prefix);
    Topics topics =
        Topics.create(
            TopicNames.withPrefix(prefix), new SerdeFactory(config.schemaRegistryClient()));
    KafkaTestSupport.createTopics(
        servers.bootstrapServers(),
        partitions,
        topics.enriched().name(),
        topics.links().name(),
        topics.deadLetters().name());

    Produced produced = produceStream(servers, topics);
    timeSink(config, topics, produced.linkRecords());
    printTables(database.jdbcUrl());
    queryLoad(database.jdbcUrl(), produced.generator());
  }

  private SinkConfig sinkConfig(EmbeddedServers servers, TestDatabase database, String prefix) {
    Map<String, String> options = new HashMap<>();
    options.put("bootstrap.servers", servers.bootstrapServers());
    options.put("schema.registry.url", servers.schemaRegistryUrl());
    options.put("topic.raw", prefix + "raw");
    options.put("topic.enriched", prefix + "enriched");
    options.put("topic.links", prefix + "links");
    options.put("topic.dlq", prefix + "dlq");
    options.put(SinkConfig.JDBC_URL, database.jdbcUrl());
    options.put(SinkConfig.JDBC_BATCH_RECORDS, Integer.toString(batchRecords));
    options.put(SinkConfig.POLL_TIMEOUT_MS, "100");
    return new SinkConfig(options);
  }

  /** The generator of the produced stream (queries draw from it) and the link records produced. */
  private record Produced(Generator generator, long linkRecords) {}

  /** Generates the articles and their links and produces them to the topics. */
  private Produced produceStream(EmbeddedServers servers, Topics topics) {
    long started = System.nanoTime();
    Generator generator = new Generator(new Random(seed), entities);
    long linkRecords = 0;
    long bytes = 0;
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                servers.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "lz4"),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < articles; i++) {
        EnrichedArticle article = generator.next(i);
        byte[] key = article.getId().getBytes(StandardCharsets.UTF_8);
        byte[] value = topics.enriched().serializeValue(article);
        bytes += value.length;
        producer.send(new ProducerRecord<>(topics.enriched().name(), key, value));
        for (ArticleLink link : generator.links(article)) {
          producer.send(
              new ProducerRecord<>(
                  topics.links().name(),
                  link.getFrom().getBytes(StandardCharsets.UTF_8),
                  topics.links().serializeValue(link)));
          linkRecords++;
        }
      }
      producer.flush();
    }
    System.out.printf(
        "generated and produced %,d enriched articles (%.1f KB each on average, %.1f entities,"
            + " %.1f mentions) and %,d link records in %.1f s%n",
        articles,
        bytes / 1024.0 / articles,
        generator.entityCount / (double) articles,
        generator.mentionCount / (double) articles,
        linkRecords,
        (System.nanoTime() - started) / 1e9);
    return new Produced(generator, linkRecords);
  }

  /** Times the sink into the empty database, then a replay of the same topics by a new group. */
  private void timeSink(SinkConfig config, Topics topics, long linkRecords)
      throws InterruptedException {
    Result first = runSink(config, topics, "newsflow-bench-sink", linkRecords);
    System.out.printf(
        "sink, empty database : %,d articles + %,d links in %.1f s = %,.0f articles/s"
            + " (%,.0f records/s), %d retries, %d dead letters%n",
        first.articles,
        first.links,
        first.seconds,
        first.articles / first.seconds,
        (first.articles + first.links) / first.seconds,
        first.retries,
        first.deadLetters);
    Result replay = runSink(config, topics, "newsflow-bench-replay", linkRecords);
    System.out.printf(
        "sink, replay         : %,d articles + %,d links in %.1f s = %,.0f articles/s"
            + " (every version already stored)%n",
        replay.articles, replay.links, replay.seconds, replay.articles / replay.seconds);
  }

  private record Result(
      long articles, long links, double seconds, long retries, long deadLetters) {}

  private Result runSink(SinkConfig base, Topics topics, String group, long linkRecords)
      throws InterruptedException {
    Map<String, Object> options = new HashMap<>(base.originals());
    options.put(SinkConfig.JDBC_GROUP_ID, group);
    long started = System.nanoTime();
    try (PostgresSink sink =
        new PostgresSink(
            new SinkConfig(options),
            topics,
            new SimpleMeterRegistry(),
            article -> {},
            Clock.systemUTC())) {
      sink.start();
      while (sink.articlesWritten() < articles || sink.linksWritten() < linkRecords) {
        if (sink.failure().isDone()) {
          throw new IllegalStateException("the sink stopped", sink.failure().join());
        }
        Thread.sleep(20);
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      return new Result(
          sink.articlesWritten(),
          sink.linksWritten(),
          seconds,
          sink.retryCount(),
          sink.deadLetteredCount());
    }
  }

  /**
   * Times the query API over the stored data: {@code /v1/entities/{id}/articles?limit=20} for
   * entities drawn from the stored mentions (so popular ones, in thousands of articles, come up
   * often), from {@code --clients} threads, after a warm-up; then the same for a search by two
   * words.
   */
  private void queryLoad(String jdbcUrl, Generator generator) throws Exception {
    Map<String, String> options = new HashMap<>();
    options.put(QueryConfig.JDBC_URL, jdbcUrl);
    options.put(QueryConfig.HTTP_PORT, "0");
    try (QueryServer server = QueryServer.start(new QueryConfig(options))) {
      String base = "http://127.0.0.1:" + server.port();
      Random random = new Random(seed + 1);
      List<String> entityPaths = new ArrayList<>();
      List<String> searchPaths = new ArrayList<>();
      // entities as a reader meets them in articles: one mentioned in many is asked for often
      List<String> mentioned = new ArrayList<>();
      try (Connection c = DriverManager.getConnection(jdbcUrl);
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT entity_id FROM article_entities ORDER BY random() LIMIT "
                      + (queries + queries / 10))) {
        while (rs.next()) {
          mentioned.add(rs.getString(1));
        }
      }
      for (int i = 0; i < queries + queries / 10; i++) {
        entityPaths.add(
            "/v1/entities/" + mentioned.get(i % mentioned.size()) + "/articles?limit=20");
        searchPaths.add(
            "/v1/search?q="
                + generator.sampleWord(random)
                + "+"
                + generator.sampleWord(random)
                + "&limit=20");
      }
      report("entity query  GET /v1/entities/{id}/articles?limit=20", base, entityPaths);
      // every search ranks all its matches, and common words match most articles: fewer of them
      report(
          "search        GET /v1/search?q=<two words>&limit=20",
          base,
          searchPaths.subList(0, Math.min(searchPaths.size(), 550)));
    }
  }

  private void report(String what, String base, List<String> paths) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    int warm = paths.size() / 11;
    run(http, base, paths.subList(0, warm));
    long started = System.nanoTime();
    long[] micros = run(http, base, paths.subList(warm, paths.size()));
    double seconds = (System.nanoTime() - started) / 1e9;
    Arrays.sort(micros);
    System.out.printf(
        "%s: %,d requests (after %,d warm-up), %d clients: %,.0f requests/s, p50 %.1f ms,"
            + " p99 %.1f ms, max %.1f ms%n",
        what,
        micros.length,
        warm,
        clients,
        micros.length / seconds,
        micros[micros.length / 2] / 1000.0,
        micros[(int) Math.min(micros.length - 1, Math.ceil(micros.length * 0.99) - 1)] / 1000.0,
        micros[micros.length - 1] / 1000.0);
  }

  /** Sends every request, {@code clients} at a time; returns each one's latency in µs. */
  private long[] run(HttpClient http, String base, List<String> paths) throws Exception {
    long[] micros = new long[paths.size()];
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> workers = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      workers.add(
          pool.submit(
              () -> {
                for (int i = next.getAndIncrement(); i < paths.size(); i = next.getAndIncrement()) {
                  long t = System.nanoTime();
                  HttpResponse<String> answer =
                      http.send(
                          HttpRequest.newBuilder(URI.create(base + paths.get(i))).build(),
                          HttpResponse.BodyHandlers.ofString());
                  micros[i] = (System.nanoTime() - t) / 1_000;
                  if (answer.statusCode() != 200) {
                    throw new IllegalStateException(
                        paths.get(i) + " answered " + answer.statusCode() + ": " + answer.body());
                  }
                }
                return null;
              }));
    }
    try {
      for (Future<?> w : workers) {
        w.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return micros;
  }

  private static void printTables(String jdbcUrl) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl);
        Statement s = c.createStatement()) {
      List<String> counts = new ArrayList<>();
      for (String table :
          List.of(
              "articles",
              "entities",
              "entity_names",
              "article_entities",
              "mentions",
              "quotes",
              "links",
              "story_members")) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
          rs.next();
          counts.add(String.format("%s %,d", table, rs.getLong(1)));
        }
      }
      try (ResultSet rs =
          s.executeQuery("SELECT pg_size_pretty(pg_database_size(current_database()))")) {
        rs.next();
        System.out.printf(
            "tables: %s; database size %s%n", String.join(", ", counts), rs.getString(1));
      }
    }
  }

  /** Enriched articles with Zipf-distributed entities and words; the same seed, the same stream. */
  static final class Generator {
    private final Random random;
    private final double[] entityCdf;
    private final double[] wordCdf;
    long entityCount;
    long mentionCount;

    Generator(Random random, int entities) {
      this.random = random;
      this.entityCdf = zipf(entities);
      this.wordCdf = zipf(VOCABULARY);
    }

    String sampleWord(Random r) {
      return "w" + sample(wordCdf, r);
    }

    /** Article {@code i}; the random draws are made in the order of the steps. */
    EnrichedArticle next(int i) {
      Instant published = T0.plusSeconds(i * 9L);
      TreeSet<Integer> chosen = chooseEntities();
      StringBuilder text = new StringBuilder();
      List<Entity> found = new ArrayList<>();
      for (int e : chosen) {
        found.add(entity(e, text));
      }
      entityCount += found.size();
      String clean = text.toString().strip();
      String title = "Article " + i + " " + sampleWord(random) + " " + sampleWord(random);
      List<Quote> quotes = quotes(found, clean);
      List<Link> links = writtenLinks();
      return EnrichedArticle.newBuilder()
          .setId("bench-" + i)
          .setTitle(title)
          .setBody(clean)
          .setUrl("https://news.example/" + i)
          .setPublishedAt(published)
          .setReceivedAt(published.plusSeconds(5))
          .setChannel(IngestChannel.HTTP)
          .setPublisher("bench")
          .setCleanTitle(title)
          .setCleanText(clean)
          .setWordCount(clean.split(" ").length)
          .setEnrichedAt(published.plusSeconds(6))
          .setEntities(found)
          .setQuotes(quotes)
          .setLinks(links)
          .build();
    }

    /** 4 to 8 distinct entities, by number. */
    private TreeSet<Integer> chooseEntities() {
      TreeSet<Integer> chosen = new TreeSet<>();
      int count = 4 + random.nextInt(5);
      while (chosen.size() < count) {
        chosen.add(sample(entityCdf, random));
      }
      return chosen;
    }

    /** Entity {@code e}, mentioned 1 to 3 times in {@code text}, each after 10 to 39 words. */
    private Entity entity(int e, StringBuilder text) {
      List<Mention> mentions = new ArrayList<>();
      int times = 1 + random.nextInt(3);
      for (int m = 0; m < times; m++) {
        for (int w = 10 + random.nextInt(30); w > 0; w--) {
          text.append("w").append(sample(wordCdf, random)).append(' ');
        }
        String form = "Entity " + e + (m == 1 ? " Jr" : "");
        mentions.add(
            Mention.newBuilder()
                .setStart(text.length())
                .setEnd(text.length() + form.length())
                .setText(form)
                .build());
        text.append(form).append(". ");
      }
      mentionCount += mentions.size();
      return Entity.newBuilder()
          .setId("Q" + e)
          .setName("Entity " + e)
          .setType(EntityType.values()[e % 3])
          .setConfidence(0.5f + random.nextFloat() / 2)
          .setSource("wikidata")
          .setMentions(mentions)
          .build();
    }

    /** For half of the articles, a quote from the middle of the text by one of its entities. */
    private List<Quote> quotes(List<Entity> found, String clean) {
      List<Quote> quotes = new ArrayList<>();
      if (random.nextBoolean()) {
        Entity speaker = found.get(random.nextInt(found.size()));
        int start = Math.max(0, clean.length() / 2);
        quotes.add(
            Quote.newBuilder()
                .setText(clean.substring(start, Math.min(clean.length(), start + 60)))
                .setStart(start)
                .setEnd(Math.min(clean.length(), start + 60))
                .setSpeakerId(speaker.getId())
                .setSpeakerName(speaker.getName())
                .setCue("said")
                .setConfidence(0.8f)
                .build());
      }
      return quotes;
    }

    /** The links written in an article: a hyperlink, and for 3 in 10 a cited outlet. */
    private List<Link> writtenLinks() {
      List<Link> links = new ArrayList<>();
      links.add(
          Link.newBuilder()
              .setType(LinkType.HYPERLINK)
              .setTarget("https://source.example/" + random.nextInt(articles()))
              .setTargetName("a source")
              .build());
      if (random.nextInt(10) < 3) {
        links.add(
            Link.newBuilder()
                .setType(LinkType.CITES)
                .setTarget("Q" + (1 + random.nextInt(20)))
                .setTargetName("an outlet")
                .build());
      }
      return links;
    }

    private int articles() {
      return 1_000_000;
    }

    /** The article's own links, two RELATED pairs with earlier articles, and its STORY. */
    List<ArticleLink> links(EnrichedArticle a) {
      List<ArticleLink> out = new ArrayList<>();
      for (Link l : a.getLinks()) {
        out.add(link(l.getType(), a.getId(), l.getTarget(), l.getScore(), a.getEnrichedAt()));
      }
      int i = Integer.parseInt(a.getId().substring("bench-".length()));
      for (int k = 0; k < 2 && i > 0; k++) {
        String other = "bench-" + random.nextInt(i);
        out.add(link(LinkType.RELATED, a.getId(), other, 1.0, a.getEnrichedAt()));
        out.add(link(LinkType.RELATED, other, a.getId(), 1.0, a.getEnrichedAt()));
      }
      out.add(
          link(LinkType.STORY, a.getId(), "story:bench-" + (i - i % 7), 1.0, a.getEnrichedAt()));
      return out;
    }

    private static ArticleLink link(
        LinkType type, String from, String to, double score, Instant at) {
      return ArticleLink.newBuilder()
          .setType(type)
          .setFrom(from)
          .setTo(to)
          .setScore(score)
          .setEvidence(List.of("Q1"))
          .setTargetName(null)
          .setCreatedAt(at)
          .build();
    }

    private static int sample(double[] cdf, Random random) {
      int i = Arrays.binarySearch(cdf, random.nextDouble());
      return 1 + Math.min(cdf.length - 1, i >= 0 ? i : -i - 1);
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
  }
}
