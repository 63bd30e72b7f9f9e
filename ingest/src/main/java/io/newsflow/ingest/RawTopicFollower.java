package io.newsflow.ingest;

import io.newsflow.avro.RawArticle;
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
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
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

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Deserializer<RawArticle> values;
  private final Topic<String, RawArticle> topic;
  private final Deduplicator dedup;
  private final Thread thread;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private Map<TopicPartition, Long> ends; // at start: read up to here, and the window is loaded
  private volatile boolean running = true;

  private RawTopicFollower(
      PipelineConfig config, Topic<String, RawArticle> topic, Deduplicator dedup) {
    Map<String, Object> props = config.clientProperties("consumer.");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG); // partitions are assigned, not a group's
    props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "newsflow-ingest-dedup");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    this.consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.values = topic.valueSerde().deserializer();
    this.topic = topic;
    this.dedup = dedup;
    this.thread = new Thread(this::run, "newsflow-ingest-dedup");
    this.thread.setDaemon(true);
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
    RawTopicFollower follower = new RawTopicFollower(config, topic, dedup);
    follower.seekTo(clock.millis() - window.toMillis());
    follower.thread.start();
    return follower;
  }

  private void seekTo(long since) {
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
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
  }

  /**
   * Waits until the articles that were on the topic at start are read; returns whether they are.
   */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void run() {
    long articles = 0;
    try {
      checkCaughtUp();
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          try {
            Header content = record.headers().lastHeader(ArticleProducer.CONTENT_KEY_HEADER);
            if (content != null && record.key() != null) {
              dedup.seen(
                  new String(record.key(), StandardCharsets.UTF_8),
                  new String(content.value(), StandardCharsets.UTF_8),
                  record.timestamp());
              articles++;
              continue;
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
        if (caughtUp.getCount() > 0) {
          checkCaughtUp();
          if (caughtUp.getCount() == 0) {
            log.info("Dedup window loaded from {}: {} article(s)", topic.name(), articles);
          }
        }
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (RuntimeException e) {
      log.error("Stopped following {} for dedup: {}", topic.name(), e.toString(), e);
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  private void checkCaughtUp() {
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return;
      }
    }
    caughtUp.countDown();
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
