package io.newsflow.enrich.links;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsflow.avro.ArticleLink;
import io.newsflow.avro.BodyFormat;
import io.newsflow.avro.DeadLetter;
import io.newsflow.avro.EnrichedArticle;
import io.newsflow.avro.Entity;
import io.newsflow.avro.EntityType;
import io.newsflow.avro.IngestChannel;
import io.newsflow.avro.Link;
import io.newsflow.avro.LinkType;
import io.newsflow.avro.RawArticle;
import io.newsflow.enrich.HtmlLinks;
import io.newsflow.schemas.ArticleIds;
import io.newsflow.schemas.SerdeFactory;
import io.newsflow.schemas.TopicNames;
import io.newsflow.schemas.Topics;
import io.newsflow.schemas.registry.InMemorySchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Link building in {@link TopologyTestDriver}: entities are given per article (the enricher is
 * replaced by a table), so each test states exactly what articles share.
 */
class LinkTopologyTest {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final Topics topics =
      Topics.create(TopicNames.withPrefix(""), new SerdeFactory(registry));
  private final Map<String, List<String>> entitiesOf = new HashMap<>();
  private final Map<String, String> textOf = new HashMap<>();
  private TopologyTestDriver driver;
  private TestInputTopic<String, EnrichedArticle> in;
  private TestOutputTopic<String, ArticleLink> linksOut;
  private final Map<String, ArticleLink> latest = new LinkedHashMap<>();

  void start(Path stateDir, LinkSettings settings) {
    Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    // one shard: the test driver runs every topic as one partition (shards are tested apart)
    var topology = LinkTopology.build(new StreamsBuilder(), topics, "story", 1, settings, clock);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "links-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.putAll(UnreadableRecords.settings(topics.deadLetters()));
    driver = new TopologyTestDriver(topology, props);
    in =
        driver.createInputTopic(
            "enriched",
            topics.enriched().keySerde().serializer(),
            topics.enriched().valueSerde().serializer());
    linksOut =
        driver.createOutputTopic(
            "links",
            topics.links().keySerde().deserializer(),
            topics.links().valueSerde().deserializer());
  }

  @BeforeEach
  void defaults(@TempDir Path stateDir) {
    start(stateDir, LinkSettings.defaults());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  /** The test's enricher: entities from the table, text as given. */
  private EnrichedArticle enrich(RawArticle raw) {
    List<Entity> entities = new ArrayList<>();
    for (String id : entitiesOf.getOrDefault(raw.getId(), List.of())) {
      entities.add(new Entity(id, id, EntityType.ORGANIZATION, 1.0f, "test", List.of()));
    }
    List<Link> links =
        raw.getBodyFormat() == BodyFormat.HTML
            ? HtmlLinks.extract(raw.getBody(), raw.getUrl())
            : List.of();
    return EnrichedArticle.newBuilder()
        .setId(raw.getId())
        .setTitle(raw.getTitle())
        .setBody(raw.getBody())
        .setBodyFormat(raw.getBodyFormat())
        .setUrl(raw.getUrl())
        .setPublishedAt(raw.getPublishedAt())
        .setReceivedAt(raw.getReceivedAt())
        .setChannel(IngestChannel.FILE)
        .setCleanTitle(raw.getTitle())
        .setCleanText(textOf.getOrDefault(raw.getId(), raw.getBody()))
        .setWordCount(1)
        .setEnrichedAt(T0)
        .setEntities(entities)
        .setLinks(links)
        .setQuotes(List.of())
        .build();
  }

  private void send(String id, Duration after, String... entities) {
    sendText(id, after, "Text of " + id + " with words of its own " + id.hashCode(), entities);
  }

  private void sendText(String id, Duration after, String text, String... entities) {
    sendPublished(id, after, after, text, entities);
  }

  private void sendPublished(
      String id, Duration published, Duration after, String text, String... entities) {
    entitiesOf.put(id, List.of(entities));
    textOf.put(id, text);
    pipe(
        RawArticle.newBuilder()
            .setId(id)
            .setTitle("Title " + id)
            .setBody(text)
            .setBodyFormat(BodyFormat.TEXT)
            .setPublishedAt(T0.plus(published))
            .setReceivedAt(T0.plus(after))
            .setChannel(IngestChannel.FILE)
            .build());
  }

  /** The article as enrich would publish it (entities from the table), at its receipt time. */
  private void pipe(RawArticle raw) {
    in.pipeInput(raw.getId(), enrich(raw), raw.getReceivedAt());
  }

  /** Whether the link index has postings of {@code entity}. */
  private boolean indexed(String entity) {
    return driver.getKeyValueStore("link-index").get("e:" + entity) != null;
  }

  /** The links published so far, the latest of each (from, type, to). */
  private Map<String, ArticleLink> links() {
    for (ArticleLink link : linksOut.readValuesToList()) {
      latest.put(link.getFrom() + "|" + link.getType() + "|" + link.getTo(), link);
    }
    return latest;
  }

  private ArticleLink link(String from, LinkType type, String to) {
    return links().get(from + "|" + type + "|" + to);
  }

  @Test
  void aRecordThatIsNotAvroGoesToTheDeadLetterTopicAndLinkBuildingGoesOn() {
    TestInputTopic<byte[], byte[]> bytesIn =
        driver.createInputTopic("enriched", new ByteArraySerializer(), new ByteArraySerializer());
    byte[] poison = "this is not avro".getBytes(StandardCharsets.UTF_8);
    bytesIn.pipeInput("poison".getBytes(StandardCharsets.UTF_8), poison, T0);

    TestOutputTopic<byte[], DeadLetter> dlq =
        driver.createOutputTopic(
            "dlq", new ByteArrayDeserializer(), topics.deadLetters().valueSerde().deserializer());
    assertThat(dlq.readValuesToList())
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.getStage()).isEqualTo(UnreadableRecords.STAGE);
              assertThat(letter.getSourceTopic()).isEqualTo("enriched");
              assertThat(letter.getOffset()).isZero();
              assertThat(letter.getApplication()).isEqualTo("links-test");
              assertThat(letter.getValue().array()).isEqualTo(poison);
            });

    send("a", Duration.ofDays(1), "nusra-front");
    send("b", Duration.ofDays(1).plusHours(1), "nusra-front");
    assertThat(link("a", LinkType.RELATED, "b")).isNotNull();
  }

  @Test
  void articlesSharingEntitiesAreLinkedBothWaysAndRareEntitiesWeighMore() {
    for (int i = 0; i < 20; i++) {
      send("filler" + i, Duration.ofHours(i), "Q30"); // makes "United States" common
    }
    send("a", Duration.ofDays(1), "Q30", "nusra-front");
    send("b", Duration.ofDays(1).plusHours(2), "nusra-front");
    send("c", Duration.ofDays(1).plusHours(3), "Q30");
    send("d", Duration.ofDays(1).plusHours(4), "unrelated-thing");

    ArticleLink ab = link("a", LinkType.RELATED, "b");
    ArticleLink ba = link("b", LinkType.RELATED, "a");
    ArticleLink ac = link("a", LinkType.RELATED, "c");
    assertThat(ab).isNotNull();
    assertThat(ba).isNotNull();
    assertThat(ab.getScore()).isEqualTo(ba.getScore());
    assertThat(ab.getEvidence()).containsExactly("nusra-front");
    assertThat(ab.getTargetName()).isEqualTo("Title b");
    // "United States" is in 22 articles: weight 1/log2(23) = 0.22, below the related minimum
    assertThat(ac).isNull();
    assertThat(links().keySet()).noneMatch(k -> k.contains("|d") || k.startsWith("d|"));
  }

  @Test
  void aSharedCommonEntityAddsLessThanASharedRareOne() {
    for (int i = 0; i < 6; i++) {
      send("filler" + i, Duration.ofHours(i), "common");
    }
    send("a", Duration.ofDays(1), "common", "rare1", "rare2");
    send("b", Duration.ofDays(1).plusHours(1), "common", "rare1");
    send("c", Duration.ofDays(1).plusHours(2), "rare1", "rare2");
    // b shares rare1 (weight 1/log2(3)) and common; c shares rare1 (1/log2(4)) and rare2 (1)
    assertThat(link("a", LinkType.RELATED, "b").getScore())
        .isCloseTo(1 / log2(3) + 1 / log2(2 + 7), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(link("c", LinkType.RELATED, "a").getScore())
        .isCloseTo(1 / log2(4) + 1 / log2(3), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(link("c", LinkType.RELATED, "a").getScore())
        .isGreaterThan(link("a", LinkType.RELATED, "b").getScore());
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  @Test
  void eachRelatedLinkIsPublishedOnceWithItsFinalScore() {
    send("a", Duration.ZERO, "e1", "e2", "e3");
    send("b", Duration.ofHours(1), "e1", "e2", "e3");
    send("c", Duration.ofHours(2), "e2");
    List<String> keys = new ArrayList<>();
    for (ArticleLink link : linksOut.readValuesToList()) {
      if (link.getType() == LinkType.RELATED) {
        keys.add(link.getFrom() + ">" + link.getTo());
      }
    }
    assertThat(keys).containsExactlyInAnyOrder("b>a", "a>b", "c>a", "a>c", "c>b", "b>c");
    send("c", Duration.ofHours(2), "e2"); // re-submitted unchanged
    assertThat(linksOut.readValuesToList()).noneMatch(l -> l.getType() == LinkType.RELATED);
  }

  @Test
  void articlesOutOfEveryWindowAreSweptFromTheStores() {
    send("old", Duration.ZERO, "e1", "e2");
    send("old-copy", Duration.ofHours(1), "e1", "e2");
    KeyValueStore<String, ?> articles = driver.getKeyValueStore("link-article-state");
    assertThat(articles.get("old")).isNotNull();
    assertThat(indexed("e1")).isTrue();
    // event time moves on by 10 days, then 21: the index keeps a window (7), the articles two
    send("new", Duration.ofDays(10), "e3");
    send("newer", Duration.ofDays(10).plusHours(13), "e3"); // a sweep runs every 12 hours
    assertThat(indexed("e1")).isFalse();
    assertThat(articles.get("old")).isNotNull();
    send("newest", Duration.ofDays(21), "e3");
    send("latest", Duration.ofDays(22).plusHours(1), "e3"); // of articles, every day
    assertThat(articles.get("old")).isNull();
    assertThat(articles.get("newest")).isNotNull();
  }

  @Test
  void anArticleDatedInTheFutureDoesNotPushTheWindowOn() {
    send("a", Duration.ZERO, "rare-entity");
    // a wrong date a year ahead: its event time is when it was received
    sendPublished("wrong-date", Duration.ofDays(365), Duration.ofHours(1), "text", "other");
    send("b", Duration.ofHours(2), "rare-entity");
    assertThat(link("b", LinkType.RELATED, "a")).isNotNull();
    assertThat(indexed("rare-entity")).isTrue();
  }

  @Test
  void onlyArticlesWithinTheWindowAreLinked() {
    send("early", Duration.ZERO, "rare-entity");
    send("late", Duration.ofDays(10), "rare-entity");
    send("near", Duration.ofDays(12), "rare-entity");
    assertThat(link("late", LinkType.RELATED, "early")).isNull();
    assertThat(link("near", LinkType.RELATED, "late")).isNotNull();
  }

  @Test
  void aResubmittedArticleIsNeverLinkedToItselfNorCountedTwice() {
    send("x", Duration.ZERO, "e1", "e2");
    send("y", Duration.ofHours(1), "e1", "e2");
    double before = link("x", LinkType.RELATED, "y").getScore();
    send("x", Duration.ZERO, "e1", "e2");
    send("y", Duration.ofHours(1), "e1", "e2");
    assertThat(links().keySet()).noneMatch(k -> k.equals("x|RELATED|x") || k.equals("y|RELATED|y"));
    assertThat(link("x", LinkType.RELATED, "y").getScore()).isEqualTo(before);
  }

  @Test
  void syndicatedCopiesAndLightRewritesAreDuplicatesOfTheEarliest() {
    String story =
        "The central bank left its deposit rate unchanged on Thursday but said it was ready to cut"
            + " borrowing costs in the autumn if inflation kept easing across the region, its chief economist told"
            + " reporters in the capital after the meeting of the governing council ended.";
    String rewrite =
        story.replace("on Thursday", "on Thursday afternoon").replace("told reporters", "said");
    sendText("original", Duration.ZERO, story, "ecb");
    sendText("copy", Duration.ofHours(2), story, "ecb");
    sendText("rewrite", Duration.ofHours(3), rewrite, "ecb");
    sendText(
        "other",
        Duration.ofHours(4),
        "Dock workers in Rotterdam voted to extend their strike by another week after"
            + " talks with terminal operators over automated cranes broke down late on Monday.",
        "ecb");

    assertThat(link("copy", LinkType.DUPLICATE, "original").getEvidence())
        .containsExactly("original");
    assertThat(link("original", LinkType.DUPLICATE, "copy").getEvidence()).containsExactly("copy");
    assertThat(link("rewrite", LinkType.DUPLICATE, "original")).isNotNull();
    assertThat(link("rewrite", LinkType.DUPLICATE, "original").getScore()).isBetween(0.5, 1.0);
    assertThat(links().keySet())
        .noneMatch(k -> k.startsWith("other|DUPLICATE") || k.endsWith("DUPLICATE|other"));
  }

  @Test
  void articlesOfOneStoryShareTheIdOfItsFirstArticleAsTheStoryGrows() {
    send("s1", Duration.ZERO, "kerry", "lavrov", "nusra", "geneva-talks");
    send("s2", Duration.ofHours(5), "kerry", "lavrov", "nusra", "aleppo");
    send("s3", Duration.ofHours(9), "lavrov", "nusra", "aleppo", "ceasefire-monitors");
    send("elsewhere", Duration.ofHours(10), "rotterdam", "fnv-union");

    assertThat(link("s1", LinkType.STORY, "story:s1")).isNotNull();
    assertThat(link("s2", LinkType.STORY, "story:s1")).isNotNull();
    assertThat(link("s3", LinkType.STORY, "story:s1")).isNotNull();
    assertThat(links().keySet()).noneMatch(k -> k.startsWith("elsewhere|STORY"));
    assertThat(links().keySet())
        .noneMatch(k -> k.contains("STORY|story:s2") || k.contains("STORY|story:s3"));
  }

  @Test
  void twoStoriesThatMeetTakeTheOlderStorysId() {
    send("old1", Duration.ZERO, "a1", "a2", "a3", "a4");
    send("old2", Duration.ofHours(1), "a1", "a2", "a3", "a4");
    send("new1", Duration.ofHours(2), "b1", "b2", "b3", "b4");
    send("new2", Duration.ofHours(3), "b1", "b2", "b3", "b4");
    assertThat(link("new2", LinkType.STORY, "story:new1")).isNotNull();
    send("bridge", Duration.ofHours(4), "a1", "a2", "a3", "a4", "b1", "b2", "b3", "b4");
    assertThat(link("new1", LinkType.STORY, "story:old1")).isNotNull();
    assertThat(link("new2", LinkType.STORY, "story:old1")).isNotNull();
    assertThat(link("bridge", LinkType.STORY, "story:old1")).isNotNull();
  }

  @Test
  void onlyTheTopKRelatedArticlesAreLinked(@TempDir Path other) {
    driver.close();
    start(other, LinkSettings.defaults().withTopK(2));
    send("p1", Duration.ZERO, "x", "y", "z");
    send("p2", Duration.ofHours(1), "x");
    send("p3", Duration.ofHours(2), "x", "y");
    send("p4", Duration.ofHours(3), "x", "y", "z");
    long fromP1 = links().keySet().stream().filter(k -> k.startsWith("p1|RELATED|")).count();
    assertThat(link("p1", LinkType.RELATED, "p4")).isNotNull();
    assertThat(link("p1", LinkType.RELATED, "p3")).isNotNull();
    // p2 was in p1's top 2 before p3 and p4 came; it was published then, and has not been since
    assertThat(fromP1).isLessThanOrEqualTo(3);
  }

  @Test
  void hyperlinksResolveToArticleIdsWhenTheLinkedArticleIsInThePipeline() {
    String url = "https://news.example.org/world/talks?utm_source=rss";
    String body =
        "<p>See <a href=\""
            + url
            + "\">the talks</a> and <a href=\"https://elsewhere.example/x\">this</a>.</p>";
    entitiesOf.put("linker", List.of());
    pipe(
        RawArticle.newBuilder()
            .setId("linker")
            .setTitle("Linker")
            .setBody(body)
            .setBodyFormat(BodyFormat.HTML)
            .setUrl("https://news.example.org/linker")
            .setReceivedAt(T0)
            .setChannel(IngestChannel.FILE)
            .build());
    String targetId = ArticleIds.forArticle(ArticleIds.canonicalUrl(url), "", "");
    assertThat(link("linker", LinkType.HYPERLINK, "https://news.example.org/world/talks"))
        .isNotNull();
    assertThat(link("linker", LinkType.HYPERLINK, targetId))
        .as("not resolved before the target arrives")
        .isNull();

    entitiesOf.put(targetId, List.of());
    pipe(
        RawArticle.newBuilder()
            .setId(targetId)
            .setTitle("The talks")
            .setBody("Talks.")
            .setBodyFormat(BodyFormat.TEXT)
            .setUrl("https://news.example.org/world/talks")
            .setReceivedAt(T0)
            .setChannel(IngestChannel.FILE)
            .build());
    ArticleLink resolved = link("linker", LinkType.HYPERLINK, targetId);
    assertThat(resolved).isNotNull();
    assertThat(resolved.getTargetName()).isEqualTo("The talks");
    assertThat(resolved.getEvidence())
        .containsExactly("https://news.example.org/world/talks", "the talks");
    assertThat(links().keySet())
        .noneMatch(
            k -> k.contains("HYPERLINK|") && k.contains("elsewhere") && !k.contains("https"));
  }

  @Test
  void anArticlesIndexKeysGoOnceEachToTheShardTheyBelongTo() {
    entitiesOf.put("k", List.of("e1", "e2", "e3", "e4", "e5", "e6"));
    textOf.put("k", "Six entities and a text long enough for a signature of its own");
    EnrichedArticle article =
        enrich(
            RawArticle.newBuilder()
                .setId("k")
                .setTitle("Title k")
                .setBody("body")
                .setBodyFormat(BodyFormat.TEXT)
                .setReceivedAt(T0)
                .setChannel(IngestChannel.FILE)
                .build());
    var requests = LinkTopology.requests(article, 4);
    List<String> keys = new ArrayList<>();
    int answering = 0;
    for (var kv : requests) {
      IndexRequest r = kv.value;
      assertThat(kv.key).isEqualTo("k");
      for (String key : r.entities()) {
        assertThat(IndexRequest.shardOf(key, 4)).isEqualTo(r.shard());
        keys.add(key);
      }
      for (String key : r.bands()) {
        assertThat(IndexRequest.shardOf(key, 4)).isEqualTo(r.shard());
        keys.add(key);
      }
      for (var h : r.hyperlinks()) {
        assertThat(IndexRequest.shardOf(h.key(), 4)).isEqualTo(r.shard());
      }
      answering += r.answers() ? 1 : 0;
    }
    assertThat(keys).doesNotHaveDuplicates().hasSize(6 + MinHash.BANDS);
    assertThat(requests.size()).isLessThanOrEqualTo(4);
    int expected = answering;
    assertThat(requests).allSatisfy(kv -> assertThat(kv.value.replies()).isEqualTo(expected));
    // the repartition topic must have as many partitions as there are shards
    var byShard = new LinkTopology.ByShard(4);
    assertThat(byShard.partitions("t", "k", requests.get(0).value, 4))
        .contains(java.util.Set.of(requests.get(0).value.shard()));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> byShard.partitions("t", "k", requests.get(0).value, 3))
        .hasMessageContaining("enrich.links.index.shards");
  }
}
