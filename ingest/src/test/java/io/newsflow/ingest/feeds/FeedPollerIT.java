package io.newsflow.ingest.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.newsflow.avro.IngestChannel;
import io.newsflow.avro.RawArticle;
import io.newsflow.ingest.ArticleProducer;
import io.newsflow.ingest.IngestConfig;
import io.newsflow.ingest.Intake;
import io.newsflow.ingest.feeds.FeedStatus.Outcome;
import io.newsflow.ingest.internal.ArticleValidator;
import io.newsflow.ingest.internal.Deduplicator;
import io.newsflow.runtime.TopicCreator;
import io.newsflow.runtime.config.PipelineConfig;
import io.newsflow.schemas.SerdeFactory;
import io.newsflow.schemas.Topics;
import io.newsflow.testkit.EmbeddedServersExtension;
import io.newsflow.testkit.KafkaTestSupport;
import io.newsflow.testkit.PipelineEnvironment;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Feed polling on the real broker (issue 5), against RSS 2.0 and Atom feeds served by a local HTTP
 * server: what reaches the raw topic, the conditional GETs, restarts, backoff and Kafka failures.
 */
@ExtendWith(EmbeddedServersExtension.class)
class FeedPollerIT {
  private static final String RSS_PATH = "/gazette/feed.rss";
  private static final String ATOM_PATH = "/berg/atom.xml";
  private static final String RSS_TYPE = "application/rss+xml; charset=utf-8";
  private static final String ATOM_TYPE = "application/atom+xml";
  private static final String ATOM_DATE = "Fri, 15 Jul 2016 12:00:00 GMT";
  private static final String NEW_ITEM =
      """
      <item>
        <title>Lighthouse reopens</title>
        <link>https://gazette.example/lighthouse</link>
        <guid isPermaLink="false">gazette-1002</guid>
        <pubDate>Mon, 18 Jul 2016 09:00:00 GMT</pubDate>
        <description>The lamp is lit again.</description>
      </item>
      """;

  private final Deque<AutoCloseable> open = new ArrayDeque<>();
  private PipelineEnvironment env;
  private Map<String, String> properties;
  private IngestConfig config;
  private Topics topics;
  private FeedServer server;
  private String rssUrl;
  private String atomUrl;

  @BeforeEach
  void setUp(PipelineEnvironment env, TestInfo info) throws Exception {
    this.env = env;
    String prefix = KafkaTestSupport.uniquePrefix(info.getDisplayName());
    properties = new HashMap<>(env.pipelineProperties());
    properties.put(PipelineConfig.TOPIC_RAW, prefix + "raw");
    properties.put(FeedSettings.STATE_TOPIC, prefix + "feeds");
    config = new IngestConfig(properties);
    topics = Topics.create(config.topicNames(), new SerdeFactory(config.schemaRegistryClient()));
    TopicCreator.ensure(config, List.of(topics.raw().name()));
    server = new FeedServer();
    open.push(server);
    rssUrl = server.url(RSS_PATH);
    atomUrl = server.url(ATOM_PATH);
  }

  @AfterEach
  void tearDown() throws Exception {
    while (!open.isEmpty()) {
      open.pop().close();
    }
  }

  @Test
  void postsEachEntryOnceAcrossConditionalPollsNewEntriesAndARestart() throws Exception {
    server.serve(RSS_PATH, RSS_TYPE, FeedEntriesTest.RSS, "\"rss-1\"", null);
    server.serve(ATOM_PATH, ATOM_TYPE, FeedEntriesTest.ATOM, null, ATOM_DATE);
    FeedSettings settings = settings(rssUrl, atomUrl);
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    FeedPoller poller = poller(settings, intake(config, metrics), metrics);

    // first poll: every entry of both feeds
    assertThat(poller.pollNow())
        .extracting(FeedStatus::lastOutcome)
        .containsExactly(Outcome.OK, Outcome.OK);
    List<RawArticle> first = raw();
    assertThat(first)
        .extracting(RawArticle::getOrigin)
        .containsExactlyInAnyOrder(
            rssUrl + "#gazette-1001",
            rssUrl + "#https://gazette.example/market",
            rssUrl
                + "#"
                + FeedEntries.key(FeedEntriesTest.parse(FeedEntriesTest.RSS).getEntries().get(2)),
            atomUrl + "#urn:uuid:3a1c0f52-1",
            atomUrl + "#urn:uuid:3a1c0f52-2");
    assertThat(first)
        .extracting(RawArticle::getTitle)
        .containsExactlyInAnyOrder(
            "Ferry timetable changes", "Market day moves", "Tides", "Seilbahn eröffnet", "Wetter");
    assertThat(first).allSatisfy(a -> assertThat(a.getChannel()).isEqualTo(IngestChannel.FEED));
    assertThat(first)
        .filteredOn(a -> a.getTitle().equals("Wetter"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getSource()).isEqualTo("Bergblatt");
              assertThat(a.getLanguage()).isEqualTo("de");
            });

    // second poll: both servers answer 304 to the validators of the first
    assertThat(poller.pollNow())
        .extracting(FeedStatus::lastOutcome)
        .containsExactly(Outcome.NOT_MODIFIED, Outcome.NOT_MODIFIED);
    assertThat(server.lastRequest(RSS_PATH).ifNoneMatch()).isEqualTo("\"rss-1\"");
    assertThat(server.lastRequest(ATOM_PATH).ifModifiedSince()).isEqualTo(ATOM_DATE);
    assertThat(raw()).hasSize(5);

    // a new entry: only it is posted
    String withNewItem = FeedEntriesTest.RSS.replaceFirst("<item>", NEW_ITEM + "<item>");
    server.serve(RSS_PATH, RSS_TYPE, withNewItem, "\"rss-2\"", null);
    assertThat(poller.pollNow())
        .extracting(FeedStatus::lastOutcome)
        .containsExactly(Outcome.OK, Outcome.NOT_MODIFIED);
    List<RawArticle> afterNew = raw();
    assertThat(afterNew).hasSize(6);
    assertThat(afterNew)
        .extracting(RawArticle::getTitle)
        .filteredOn("Lighthouse reopens"::equals)
        .hasSize(1);
    assertThat(count(metrics, "newsflow.ingest.feed.entries", rssUrl, "posted")).isEqualTo(4);
    assertThat(count(metrics, "newsflow.ingest.feed.polls", rssUrl, "not_modified")).isEqualTo(1);

    // restart, with a fresh deduplicator: only the state topic knows what was posted. The RSS
    // server regenerated its feed (new ETag, same entries), so it is fetched in full.
    poller.close();
    server.serve(RSS_PATH, RSS_TYPE, withNewItem, "\"rss-3\"", null);
    SimpleMeterRegistry afterRestart = new SimpleMeterRegistry();
    FeedPoller restarted = poller(settings, intake(config, afterRestart), afterRestart);

    assertThat(restarted.pollNow())
        .extracting(FeedStatus::lastOutcome)
        .containsExactly(Outcome.OK, Outcome.NOT_MODIFIED);
    assertThat(server.lastRequest(RSS_PATH).ifNoneMatch()).isEqualTo("\"rss-2\"");
    assertThat(server.lastRequest(ATOM_PATH).ifModifiedSince()).isEqualTo(ATOM_DATE);
    assertThat(afterRestart.find("newsflow.ingest.feed.entries").counters()).isEmpty();
    assertIdsInEqualIdsOut(6);
    assertThat(cleanupPolicy(settings.stateTopic())).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
  }

  @Test
  void aFailingFeedBacksOffUpToTheMaximumThenRecovers() throws Exception {
    server.fail(RSS_PATH, 500);
    server.serve(
        "/moved", "text/html", "<html><body>This feed has moved</body></html>", null, null);
    String refused = "http://127.0.0.1:" + closedPort() + "/feed.rss";
    FeedSettings settings = settings(rssUrl, refused, server.url("/moved"));
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    FeedPoller poller = poller(settings, intake(config, metrics), metrics);

    List<Duration> waits =
        List.of(
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(8));
    for (int errors = 1; errors <= waits.size(); errors++) {
      for (FeedStatus feed : poller.pollNow()) {
        assertThat(feed.lastOutcome()).as(feed.url()).isEqualTo(Outcome.ERROR);
        assertThat(feed.consecutiveFailures()).as(feed.url()).isEqualTo(errors);
        assertThat(wait(feed)).as(feed.url()).isEqualTo(waits.get(errors - 1));
      }
    }
    List<FeedStatus> failed = poller.status();
    assertThat(failed.get(0).lastError()).contains("500");
    assertThat(failed.get(1).lastError()).contains("Connect");
    assertThat(failed.get(2).lastError()).contains("not an RSS or Atom feed");
    for (String url : settings.urls()) {
      assertThat(count(metrics, "newsflow.ingest.feed.polls", url, "error")).as(url).isEqualTo(4);
    }

    server.serve(RSS_PATH, RSS_TYPE, FeedEntriesTest.RSS, "\"rss-1\"", null);
    FeedStatus recovered = poller.pollNow().get(0);

    assertThat(recovered.lastOutcome()).isEqualTo(Outcome.OK);
    assertThat(recovered.consecutiveFailures()).isZero();
    assertThat(recovered.lastError()).isNull();
    assertThat(wait(recovered)).isEqualTo(settings.pollInterval());
    assertThat(count(metrics, "newsflow.ingest.feed.polls", rssUrl, "ok")).isEqualTo(1);
    assertThat(poller.status().get(1).consecutiveFailures()).isEqualTo(5);
    assertIdsInEqualIdsOut(3);
  }

  @Test
  void entriesKafkaDidNotStoreArePostedAtTheNextPoll() throws Exception {
    server.serve(RSS_PATH, RSS_TYPE, FeedEntriesTest.RSS, "\"rss-1\"", null);
    FeedSettings settings = settings(rssUrl);
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    // the intake's producer reaches no broker; the poller's state topic is on the real one
    Map<String, String> unreachable = new HashMap<>(properties);
    unreachable.put(PipelineConfig.BOOTSTRAP_SERVERS, "127.0.0.1:" + closedPort());
    unreachable.put("producer.max.block.ms", "500");
    FeedPoller failing = poller(settings, intake(new IngestConfig(unreachable), metrics), metrics);

    FeedStatus status = failing.pollNow().get(0);

    assertThat(status.lastOutcome()).isEqualTo(Outcome.NOT_STORED);
    assertThat(status.consecutiveFailures()).as("the feed itself answered").isZero();
    assertThat(count(metrics, "newsflow.ingest.feed.entries", rssUrl, "not_stored")).isEqualTo(3);
    assertThat(raw()).isEmpty();

    failing.close();
    FeedPoller next = poller(settings, intake(config, metrics), metrics);
    assertThat(next.pollNow().get(0).lastOutcome()).isEqualTo(Outcome.OK);
    assertThat(server.lastRequest(RSS_PATH).ifNoneMatch())
        .as("no validators kept from a poll whose entries were not stored, so no 304 hides them")
        .isNull();
    assertIdsInEqualIdsOut(3);
  }

  @Test
  void invalidEntriesAreCountedAndNotSubmittedAgainWhileTheRestIsPosted() throws Exception {
    String withInvalid =
        FeedEntriesTest.RSS.replaceFirst(
            "<item>",
            "<item><guid>gazette-empty</guid><title> </title><description></description></item>\n<item>");
    server.serve(RSS_PATH, RSS_TYPE, withInvalid, "\"rss-1\"", null);
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    FeedPoller poller = poller(settings(rssUrl), intake(config, metrics), metrics);

    assertThat(poller.pollNow().get(0).lastOutcome()).isEqualTo(Outcome.OK);
    server.serve(RSS_PATH, RSS_TYPE, withInvalid, "\"rss-2\"", null); // fetched in full again
    assertThat(poller.pollNow().get(0).lastOutcome()).isEqualTo(Outcome.OK);

    assertThat(count(metrics, "newsflow.ingest.feed.entries", rssUrl, "invalid")).isEqualTo(1);
    assertThat(count(metrics, "newsflow.ingest.feed.entries", rssUrl, "posted")).isEqualTo(3);
    assertIdsInEqualIdsOut(3);
  }

  @Test
  void startedItPollsEveryFeedInTheBackgroundUntilClosed() throws Exception {
    server.serve(RSS_PATH, RSS_TYPE, FeedEntriesTest.RSS, "\"rss-1\"", null);
    server.serve(ATOM_PATH, ATOM_TYPE, FeedEntriesTest.ATOM, null, ATOM_DATE);
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    Intake intake = intake(config, metrics);
    FeedPoller poller =
        FeedPoller.start(settings(rssUrl, atomUrl), config, intake, metrics, Clock.systemUTC());
    open.push(poller);

    // the first poll at once, the next ones a second apart, conditional
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(server.requests(RSS_PATH)).hasSizeGreaterThanOrEqualTo(2);
              assertThat(server.requests(ATOM_PATH)).hasSizeGreaterThanOrEqualTo(2);
            });
    assertThat(poller.status())
        .allSatisfy(s -> assertThat(s.lastOutcome()).isIn(Outcome.OK, Outcome.NOT_MODIFIED));
    assertThat(server.lastRequest(RSS_PATH).ifNoneMatch()).isEqualTo("\"rss-1\"");
    assertIdsInEqualIdsOut(5);

    poller.close();
    int requests = server.requests(RSS_PATH).size();
    Thread.sleep(2_000);
    assertThat(server.requests(RSS_PATH)).as("no poll after close").hasSize(requests);
  }

  private FeedSettings settings(String... urls) {
    return new FeedSettings(
        List.of(urls),
        Duration.ofSeconds(1),
        Duration.ofSeconds(8),
        Duration.ofSeconds(5),
        config.getString(FeedSettings.STATE_TOPIC));
  }

  private Intake intake(IngestConfig producerConfig, MeterRegistry metrics) {
    Clock clock = Clock.systemUTC();
    ArticleProducer producer = new ArticleProducer(producerConfig, topics.raw());
    open.push(() -> producer.close(Duration.ofSeconds(2)));
    return new Intake(
        new ArticleValidator(producerConfig),
        new Deduplicator(Duration.ofHours(24), clock),
        producer,
        clock,
        metrics);
  }

  private FeedPoller poller(FeedSettings settings, Intake intake, MeterRegistry metrics) {
    FeedPoller poller = FeedPoller.create(settings, config, intake, metrics, Clock.systemUTC());
    open.push(poller);
    return poller;
  }

  private List<RawArticle> raw() {
    return KafkaTestSupport.readAll(env.bootstrapServers(), topics.raw().name()).stream()
        .map(r -> topics.raw().deserializeValue(r.value()))
        .toList();
  }

  /** The articles on the raw topic: as many as expected, no id twice. */
  private void assertIdsInEqualIdsOut(int expected) {
    List<RawArticle> articles = raw();
    assertThat(articles).hasSize(expected);
    assertThat(articles).extracting(RawArticle::getId).doesNotHaveDuplicates();
    assertThat(articles).extracting(RawArticle::getOrigin).doesNotHaveDuplicates();
  }

  private static Duration wait(FeedStatus status) {
    return Duration.between(status.lastPoll(), status.nextPoll());
  }

  private static double count(MeterRegistry metrics, String name, String feed, String outcome) {
    Counter counter = metrics.find(name).tags("feed", feed, "outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  private String cleanupPolicy(String topic) throws Exception {
    try (Admin admin = Admin.create(config.clientProperties("admin."))) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      return admin
          .describeConfigs(List.of(resource))
          .all()
          .get(30, TimeUnit.SECONDS)
          .get(resource)
          .get(TopicConfig.CLEANUP_POLICY_CONFIG)
          .value();
    }
  }

  /** A loopback port nothing listens on. */
  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
