package io.newsflow.ingest.internal;

import io.newsflow.avro.RawArticle;
import io.newsflow.ingest.ArticleProducer;
import io.newsflow.runtime.TopicFollower;
import io.newsflow.runtime.config.PipelineConfig;
import io.newsflow.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the raw topic from one dedup window back and tells the {@link Deduplicator} every article
 * on it: so that duplicates are recognised after a restart, and across ingest instances (each reads
 * what the others stored). The topic is the only record of what was accepted; there is no other
 * state to lose.
 */
public final class RawTopicFollower implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RawTopicFollower.class);

  private final Deserializer<RawArticle> values;
  private final Topic<String, RawArticle> topic;
  private final Deduplicator dedup;
  private final long since;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private Map<TopicPartition, Long> ends; // at start: read up to here, and the window is loaded
  private long articles;
  private TopicFollower follower;

  private RawTopicFollower(Topic<String, RawArticle> topic, Deduplicator dedup, long since) {
    this.values = topic.valueSerde().deserializer();
    this.topic = topic;
    this.dedup = dedup;
    this.since = since;
  }

  /**
   * Starts reading the topic from {@code window} ago.
   *
   * @param clock where "ago" is measured from
   */
  public static RawTopicFollower start(
      PipelineConfig config,
      Topic<String, RawArticle> topic,
      Deduplicator dedup,
      Duration window,
      Clock clock) {
    RawTopicFollower follower =
        new RawTopicFollower(topic, dedup, clock.millis() - window.toMillis());
    follower.follower =
        TopicFollower.start(
            "newsflow-ingest-dedup",
            config,
            "newsflow-ingest-dedup",
            new TopicFollower.Owner() {
              @Override
              public void position(KafkaConsumer<byte[], byte[]> consumer) {
                follower.position(consumer);
              }

              @Override
              public void take(ConsumerRecord<byte[], byte[]> record) {
                follower.take(record);
              }

              @Override
              public void polled(KafkaConsumer<byte[], byte[]> consumer) {
                follower.polled(consumer);
              }
            });
    return follower;
  }

  private void position(KafkaConsumer<byte[], byte[]> consumer) {
    List<TopicPartition> partitions = TopicFollower.partitions(consumer, topic.name());
    consumer.assign(partitions);
    Map<TopicPartition, Long> times = new HashMap<>();
    partitions.forEach(p -> times.put(p, since));
    Map<TopicPartition, OffsetAndTimestamp> offsets =
        consumer.offsetsForTimes(times, Duration.ofSeconds(30));
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
    for (TopicPartition p : partitions) {
      OffsetAndTimestamp at = offsets.get(p);
      consumer.seek(p, at == null ? ends.get(p) : at.offset());
    }
    this.ends = ends;
    checkCaughtUp(consumer);
  }

  /**
   * Waits until the articles that were on the topic at start are read; returns whether they are.
   */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void take(ConsumerRecord<byte[], byte[]> record) {
    try {
      Header content = record.headers().lastHeader(ArticleProducer.CONTENT_KEY_HEADER);
      if (content != null && record.key() != null) {
        dedup.seen(
            new String(record.key(), StandardCharsets.UTF_8),
            new String(content.value(), StandardCharsets.UTF_8),
            record.timestamp());
        articles++;
        return;
      }
      // written by another producer: decode the article
      RawArticle article = values.deserialize(record.topic(), record.value());
      if (article != null) {
        dedup.seen(article);
        articles++;
      }
    } catch (RuntimeException e) {
      // not an article: enrich dead-letters it; dedup has nothing to learn from it
      log.debug(
          "Skipping unreadable record {}-{}@{}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          e.toString());
    }
  }

  private void polled(KafkaConsumer<byte[], byte[]> consumer) {
    if (caughtUp.getCount() > 0) {
      checkCaughtUp(consumer);
      if (caughtUp.getCount() == 0) {
        log.info("Dedup window loaded from {}: {} article(s)", topic.name(), articles);
      }
    }
  }

  private void checkCaughtUp(KafkaConsumer<byte[], byte[]> consumer) {
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return;
      }
    }
    caughtUp.countDown();
  }

  @Override
  public void close() {
    follower.close();
  }
}
