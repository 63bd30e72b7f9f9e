package io.newsflow.enrich.links;

import io.newsflow.avro.ArticleLink;
import io.newsflow.avro.EnrichedArticle;
import io.newsflow.avro.Entity;
import io.newsflow.avro.Link;
import io.newsflow.avro.LinkType;
import io.newsflow.schemas.ArticleIds;
import io.newsflow.schemas.IntrinsicLinks;
import io.newsflow.schemas.Topic;
import io.newsflow.schemas.Topics;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Cross-reference links, built from the enriched articles and published on {@code news.links.v1}
 * (key: the article the link starts from). Its own Kafka Streams application, apart from enrich, so
 * that it scales (and falls behind) on its own:
 *
 * <pre>
 * news.enriched.v1 ─▶ link-requests ─┬─▶ links (cited outlets, quoted speakers, hyperlinks as written)
 *                                    └─▶ [links-by-key]: one request per index shard ─┐
 *    ┌────────────────────────────────────────────────────────────────────────────────┘
 *    ├─▶ link-index (entities, LSH bands) ─▶ link messages: INDEX answers, PAIR, DUPLICATE ─┐
 *    └─▶ hyperlink-resolver ─▶ links (HYPERLINK to article ids)                              │
 * link messages (key: article) ◀─────────────────────────────────────────────────────────────┤
 *    └─▶ article-links ─┬─▶ links (RELATED, DUPLICATE, STORY)                                │
 *                       └─▶ link messages (RELATED scores, STORY_ROOT) ──────────────────────┘
 * </pre>
 *
 * An article's index keys (entities, bands, linked pages, its own id) are grouped by the index
 * shard they belong to, so that it costs one repartition record per shard, not one per key. What
 * goes to an article (answers of the index, messages of other articles) is keyed by its id on the
 * one message topic, which article-links reads as it is: no second repartition. The links are the
 * same however the articles of a story spread over partitions and instances. Processors, stores and
 * the repartition topic are named so that an upgrade keeps them.
 */
public final class LinkTopology {
  private LinkTopology() {}

  /** Name of the repartition topic of index requests (one record per article and index shard). */
  private static final String REPARTITION = "links-by-key";

  /** The repartition topic of index requests of the link application {@code applicationId}. */
  public static String repartitionTopic(String applicationId) {
    return applicationId + "-" + REPARTITION + "-repartition";
  }

  /**
   * Builds link building as a topology of its own; no side effects.
   *
   * @param messageTopic the topic of messages between articles, read and written by this topology
   *     (it must exist)
   * @param shards partitions of the index (of its repartition topic); fixed for an application id,
   *     since an index key's shard depends on it
   */
  public static Topology build(
      StreamsBuilder builder,
      Topics topics,
      String messageTopic,
      int shards,
      LinkSettings settings,
      Clock clock) {
    if (shards < 1) {
      throw new IllegalArgumentException("the link index needs at least one shard, got " + shards);
    }
    addStores(builder);
    Outputs to = outputs(topics, messageTopic);
    KStream<String, EnrichedArticle> enriched =
        builder.stream(
            topics.enriched().name(),
            Consumed.with(topics.enriched().keySerde(), topics.enriched().valueSerde())
                .withName("links-enriched-in"));
    enriched
        .flatMap((id, article) -> intrinsicLinks(article), Named.as("intrinsic-links"))
        .to(to.links().name(), to.toLinks().withName("links-intrinsic"));
    KStream<String, IndexRequest> requests = indexRequests(enriched, shards);
    addLinkIndex(requests, settings, to);
    addHyperlinkResolver(requests, settings, clock, to);
    addArticleLinks(builder, settings, clock, to);
    return builder.build();
  }

  /**
   * The topics the topology writes and how. One {@link Produced} per topic, shared by its sinks:
   * each names it just before its {@code to}.
   */
  private record Outputs(
      Topic<String, ArticleLink> links,
      Produced<String, ArticleLink> toLinks,
      Topic<String, LinkEvent> messages,
      Produced<String, LinkEvent> toMessages) {}

  private static Outputs outputs(Topics topics, String messageTopic) {
    Produced<String, ArticleLink> toLinks =
        Produced.with(topics.links().keySerde(), topics.links().valueSerde());
    Topic<String, LinkEvent> messages = messageTopic(messageTopic);
    Produced<String, LinkEvent> toMessages =
        Produced.with(messages.keySerde(), messages.valueSerde());
    return new Outputs(topics.links(), toLinks, messages, toMessages);
  }

  /** The stores of the index, of article links and of the hyperlink resolver, in this order. */
  private static void addStores(StreamsBuilder builder) {
    builder.addStateStore(store(LinkIndexProcessor.STORE, IndexEntry.listSerde(), true));
    builder.addStateStore(store(ArticleLinkProcessor.STORE, ArticleLinkState.serde(), true));
    builder.addStateStore(store(ArticleLinkProcessor.PENDING_STORE, HeardEntity.listSerde(), true));
    builder.addStateStore(store(HyperlinkResolver.SEEN_STORE, HyperlinkEvent.serde(), false));
    builder.addStateStore(
        store(HyperlinkResolver.PENDING_STORE, HyperlinkEvent.listSerde(), false));
  }

  /** Each article's requests to the index, repartitioned so that each reaches its shard. */
  private static KStream<String, IndexRequest> indexRequests(
      KStream<String, EnrichedArticle> enriched, int shards) {
    return enriched
        .flatMap((id, article) -> requests(article, shards), Named.as("link-requests"))
        .repartition(
            Repartitioned.with(Serdes.String(), IndexRequest.serde())
                .withName(REPARTITION)
                .withNumberOfPartitions(shards)
                .withStreamPartitioner(new ByShard(shards)));
  }

  /** The index answers each request with messages to articles. */
  private static void addLinkIndex(
      KStream<String, IndexRequest> requests, LinkSettings settings, Outputs to) {
    requests
        .process(
            () -> new LinkIndexProcessor(settings),
            Named.as("link-index"),
            LinkIndexProcessor.STORE)
        .to(to.messages().name(), to.toMessages().withName("link-index-answers"));
  }

  /** Hyperlinks, and articles as their targets, resolved to HYPERLINK links between articles. */
  private static void addHyperlinkResolver(
      KStream<String, IndexRequest> requests, LinkSettings settings, Clock clock, Outputs to) {
    requests
        .flatMap(
            (id, request) ->
                request.hyperlinks().stream().map(h -> KeyValue.pair(h.key(), h.value())).toList(),
            Named.as("hyperlink-events"))
        .process(
            () -> new HyperlinkResolver(settings, clock),
            Named.as("hyperlink-resolver"),
            HyperlinkResolver.SEEN_STORE,
            HyperlinkResolver.PENDING_STORE)
        .to(to.links().name(), to.toLinks().withName("links-hyperlinks"));
  }

  /** Each article's messages make its links, and messages to other articles. */
  private static void addArticleLinks(
      StreamsBuilder builder, LinkSettings settings, Clock clock, Outputs to) {
    KStream<String, LinkOutput> outputs =
        builder.stream(
                to.messages().name(),
                Consumed.with(to.messages().keySerde(), to.messages().valueSerde())
                    .withName("link-messages-in"))
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
                        .to(to.links().name(), to.toLinks().withName("links-related")),
                "links"))
        .defaultBranch(
            Branched.withConsumer(
                toArticles ->
                    toArticles
                        .mapValues(LinkOutput::message, Named.as("link-message-values"))
                        .to(to.messages().name(), to.toMessages().withName("link-messages-out")),
                "messages"));
  }

  /**
   * The topic of messages between articles: key the article a message is for, value a {@link
   * LinkEvent} in link building's own binary format.
   */
  static Topic<String, LinkEvent> messageTopic(String name) {
    return new Topic<>(name, Serdes.String(), LinkEvent.serde());
  }

  /**
   * Sends each request to the partition of its shard. The shards are the repartition topic's
   * partitions: an instance configured for another count would put index keys where no other
   * instance looks for them, so it stops instead.
   */
  static final class ByShard implements StreamPartitioner<String, IndexRequest> {
    private final int shards;

    ByShard(int shards) {
      this.shards = shards;
    }

    @Override
    public Optional<Set<Integer>> partitions(
        String topic, String key, IndexRequest value, int numPartitions) {
      if (numPartitions != shards) {
        throw new IllegalStateException(
            "topic "
                + topic
                + " has "
                + numPartitions
                + " partitions but this instance builds the link index in "
                + shards
                + " shards; give every instance the same enrich.links.index.shards (or"
                + " topics.partitions)");
      }
      return Optional.of(Set.of(value.shard()));
    }
  }

  /**
   * A persistent store of the link topology: string keys, {@code values} as values; {@code cached}
   * for a store written several times per key within a commit (an article's state, an entity's
   * postings), so that its changelog gets the last value only.
   */
  static <V> StoreBuilder<KeyValueStore<String, V>> store(
      String name, Serde<V> values, boolean cached) {
    StoreBuilder<KeyValueStore<String, V>> store =
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values);
    return cached ? store.withCachingEnabled() : store.withCachingDisabled();
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

  /**
   * An article's requests to the index: its entities, bands and linked pages, and itself as a page,
   * grouped by the shard each key belongs to; one request per shard.
   */
  static List<KeyValue<String, IndexRequest>> requests(EnrichedArticle article, int shards) {
    Set<String> entityIds = new LinkedHashSet<>();
    for (Entity e : article.getEntities()) {
      entityIds.add(e.getId());
    }
    int[] signature = MinHash.signature(article.getCleanTitle() + "\n" + article.getCleanText());
    long time = eventTime(article);
    IndexEntry self =
        new IndexEntry(
            article.getId(),
            time,
            article.getCleanTitle(),
            signature,
            arrival(article),
            entityIds.size());
    Shards grouped = new Shards(shards);
    for (String id : entityIds) {
      grouped.of(id).entities.add(id);
    }
    for (String band : MinHash.bands(signature)) {
      grouped.of(band).bands.add(band);
    }
    String selfId = article.getId();
    grouped
        .of(selfId)
        .hyperlinks
        .add(
            new IndexRequest.Keyed<>(
                selfId, HyperlinkEvent.arrival(article.getCleanTitle(), time)));
    for (Link link : article.getLinks()) {
      if (link.getType() == LinkType.HYPERLINK && link.getTarget().startsWith("http")) {
        String target = ArticleIds.forArticle(link.getTarget(), "", "");
        grouped
            .of(target)
            .hyperlinks
            .add(
                new IndexRequest.Keyed<>(
                    target,
                    HyperlinkEvent.link(selfId, link.getTarget(), link.getTargetName(), time)));
      }
    }
    int answering = 0;
    for (Shard s : grouped.shards) {
      if (s != null && (!s.entities.isEmpty() || !s.bands.isEmpty())) {
        answering++;
      }
    }
    List<KeyValue<String, IndexRequest>> out = new ArrayList<>();
    for (int i = 0; i < shards; i++) {
      Shard s = grouped.shards[i];
      if (s != null) {
        out.add(
            KeyValue.pair(
                selfId, new IndexRequest(i, self, answering, s.entities, s.bands, s.hyperlinks)));
      }
    }
    return out;
  }

  /** The index keys of one article, by shard. */
  private static final class Shards {
    final Shard[] shards;

    Shards(int count) {
      shards = new Shard[count];
    }

    Shard of(String key) {
      int i = IndexRequest.shardOf(key, shards.length);
      if (shards[i] == null) {
        shards[i] = new Shard();
      }
      return shards[i];
    }
  }

  private static final class Shard {
    final List<String> entities = new ArrayList<>();
    final List<String> bands = new ArrayList<>();
    final List<IndexRequest.Keyed<HyperlinkEvent>> hyperlinks = new ArrayList<>();
  }

  /** The links an article carries itself (see {@link IntrinsicLinks}), keyed by the article. */
  static List<KeyValue<String, ArticleLink>> intrinsicLinks(EnrichedArticle article) {
    return IntrinsicLinks.of(article).stream()
        .map(link -> KeyValue.pair(article.getId(), link))
        .toList();
  }
}
