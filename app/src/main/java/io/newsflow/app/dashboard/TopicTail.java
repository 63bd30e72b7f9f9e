package io.newsflow.app.dashboard;

import io.newsflow.avro.ArticleLink;
import io.newsflow.avro.EnrichedArticle;
import io.newsflow.avro.Entity;
import io.newsflow.avro.EntityMention;
import io.newsflow.avro.Link;
import io.newsflow.runtime.TopicFollower;
import io.newsflow.runtime.config.PipelineConfig;
import io.newsflow.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Follows the entities, enriched and links topics without a consumer group (commits nothing): the
 * entity mentions of the last hour (from {@code offsetsForTimes}, then a sliding window), the
 * latest enriched articles (the last few per partition, then as they come) and the links found for
 * them. Thread-safe readers; one thread polls.
 */
final class TopicTail implements AutoCloseable {
  static final Duration WINDOW = Duration.ofHours(1);
  private static final int LATEST = 20;
  private static final int LINKED_ARTICLES = 2_000;
  private static final int LINKS_PER_ARTICLE = 20;

  /** An entity and how many articles of the last hour mention it (mentions: how often). */
  record EntityCount(String id, String name, String type, long articles, long mentions) {}

  /** A link from an article, as shown. */
  record LinkView(String type, String target, String targetName, double score) {}

  /** An enriched article, as shown. */
  record ArticleView(
      String id,
      String title,
      long receivedAt,
      String source,
      List<String> entities,
      List<LinkView> links) {}

  private record Mention(long at, String id, String name, String type, int count) {}

  private final Topics topics;
  private final Clock clock;
  private final TopicFollower follower;

  private final Deque<Mention> window = new ArrayDeque<>();
  private final Map<String, long[]> counts = new HashMap<>();
  private final Map<String, Mention> names = new HashMap<>();
  private final Deque<EnrichedArticle> latest = new ArrayDeque<>();
  private final Map<String, Map<String, LinkView>> links =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, LinkView>> eldest) {
          return size() > LINKED_ARTICLES;
        }
      };

  TopicTail(PipelineConfig config, Topics topics, Clock clock) {
    this.topics = topics;
    this.clock = clock;
    this.follower =
        TopicFollower.startWhenReady(
            "dashboard-tail",
            config,
            "newsflow-dashboard-tail",
            new TopicFollower.Owner() {
              @Override
              public void position(KafkaConsumer<byte[], byte[]> consumer) {
                seek(consumer);
              }

              @Override
              public void take(ConsumerRecord<byte[], byte[]> record) {
                TopicTail.this.take(record);
              }

              @Override
              public void polled(KafkaConsumer<byte[], byte[]> consumer) {
                synchronized (TopicTail.this) {
                  expire();
                }
              }
            });
  }

  /** Entities and links from an hour ago, the last {@value #LATEST} articles of each partition. */
  private void seek(KafkaConsumer<byte[], byte[]> consumer) {
    List<TopicPartition> enriched = TopicFollower.partitions(consumer, topics.enriched().name());
    List<TopicPartition> fromTime =
        new ArrayList<>(TopicFollower.partitions(consumer, topics.entities().name()));
    fromTime.addAll(TopicFollower.partitions(consumer, topics.links().name()));
    List<TopicPartition> all = new ArrayList<>(enriched);
    all.addAll(fromTime);
    consumer.assign(all);
    Map<TopicPartition, Long> end = consumer.endOffsets(all);
    Map<TopicPartition, Long> begin = consumer.beginningOffsets(all);
    for (TopicPartition tp : enriched) {
      consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - LATEST));
    }
    long since = clock.millis() - WINDOW.toMillis();
    Map<TopicPartition, Long> times = new HashMap<>();
    fromTime.forEach(tp -> times.put(tp, since));
    Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(times);
    for (TopicPartition tp : fromTime) {
      OffsetAndTimestamp at = found.get(tp);
      consumer.seek(tp, at == null ? end.get(tp) : at.offset());
    }
  }

  private synchronized void take(ConsumerRecord<byte[], byte[]> record) {
    if (record.value() == null) {
      return;
    }
    String topic = record.topic();
    if (topic.equals(topics.entities().name())) {
      EntityMention m = topics.entities().deserializeValue(record.value());
      Mention mention =
          new Mention(
              record.timestamp(),
              m.getEntityId(),
              m.getEntityName(),
              m.getEntityType().name(),
              m.getMentionCount());
      window.addLast(mention);
      names.put(mention.id(), mention);
      long[] c = counts.computeIfAbsent(mention.id(), id -> new long[2]);
      c[0]++;
      c[1] += mention.count();
    } else if (topic.equals(topics.enriched().name())) {
      EnrichedArticle article = topics.enriched().deserializeValue(record.value());
      latest.removeIf(a -> a.getId().equals(article.getId()));
      latest.addLast(article);
      while (latest.size() > LATEST) {
        latest.removeFirst();
      }
      for (Link l : article.getLinks()) {
        addLink(
            article.getId(),
            new LinkView(l.getType().name(), l.getTarget(), l.getTargetName(), l.getScore()));
      }
    } else if (topic.equals(topics.links().name())) {
      ArticleLink l = topics.links().deserializeValue(record.value());
      addLink(
          l.getFrom(),
          new LinkView(l.getType().name(), l.getTo(), l.getTargetName(), l.getScore()));
    }
  }

  private void addLink(String from, LinkView link) {
    Map<String, LinkView> byTarget = links.computeIfAbsent(from, id -> new LinkedHashMap<>());
    byTarget.put(link.type() + " " + link.target(), link);
    if (byTarget.size() > LINKS_PER_ARTICLE) {
      byTarget.remove(byTarget.keySet().iterator().next());
    }
  }

  /** Drops mentions older than the window. */
  private void expire() {
    long oldest = clock.millis() - WINDOW.toMillis();
    while (!window.isEmpty() && window.getFirst().at() < oldest) {
      Mention m = window.removeFirst();
      long[] c = counts.get(m.id());
      c[0]--;
      c[1] -= m.count();
      if (c[0] <= 0) {
        counts.remove(m.id());
        names.remove(m.id());
      }
    }
  }

  /** The most mentioned entities of the last hour, by articles then mentions. */
  synchronized List<EntityCount> topEntities(int limit) {
    expire();
    return counts.entrySet().stream()
        .map(
            e -> {
              Mention m = names.get(e.getKey());
              return new EntityCount(
                  e.getKey(), m.name(), m.type(), e.getValue()[0], e.getValue()[1]);
            })
        .sorted(
            Comparator.comparingLong(EntityCount::articles)
                .thenComparingLong(EntityCount::mentions)
                .reversed()
                .thenComparing(EntityCount::name))
        .limit(limit)
        .toList();
  }

  /** The latest enriched articles, newest first, with their entities and links. */
  synchronized List<ArticleView> latestArticles() {
    List<ArticleView> views = new ArrayList<>();
    List<EnrichedArticle> newestFirst = new ArrayList<>(latest);
    newestFirst.sort(Comparator.comparing(EnrichedArticle::getEnrichedAt).reversed());
    for (EnrichedArticle a : newestFirst) {
      Set<String> entityNames = new LinkedHashSet<>();
      for (Entity e : a.getEntities()) {
        entityNames.add(e.getName());
      }
      Map<String, LinkView> found = links.getOrDefault(a.getId(), Map.of());
      views.add(
          new ArticleView(
              a.getId(),
              a.getCleanTitle(),
              a.getReceivedAt().toEpochMilli(),
              a.getSource(),
              List.copyOf(entityNames),
              List.copyOf(found.values())));
    }
    return views;
  }

  /** Why the topics cannot be followed, or null. */
  String error() {
    return follower.error();
  }

  @Override
  public void close() {
    follower.close();
  }
}
