package io.newsflow.sink.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.newsflow.avro.ArticleLink;
import io.newsflow.avro.DeadLetter;
import io.newsflow.avro.EnrichedArticle;
import io.newsflow.avro.LinkType;
import io.newsflow.avro.Mention;
import io.newsflow.schemas.SerdeFactory;
import io.newsflow.schemas.TopicNames;
import io.newsflow.schemas.Topics;
import io.newsflow.sink.SinkConfig;
import io.newsflow.store.Databases;
import io.newsflow.testkit.KafkaTestSupport;
import io.newsflow.testkit.PipelineEnvironment;
import io.newsflow.testkit.TcpProxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The PostgreSQL sink against the real broker, registry and PostgreSQL (issue 6): tables written
 * once, replays change nothing, older versions never win, the database cut and locked away, and
 * records the database refuses dead-lettered while the rest goes on. Each test writes into a schema
 * of its own in the run's database. Subclasses choose the servers: {@link EmbeddedPostgresSinkIT}
 * (tier 2) and {@link ContainersPostgresSinkIT} (tier 3).
 */
abstract class AbstractPostgresSinkScenario {
  private static final Pattern HOST_PORT = Pattern.compile("^jdbc:postgresql://([^:/]+):(\\d+)/");

  private PipelineEnvironment env;
  private String prefix;
  private Topics topics;
  private String schemaUrl;
  private Map<String, String> props;
  private final List<PostgresSink> sinks = new ArrayList<>();
  private SimpleMeterRegistry meters;

  @BeforeEach
  void setUp(PipelineEnvironment env, TestInfo info) throws SQLException {
    this.env = env;
    prefix = KafkaTestSupport.uniquePrefix(info.getDisplayName());
    String schema = "t_" + prefix.replaceAll("[^A-Za-z0-9]", "_").toLowerCase();
    try (Connection c = DriverManager.getConnection(env.jdbcUrl());
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    schemaUrl =
        env.jdbcUrl() + (env.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
    props = new HashMap<>(env.pipelineProperties());
    props.put("topic.raw", prefix + "raw");
    props.put("topic.enriched", prefix + "enriched");
    props.put("topic.links", prefix + "links");
    props.put("topic.dlq", prefix + "dlq");
    props.put(SinkConfig.JDBC_URL, schemaUrl);
    props.put(SinkConfig.JDBC_GROUP_ID, prefix + "pg");
    props.put(SinkConfig.POLL_TIMEOUT_MS, "100");
    props.put(SinkConfig.JDBC_RETRY_BACKOFF_MAX_MS, "500");
    KafkaTestSupport.createTopics(
        env.bootstrapServers(), 2, prefix + "enriched", prefix + "links", prefix + "dlq");
    topics =
        Topics.create(
            TopicNames.withPrefix(prefix),
            new SerdeFactory(new SinkConfig(props).schemaRegistryClient()));
    meters = new SimpleMeterRegistry();
  }

  @AfterEach
  void tearDown() {
    sinks.forEach(PostgresSink::close);
  }

  private PostgresSink startSink(Map<String, String> overrides) {
    Map<String, String> p = new HashMap<>(props);
    p.putAll(overrides);
    PostgresSink sink =
        new PostgresSink(new SinkConfig(p), topics, meters, article -> {}, Clock.systemUTC());
    sinks.add(sink);
    return sink.start();
  }

  private void produce(List<EnrichedArticle> articles, List<ArticleLink> links, byte[]... raw)
      throws Exception {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", env.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      List<Future<?>> sends = new ArrayList<>();
      for (EnrichedArticle a : articles) {
        sends.add(
            producer.send(
                new ProducerRecord<>(
                    topics.enriched().name(),
                    key(a.getId()),
                    topics.enriched().serializeValue(a))));
      }
      for (ArticleLink l : links) {
        sends.add(
            producer.send(
                new ProducerRecord<>(
                    topics.links().name(), key(l.getFrom()), topics.links().serializeValue(l))));
      }
      for (byte[] r : raw) {
        sends.add(producer.send(new ProducerRecord<>(topics.enriched().name(), key("raw"), r)));
      }
      for (Future<?> send : sends) {
        send.get();
      }
    }
  }

  private static byte[] key(String id) {
    return id.getBytes(StandardCharsets.UTF_8);
  }

  private List<String> query(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(schemaUrl);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private long count(String sql) throws SQLException {
    return Long.parseLong(query(sql).get(0));
  }

  private List<DeadLetter> deadLetters() {
    List<DeadLetter> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r :
        KafkaTestSupport.readAll(env.bootstrapServers(), topics.deadLetters().name())) {
      out.add(topics.deadLetters().deserializeValue(r.value()));
    }
    return out;
  }

  @Test
  void storesArticlesWithEntitiesAliasesQuotesLinksAndStoriesAndAReplayChangesNothing()
      throws Exception {
    String a1 = prefix + "a1";
    String a2 = prefix + "a2";
    EnrichedArticle first = Fixtures.article(a1, 1);
    EnrichedArticle second = Fixtures.article(a2, 2);
    java.time.Instant at = Fixtures.T0.plusSeconds(600);
    produce(
        List.of(first, second),
        List.of(
            Fixtures.link(LinkType.RELATED, a2, a1, 0.7, at),
            Fixtures.link(LinkType.RELATED, a1, a2, 0.7, at),
            Fixtures.link(LinkType.STORY, a1, "story:" + a1, 1.0, at),
            Fixtures.link(LinkType.STORY, a2, "story:" + a1, 1.0, at),
            // the CITES link the article carries, as enrich also publishes it
            ArticleLink.newBuilder(
                    Fixtures.link(LinkType.CITES, a1, "Q130091", 0.0, first.getEnrichedAt()))
                .setEvidence(List.of("Reuters reported"))
                .setTargetName("Reuters")
                .build()));
    PostgresSink sink = startSink(Map.of());
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> sink.articlesWritten() == 2 && sink.linksWritten() == 5);

    assertThat(query("SELECT id FROM articles ORDER BY id")).containsExactly(a1, a2);
    assertThat(query("SELECT name_key FROM entity_names WHERE entity_id = 'Q2429253' ORDER BY 1"))
        .containsExactly("daesh", "isil", "islamic state");
    assertThat(count("SELECT count(*) FROM mentions WHERE article_id = '" + a1 + "'")).isEqualTo(5);
    assertThat(
            query("SELECT speaker_id || ':' || text FROM quotes WHERE article_id = '" + a1 + "'"))
        .containsExactly("Q1253:we must act now");
    assertThat(
            query("SELECT type || '>' || to_id FROM links WHERE from_id = '" + a1 + "' ORDER BY 1"))
        .containsExactly(
            "CITES>Q130091", "HYPERLINK>https://other.example/v1", "QUOTE>Q1253", "RELATED>" + a2);
    assertThat(query("SELECT id || ' ' || article_count FROM stories"))
        .containsExactly("story:" + a1 + " 2");
    assertThat(
            query(
                "SELECT id FROM articles WHERE search @@ websearch_to_tsquery('english', 'mosul talks')"
                    + " ORDER BY id"))
        .containsExactly(a1, a2);
    assertThat(
            query(
                "SELECT article_id FROM article_entities WHERE entity_id = 'Q209'"
                    + " ORDER BY sort_time DESC"))
        .containsExactly(a2, a1);

    // an article in three versions, the last with a hyperlink longer than a b-tree entry, and
    // v1's own hyperlink arriving late on the links topic
    String a3 = prefix + "a3";
    EnrichedArticle v3 = Fixtures.article(a3, 3);
    List<io.newsflow.avro.Link> v3Links = new ArrayList<>(v3.getLinks());
    v3Links.add(
        io.newsflow.avro.Link.newBuilder()
            .setType(LinkType.HYPERLINK)
            .setTarget("https://long.example/" + "x".repeat(5_000))
            .build());
    v3.setLinks(v3Links);
    produce(
        List.of(Fixtures.article(a3, 1), Fixtures.article(a3, 2), v3),
        List.of(
            Fixtures.link(
                LinkType.HYPERLINK,
                a3,
                "https://other.example/v1",
                0,
                Fixtures.article(a3, 1).getEnrichedAt())));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> sink.articlesWritten() == 5 && sink.linksWritten() == 6);
    assertThat(query("SELECT title FROM articles WHERE id = '" + a3 + "'"))
        .containsExactly(v3.getTitle());
    assertThat(
            query(
                "SELECT left(to_id, 30) FROM links WHERE from_id = '"
                    + a3
                    + "' AND type = 'HYPERLINK' ORDER BY 1"))
        .containsExactly("https://long.example/xxxxxxxxx", "https://other.example/v3");

    Map<String, List<String>> before = Fixtures.dump(schemaUrl);
    // a second group replays both topics from the start, one record per transaction, so every
    // older version meets the stored newer one in the database
    PostgresSink replay =
        startSink(
            Map.of(
                SinkConfig.JDBC_GROUP_ID, prefix + "replay", SinkConfig.JDBC_BATCH_RECORDS, "1"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> replay.articlesWritten() == 5 && replay.linksWritten() == 6);
    assertThat(Fixtures.dump(schemaUrl)).isEqualTo(before);
    assertThat(deadLetters()).isEmpty();
  }

  @Test
  void anOlderVersionNeverReplacesANewerOneAndANewerOneReplacesItsOwnLinks() throws Exception {
    String id = prefix + "x";
    EnrichedArticle v1 = Fixtures.article(id, 1);
    EnrichedArticle v2 = Fixtures.article(id, 2);
    // v2 stored first; then, in batches of their own, a late v1 and v1's hyperlink as enrich
    // published it: the database's own guard must keep v2
    PostgresSink sink = startSink(Map.of(SinkConfig.JDBC_BATCH_RECORDS, "1"));
    produce(List.of(v2), List.of());
    await().atMost(Duration.ofSeconds(60)).until(() -> sink.articlesWritten() == 1);
    produce(
        List.of(v1),
        List.of(
            Fixtures.link(
                LinkType.HYPERLINK, id, "https://other.example/v1", 0, v1.getEnrichedAt())));
    await().atMost(Duration.ofSeconds(60)).until(() -> sink.articlesWritten() == 2);
    await().atMost(Duration.ofSeconds(30)).until(() -> sink.linksWritten() == 1);
    assertThat(query("SELECT title FROM articles")).containsExactly(v2.getTitle());
    assertThat(query("SELECT to_id FROM links WHERE type = 'HYPERLINK'"))
        .containsExactly("https://other.example/v2");
    assertThat(query("SELECT DISTINCT text FROM mentions WHERE text = 'ISIL'")).hasSize(1);

    EnrichedArticle v3 = Fixtures.article(id, 3);
    produce(List.of(v3), List.of());
    await().atMost(Duration.ofSeconds(60)).until(() -> sink.articlesWritten() == 3);
    assertThat(query("SELECT title FROM articles")).containsExactly(v3.getTitle());
    assertThat(query("SELECT to_id FROM links WHERE type = 'HYPERLINK'"))
        .containsExactly("https://other.example/v3");
    assertThat(count("SELECT count(*) FROM mentions")).isEqualTo(5);
    assertThat(count("SELECT count(*) FROM quotes")).isEqualTo(1);
  }

  @Test
  void pooledConnectionsPlanEachStatementForItsValues() throws Exception {
    try (var pool = Databases.pool(schemaUrl, null, null, 1, 1_000, "plan-test");
        Connection c = pool.getConnection()) {
      // a statement kept prepared on the server soon runs a generic plan; one made while
      // article_entities was empty scanned the whole table for each batch of new articles,
      // thousands of rows later (seen in the benchmark into PostgreSQL)
      assertThat(c.unwrap(org.postgresql.PGConnection.class).getPrepareThreshold()).isZero();
    }
  }

  @Test
  void pausesWhileTheDatabaseIsCutAndResumesWithNothingLostOrTwice() throws Exception {
    Matcher m = HOST_PORT.matcher(schemaUrl);
    assertThat(m.find()).isTrue();
    try (TcpProxy proxy = TcpProxy.start(m.group(1), Integer.parseInt(m.group(2)))) {
      String viaProxy = schemaUrl.replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/");
      List<EnrichedArticle> firstHalf = new ArrayList<>();
      List<EnrichedArticle> secondHalf = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        firstHalf.add(Fixtures.article(prefix + "p" + i, 1));
        secondHalf.add(Fixtures.article(prefix + "q" + i, 1));
      }
      PostgresSink sink =
          startSink(
              Map.of(
                  SinkConfig.JDBC_URL,
                  viaProxy,
                  SinkConfig.JDBC_BATCH_RECORDS,
                  "20",
                  SinkConfig.JDBC_RETRY_TIMEOUT_MS,
                  "120000"));
      produce(firstHalf, List.of());
      await().atMost(Duration.ofSeconds(60)).until(() -> sink.articlesWritten() == 100);

      proxy.cut();
      produce(secondHalf, List.of());
      await().atMost(Duration.ofSeconds(30)).until(sink::isPaused);
      long retriesWhileCut = sink.retryCount();
      await().atMost(Duration.ofSeconds(30)).until(() -> sink.retryCount() > retriesWhileCut);
      assertThat(sink.articlesWritten()).isEqualTo(100);
      assertThat(sink.isPaused()).isTrue();
      assertThat(sink.failure()).isNotDone();

      proxy.restore();
      await().atMost(Duration.ofSeconds(60)).until(() -> sink.articlesWritten() == 200);
      assertThat(sink.isPaused()).isFalse();
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      expected.add(prefix + "p" + i);
      expected.add(prefix + "q" + i);
    }
    // ids in = ids out, each once, nothing dead-lettered
    assertThat(query("SELECT id FROM articles")).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(deadLetters()).isEmpty();
    assertThat(meters.counter("newsflow.sink.retries", "store", "postgres").count())
        .isGreaterThan(0);
  }

  @Test
  void aLockHeldTooLongIsRetriedUntilItIsReleased() throws Exception {
    String id = prefix + "locked";
    PostgresSink sink = startSink(Map.of(SinkConfig.JDBC_LOCK_TIMEOUT_MS, "300"));
    produce(List.of(Fixtures.article(id, 1)), List.of());
    await().atMost(Duration.ofSeconds(60)).until(() -> sink.articlesWritten() == 1);
    try (Connection holder = DriverManager.getConnection(schemaUrl)) {
      holder.setAutoCommit(false);
      try (Statement s = holder.createStatement()) {
        s.executeQuery("SELECT id FROM articles WHERE id = '" + id + "' FOR UPDATE").close();
      }
      produce(List.of(Fixtures.article(id, 2)), List.of());
      await().atMost(Duration.ofSeconds(30)).until(() -> sink.retryCount() >= 2);
      assertThat(sink.articlesWritten()).isEqualTo(1);
      holder.commit();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> sink.articlesWritten() == 2);
    assertThat(query("SELECT title FROM articles"))
        .containsExactly(Fixtures.article(id, 2).getTitle());
  }

  @Test
  void recordsTheDatabaseRefusesAreDeadLetteredCountedAndTheRestIsWritten() throws Exception {
    String good1 = prefix + "good1";
    String nul = prefix + "nul";
    String backwards = prefix + "backwards";
    String good2 = prefix + "good2";
    EnrichedArticle withNul = Fixtures.article(nul, 1);
    withNul.setTitle("A title with a \u0000 in it");
    EnrichedArticle badMention = Fixtures.article(backwards, 1);
    badMention
        .getEntities()
        .get(0)
        .getMentions()
        .add(Mention.newBuilder().setStart(10).setEnd(4).setText("ISIL").build());
    PostgresSink sink = startSink(Map.of());
    produce(
        List.of(Fixtures.article(good1, 1), withNul, badMention, Fixtures.article(good2, 1)),
        List.of(),
        "not avro".getBytes(StandardCharsets.UTF_8));
    await().atMost(Duration.ofSeconds(60)).until(() -> sink.deadLetteredCount() == 3);
    await().atMost(Duration.ofSeconds(60)).until(() -> sink.articlesWritten() == 2);
    assertThat(query("SELECT id FROM articles ORDER BY id")).containsExactly(good1, good2);

    List<DeadLetter> letters = deadLetters();
    assertThat(letters)
        .extracting(l -> l.getArticleId() + " " + l.getStage())
        .containsExactlyInAnyOrder(
            nul + " " + PostgresSink.STAGE_WRITE,
            backwards + " " + PostgresSink.STAGE_WRITE,
            "raw " + PostgresSink.STAGE_DESERIALIZE);
    assertThat(letters)
        .filteredOn(l -> l.getArticleId().equals(backwards))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.getSourceTopic()).isEqualTo(topics.enriched().name());
              assertThat(l.getErrorMessage()).contains("mentions");
            });
    double counted =
        meters.find("newsflow.sink.dead.letters").counters().stream()
            .mapToDouble(c -> c.count())
            .sum();
    assertThat(counted).isEqualTo(3.0);

    // and the sink goes on
    produce(List.of(Fixtures.article(prefix + "after", 1)), List.of());
    await().atMost(Duration.ofSeconds(60)).until(() -> sink.articlesWritten() == 3);
    assertThat(sink.failure()).isNotDone();
  }

  @Test
  void startsWhileTheDatabaseIsAwayAndWritesOnceItComes() throws Exception {
    try (TcpProxy proxy = proxyToDatabase()) {
      proxy.cut();
      PostgresSink sink = startSink(Map.of(SinkConfig.JDBC_URL, viaProxy(proxy)));
      await().atMost(Duration.ofSeconds(30)).until(() -> sink.retryCount() > 0);
      proxy.restore();
      produce(List.of(Fixtures.article(prefix + "late", 1)), List.of());
      await().atMost(Duration.ofSeconds(60)).until(() -> sink.articlesWritten() == 1);
      assertThat(sink.isPaused()).isFalse();
    }
    assertThat(query("SELECT id FROM articles")).containsExactly(prefix + "late");
  }

  @Test
  void aDatabaseThatStopsAnsweringWithoutClosingIsGivenUpAndRetried() throws Exception {
    List<String> expected = new ArrayList<>();
    try (TcpProxy proxy = proxyToDatabase()) {
      PostgresSink sink =
          startSink(
              Map.of(
                  SinkConfig.JDBC_URL,
                  viaProxy(proxy),
                  SinkConfig.JDBC_STATEMENT_TIMEOUT_MS,
                  "1000"));
      List<EnrichedArticle> first = new ArrayList<>();
      List<EnrichedArticle> second = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        first.add(Fixtures.article(prefix + "f" + i, 1));
        second.add(Fixtures.article(prefix + "s" + i, 1));
        expected.add(prefix + "f" + i);
        expected.add(prefix + "s" + i);
      }
      produce(first, List.of());
      await().atMost(Duration.ofSeconds(60)).until(() -> sink.articlesWritten() == 10);

      proxy.freeze();
      produce(second, List.of());
      // the socket timeout (1 s + 5 s) ends the silent wait; the batch is retried, paused
      await().atMost(Duration.ofSeconds(60)).until(() -> sink.retryCount() > 0);
      assertThat(sink.isPaused()).isTrue();
      assertThat(sink.articlesWritten()).isEqualTo(10);

      proxy.restore();
      await().atMost(Duration.ofSeconds(60)).until(() -> sink.articlesWritten() == 20);
      assertThat(sink.failure()).isNotDone();
    }
    assertThat(query("SELECT id FROM articles")).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(deadLetters()).isEmpty();
  }

  @Test
  void aSecondInstanceJoiningWhileTheFirstWaitsForTheDatabaseTakesOverItsPartitions()
      throws Exception {
    List<String> expected = new ArrayList<>();
    List<EnrichedArticle> first = new ArrayList<>();
    List<EnrichedArticle> second = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      first.add(Fixtures.article(prefix + "m" + i, 1));
      second.add(Fixtures.article(prefix + "n" + i, 1));
      expected.add(prefix + "m" + i);
      expected.add(prefix + "n" + i);
    }
    try (TcpProxy proxy = proxyToDatabase()) {
      PostgresSink waiting =
          startSink(
              Map.of(SinkConfig.JDBC_URL, viaProxy(proxy), SinkConfig.JDBC_BATCH_RECORDS, "20"));
      produce(first, List.of());
      await().atMost(Duration.ofSeconds(60)).until(() -> waiting.articlesWritten() == 40);
      proxy.cut();
      produce(second, List.of());
      await().atMost(Duration.ofSeconds(30)).until(waiting::isPaused);

      // same group, a database it can reach: the rebalance moves partitions (and the records the
      // first one holds for them) to it
      PostgresSink joining = startSink(Map.of(SinkConfig.JDBC_BATCH_RECORDS, "20"));
      await().atMost(Duration.ofSeconds(60)).until(() -> joining.articlesWritten() > 0);
      assertThat(waiting.failure()).isNotDone();

      proxy.restore();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> count("SELECT count(*) FROM articles") == 80);
      await().atMost(Duration.ofSeconds(30)).until(() -> !waiting.isPaused());
      assertThat(waiting.articlesWritten() + joining.articlesWritten()).isGreaterThanOrEqualTo(80);
    }
    assertThat(query("SELECT id FROM articles")).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(deadLetters()).isEmpty();
  }

  @Test
  void stopsAtOnceWhenTheDatabaseDoesNotExist() {
    PostgresSink sink =
        startSink(
            Map.of(
                SinkConfig.JDBC_URL,
                schemaUrl.replaceFirst(
                    "(//[^/]+/)[^?]+", "$1no_such_database_" + System.nanoTime()),
                SinkConfig.JDBC_RETRY_TIMEOUT_MS,
                "600000"));
    await().atMost(Duration.ofSeconds(30)).until(() -> sink.failure().isDone());
    assertThat(sink.failure().join()).hasMessageContaining("does not exist");
    assertThat(sink.retryCount()).isZero();
  }

  private TcpProxy proxyToDatabase() {
    Matcher m = HOST_PORT.matcher(schemaUrl);
    assertThat(m.find()).isTrue();
    return TcpProxy.start(m.group(1), Integer.parseInt(m.group(2)));
  }

  private String viaProxy(TcpProxy proxy) {
    return schemaUrl.replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/");
  }

  @Test
  void stopsLoudlyWhenTheDatabaseStaysAwayPastTheRetryTimeout() {
    try (TcpProxy proxy = TcpProxy.start("127.0.0.1", 1)) {
      proxy.cut();
      PostgresSink sink =
          startSink(
              Map.of(
                  SinkConfig.JDBC_URL,
                  "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/nowhere?connectTimeout=2",
                  SinkConfig.JDBC_RETRY_TIMEOUT_MS,
                  "8000"));
      await().atMost(Duration.ofSeconds(60)).until(() -> sink.failure().isDone());
      assertThat(sink.failure().join())
          .hasMessageContaining(SinkConfig.JDBC_RETRY_TIMEOUT_MS)
          .hasMessageContaining("migrating the schema");
      assertThat(sink.retryCount()).isGreaterThan(0);
    }
  }
}
