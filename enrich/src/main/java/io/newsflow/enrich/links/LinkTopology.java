package io.newsflow.enrich.links;

import io.newsflow.avro.ArticleLink;
import io.newsflow.avro.EnrichedArticle;
import io.newsflow.avro.Entity;
import io.newsflow.avro.Link;
import io.newsflow.avro.LinkType;
import io.newsflow.schemas.ArticleIds;
import io.newsflow.schemas.IntrinsicLinks;
import io.newsflow.schemas.Topics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Cross-reference links, built in the stream from the enriched articles and published on {@code
 * news.links.v1} (key: the article the link starts from):
 *
 * <pre>
 * enriched ─┬─▶ intrinsic-links (cited outlets, quoted speakers, hyperlinks as written) ─▶ links
 *           ├─▶ entity-postings ─▶ [links-by-entity] ─▶ entity-index ──┐  an entity's articles
 *           ├─▶ lsh-bands ───────▶ [links-by-band] ───▶ duplicates ────┤  near-duplicates
 *           │                         link-messages (loop topic) ──────┤  scores, story roots
 *           │                                  [links-by-article] ◀────┘
 *           │                                          ▼
 *           │                                    article-links ─┬─▶ links (RELATED, DUPLICATE, STORY)
 *           │                                                   └─▶ link-messages (to other articles)
 *           └─▶ hyperlink-events ─▶ [links-by-target] ─▶ hyperlink-resolver ─▶ links (HYPERLINK to article ids)
 * </pre>
 *
 * Every step is keyed by what it needs together (entity, LSH band, article, linked page) and
 * repartitioned by it, so the links are the same however the articles of a story spread over
 * partitions and instances. Processors, stores and repartition topics are named so that an upgrade
 * keeps them.
 */
public final class LinkTopology {
  private LinkTopology() {}

  /**
   * Adds link building to a topology, reading the enriched articles.
   *
   * @param messageTopic the topic of messages between articles, read and written by this topology
   *     (it must exist)
   */
  public static void add(
      StreamsBuilder builder,
      KStream<String, EnrichedArticle> enriched,
      Topics topics,
      String messageTopic,
      LinkSettings settings,
      Clock clock) {
    builder.addStateStore(store(EntityIndexProcessor.STORE, IndexEntry.listSerde()));
    builder.addStateStore(store(DuplicateProcessor.STORE, IndexEntry.listSerde()));
    builder.addStateStore(store(ArticleLinkProcessor.STORE, ArticleLinkState.serde()));
    builder.addStateStore(store(ArticleLinkProcessor.PENDING_STORE, HeardEntity.serde()));
    builder.addStateStore(store(HyperlinkResolver.SEEN_STORE, HyperlinkEvent.serde()));
    builder.addStateStore(store(HyperlinkResolver.PENDING_STORE, HyperlinkEvent.listSerde()));
    Produced<String, ArticleLink> toLinks =
        Produced.with(topics.links().keySerde(), topics.links().valueSerde());

    enriched
        .flatMap((id, article) -> intrinsicLinks(article), Named.as("intrinsic-links"))
        .to(topics.links().name(), toLinks.withName("links-intrinsic"));

    KStream<String, LinkEvent> shared =
        enriched
            .flatMap((id, article) -> postings(article), Named.as("entity-postings"))
            .repartition(
                Repartitioned.with(Serdes.String(), IndexEntry.serde()).withName("links-by-entity"))
            .process(
                () -> new EntityIndexProcessor(settings),
                Named.as("entity-index"),
                EntityIndexProcessor.STORE);
    KStream<String, LinkEvent> duplicates =
        enriched
            .flatMap((id, article) -> bands(article), Named.as("lsh-bands"))
            .repartition(
                Repartitioned.with(Serdes.String(), IndexEntry.serde()).withName("links-by-band"))
            .process(
                () -> new DuplicateProcessor(settings),
                Named.as("duplicates"),
                DuplicateProcessor.STORE);
    KStream<String, LinkEvent> messages =
        builder.stream(
            messageTopic,
            Consumed.with(Serdes.String(), LinkEvent.serde()).withName("link-messages-in"));

    KStream<String, LinkOutput> outputs =
        shared
            .merge(duplicates, Named.as("merge-duplicates"))
            .merge(messages, Named.as("merge-link-messages"))
            .repartition(
                Repartitioned.with(Serdes.String(), LinkEvent.serde()).withName("links-by-article"))
            .process(
                () -> new ArticleLinkProcessor(settings, clock),
                Named.as("article-links"),
                ArticleLinkProcessor.STORE,
                ArticleLinkProcessor.PENDING_STORE);
    outputs
        .split(Named.as("link-output-"))
        .branch(
            (id, out) -> out.link() != null,
            Branched.withConsumer(
                links ->
                    links
                        .mapValues(LinkOutput::link, Named.as("link-values"))
                        .to(topics.links().name(), toLinks.withName("links-related")),
                "links"))
        .defaultBranch(
            Branched.withConsumer(
                toArticles ->
                    toArticles
                        .mapValues(LinkOutput::message, Named.as("link-message-values"))
                        .to(
                            messageTopic,
                            Produced.with(Serdes.String(), LinkEvent.serde())
                                .withName("link-messages-out")),
                "messages"));

    enriched
        .flatMap((id, article) -> hyperlinkEvents(article), Named.as("hyperlink-events"))
        .repartition(
            Repartitioned.with(Serdes.String(), HyperlinkEvent.serde()).withName("links-by-target"))
        .process(
            () -> new HyperlinkResolver(settings, clock),
            Named.as("hyperlink-resolver"),
            HyperlinkResolver.SEEN_STORE,
            HyperlinkResolver.PENDING_STORE)
        .to(topics.links().name(), toLinks.withName("links-hyperlinks"));
  }

  /** A persistent store of the link topology: string keys, {@code values} as values. */
  static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> values) {
    return Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(name), Serdes.String(), values);
  }

  /**
   * An article's event time: when it was published, else when it was received; never after it was
   * received, so that a wrong date in the future cannot push every window on.
   */
  static long eventTime(EnrichedArticle article) {
    long received = article.getReceivedAt().toEpochMilli();
    return article.getPublishedAt() == null
        ? received
        : Math.min(article.getPublishedAt().toEpochMilli(), received);
  }

  /** Which submission of an article this is: a re-submission is received, and enriched, again. */
  static long arrival(EnrichedArticle article) {
    return article.getReceivedAt().toEpochMilli() * 1_000_003L
        + article.getEnrichedAt().toEpochMilli();
  }

  static List<KeyValue<String, IndexEntry>> postings(EnrichedArticle article) {
    Set<String> ids = new LinkedHashSet<>();
    for (Entity e : article.getEntities()) {
      ids.add(e.getId());
    }
    IndexEntry entry =
        new IndexEntry(
            article.getId(),
            eventTime(article),
            article.getCleanTitle(),
            new int[0],
            arrival(article),
            ids.size());
    List<KeyValue<String, IndexEntry>> out = new ArrayList<>(ids.size());
    for (String id : ids) {
      out.add(KeyValue.pair(id, entry));
    }
    return out;
  }

  static List<KeyValue<String, IndexEntry>> bands(EnrichedArticle article) {
    int[] signature = MinHash.signature(article.getCleanTitle() + "\n" + article.getCleanText());
    List<KeyValue<String, IndexEntry>> out = new ArrayList<>(MinHash.BANDS);
    if (signature.length == 0) {
      return out;
    }
    IndexEntry entry =
        new IndexEntry(
            article.getId(),
            eventTime(article),
            article.getCleanTitle(),
            signature,
            arrival(article),
            0);
    for (String band : MinHash.bands(signature)) {
      out.add(KeyValue.pair(band, entry));
    }
    return out;
  }

  static List<KeyValue<String, HyperlinkEvent>> hyperlinkEvents(EnrichedArticle article) {
    List<KeyValue<String, HyperlinkEvent>> out = new ArrayList<>();
    long time = eventTime(article);
    out.add(KeyValue.pair(article.getId(), HyperlinkEvent.arrival(article.getCleanTitle(), time)));
    for (Link link : article.getLinks()) {
      if (link.getType() == LinkType.HYPERLINK && link.getTarget().startsWith("http")) {
        String target = ArticleIds.forArticle(link.getTarget(), "", "");
        String anchor = link.getTargetName();
        out.add(
            KeyValue.pair(
                target, HyperlinkEvent.link(article.getId(), link.getTarget(), anchor, time)));
      }
    }
    return out;
  }

  /** The links an article carries itself (see {@link IntrinsicLinks}), keyed by the article. */
  static List<KeyValue<String, ArticleLink>> intrinsicLinks(EnrichedArticle article) {
    return IntrinsicLinks.of(article).stream()
        .map(link -> KeyValue.pair(article.getId(), link))
        .toList();
  }
}
