package io.newsflow.enrich.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.newsflow.avro.ArticleLink;
import io.newsflow.avro.LinkType;
import io.newsflow.schemas.SerdeFactory;
import io.newsflow.schemas.TopicNames;
import io.newsflow.schemas.Topics;
import io.newsflow.schemas.registry.InMemorySchemaRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The article-link processor alone, fed its events in the orders that records of different
 * partitions can take: the scores and links must not depend on that order.
 */
class ArticleLinkProcessorTest {
  private static final long T0 = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
  private static final long HOUR = 3_600_000L;
  private final Topics topics =
      Topics.create(TopicNames.withPrefix(""), new SerdeFactory(new InMemorySchemaRegistry()));
  private final LinkSettings settings = LinkSettings.defaults();
  private TopologyTestDriver driver;
  private TestInputTopic<String, LinkEvent> events;
  private TestOutputTopic<String, ArticleLink> linksOut;
  private final List<ArticleLink> published = new ArrayList<>();

  @BeforeEach
  void start(@TempDir Path stateDir) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(
        LinkTopology.store(ArticleLinkProcessor.STORE, ArticleLinkState.serde(), true));
    builder.addStateStore(
        LinkTopology.store(ArticleLinkProcessor.PENDING_STORE, HeardEntity.listSerde(), true));
    KStream<String, LinkOutput> out =
        builder.stream(
                List.of("events", "messages"), Consumed.with(Serdes.String(), LinkEvent.serde()))
            .process(
                () ->
                    new ArticleLinkProcessor(settings, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)),
                ArticleLinkProcessor.STORE,
                ArticleLinkProcessor.PENDING_STORE);
    out.filter((k, v) -> v.link() != null)
        .mapValues(LinkOutput::link)
        .to("links", Produced.with(Serdes.String(), topics.links().valueSerde()));
    out.filter((k, v) -> v.message() != null)
        .mapValues(LinkOutput::message)
        .to("messages", Produced.with(Serdes.String(), LinkEvent.serde()));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "article-links-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(builder.build(), props);
    events =
        driver.createInputTopic(
            "events", Serdes.String().serializer(), LinkEvent.serde().serializer());
    linksOut =
        driver.createOutputTopic(
            "links", Serdes.String().deserializer(), topics.links().valueSerde().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private static IndexEntry article(String id, long time, long arrival, int entities) {
    return new IndexEntry(id, time, "Title " + id, new int[0], arrival, entities);
  }

  /**
   * To {@code self}: a shard of the index answers with one of its entities and the earlier articles
   * that mention it; as many shards answer as it has entities.
   */
  private void postings(IndexEntry self, String entity, double weight, IndexEntry... earlier) {
    events.pipeInput(
        self.articleId(),
        LinkEvent.index(
            self,
            self.entities(),
            List.of(new HeardEntity(self.time(), entity, weight, List.of(earlier))),
            List.of()));
  }

  /** To {@code later}: {@code earlier} reached the index of a shared entity after it. */
  private void pair(IndexEntry later, IndexEntry earlier, String entity, double weight) {
    events.pipeInput(later.articleId(), LinkEvent.pair(later, earlier, entity, weight));
  }

  private List<ArticleLink> read() {
    published.addAll(linksOut.readValuesToList());
    return published;
  }

  /** The latest link of each (from, type, to). */
  private Map<String, ArticleLink> latest() {
    Map<String, ArticleLink> latest = new LinkedHashMap<>();
    for (ArticleLink link : read()) {
      latest.put(link.getFrom() + ">" + link.getType() + ">" + link.getTo(), link);
    }
    return latest;
  }

  private long count(LinkType type, String from, String to) {
    return read().stream()
        .filter(l -> l.getType() == type && l.getFrom().equals(from) && l.getTo().equals(to))
        .count();
  }

  @Test
  void aSharedEntityHeardOfAfterCompletionRaisesTheScoreOnBothSides() {
    IndexEntry a = article("a", T0, 1, 2);
    IndexEntry b = article("b", T0 + HOUR, 1, 2);
    // b hears of e1 with a in its index, and of e2 before a reached e2's index
    postings(b, "e1", 0.8, a);
    postings(b, "e2", 0.7);
    assertThat(latest().get("b>RELATED>a").getScore()).isCloseTo(0.8, within(1e-9));
    assertThat(latest().get("a>RELATED>b").getScore()).isCloseTo(0.8, within(1e-9));
    assertThat(latest()).doesNotContainKey("b>STORY>story:a");

    pair(b, a, "e2", 0.7); // a reaches e2's index: b is the later article, so b scores the pair
    Map<String, ArticleLink> links = latest();
    assertThat(links.get("b>RELATED>a").getScore()).isCloseTo(1.5, within(1e-9));
    assertThat(links.get("a>RELATED>b").getScore()).isCloseTo(1.5, within(1e-9));
    assertThat(links.get("a>RELATED>b").getEvidence()).containsExactly("e1", "e2");
    // now strong enough for one story, named after its first article
    assertThat(links).containsKeys("a>STORY>story:a", "b>STORY>story:a");

    pair(b, a, "e2", 0.7); // the same entity again: counted once, nothing new published
    assertThat(linksOut.isEmpty()).isTrue();
  }

  @Test
  void theSameScoreWhicheverOrderTheEntitiesAreHeardIn() {
    IndexEntry a = article("a", T0, 1, 3);
    IndexEntry b = article("b", T0 + HOUR, 1, 3);
    pair(b, a, "e3", 0.25); // before b's own postings: counted, not yet published
    assertThat(read()).isEmpty();
    postings(b, "e2", 0.5, a);
    postings(b, "e1", 1.0, a);
    assertThat(read()).isEmpty(); // two of three entities heard of
    postings(b, "e3", 0.25); // a was not in e3's index yet when b reached it
    assertThat(latest().get("b>RELATED>a").getScore()).isCloseTo(1.75, within(1e-9));
    assertThat(count(LinkType.RELATED, "b", "a")).isEqualTo(1);
    assertThat(count(LinkType.RELATED, "a", "b")).isEqualTo(1);
  }

  @Test
  void onlyTheNewestSubmissionCountsWhenTwoInterleave() {
    IndexEntry a = article("a", T0, 1, 1);
    IndexEntry first = article("b", T0 + HOUR, 10, 2);
    IndexEntry second = article("b", T0 + HOUR, 20, 2);
    postings(first, "e1", 1.0, a);
    postings(second, "e1", 1.0, a);
    postings(first, "e2", 1.0, a); // the older submission's last entity: ignored
    assertThat(read()).isEmpty();
    pair(first, a, "e2", 1.0); // and so is a pair for it
    assertThat(read()).isEmpty();
    postings(second, "e2", 1.0, a);
    assertThat(latest().get("b>RELATED>a").getScore()).isCloseTo(2.0, within(1e-9));
    assertThat(count(LinkType.RELATED, "b", "a")).isEqualTo(1);
  }

  @Test
  void entitiesHeardBeforeCompletionAreKeptOnlyUntilScoredOrSuperseded() {
    IndexEntry a = article("a", T0, 1, 1);
    IndexEntry first = article("b", T0 + HOUR, 10, 3);
    IndexEntry second = article("b", T0 + HOUR, 20, 2);
    postings(first, "e1", 1.0, a);
    pair(first, a, "e2", 0.5);
    assertThat(pendingEntries()).isEqualTo(2);
    postings(second, "e1", 1.0, a); // a newer submission: the older one's entities go
    assertThat(pendingEntries()).isEqualTo(1);
    postings(second, "e3", 0.25, a);
    assertThat(pendingEntries()).isZero();
    assertThat(latest().get("b>RELATED>a").getScore()).isCloseTo(1.25, within(1e-9));
  }

  private long pendingEntries() {
    long n = 0;
    try (var all = driver.getKeyValueStore(ArticleLinkProcessor.PENDING_STORE).all()) {
      while (all.hasNext()) {
        all.next();
        n++;
      }
    }
    return n;
  }

  @Test
  void anArticleIsNeverRelatedToItself() {
    IndexEntry a = article("a", T0, 1, 1);
    IndexEntry again = article("a", T0, 2, 1);
    postings(again, "e1", 1.0, a);
    pair(again, a, "e1", 1.0);
    assertThat(read()).noneMatch(l -> l.getTo().equals("a") && l.getType() == LinkType.RELATED);
  }

  @Test
  void aDuplicateHeardOfTwiceIsPublishedOnceAndJoinsTheStory() {
    IndexEntry a = article("a", T0, 1, 0);
    IndexEntry b = article("b", T0 + HOUR, 1, 0);
    for (int i = 0; i < 2; i++) {
      events.pipeInput("b", LinkEvent.duplicate(b.time(), a, 0.9, true));
      events.pipeInput("a", LinkEvent.duplicate(a.time(), b, 0.9, false));
    }
    assertThat(count(LinkType.DUPLICATE, "b", "a")).isEqualTo(1);
    assertThat(count(LinkType.DUPLICATE, "a", "b")).isEqualTo(1);
    assertThat(latest().get("b>DUPLICATE>a").getEvidence()).containsExactly("original");
    assertThat(count(LinkType.STORY, "b", "story:a")).isEqualTo(1);
    assertThat(count(LinkType.STORY, "a", "story:a")).isEqualTo(1);
  }
}
