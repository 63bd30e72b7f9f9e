package io.newsflow.app;

import io.newsflow.avro.DeadLetter;
import io.newsflow.runtime.config.PipelineConfig;
import io.newsflow.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the dead-letter topic from its current end, without a consumer group, and reports each
 * dead letter, so the one-machine default knows which articles ended there.
 */
final class DeadLetterWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DeadLetterWatcher.class);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Topic<byte[], DeadLetter> topic;
  private final Consumer<DeadLetter> onLetter;
  private final AtomicLong count = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  DeadLetterWatcher(
      PipelineConfig config, Topic<byte[], DeadLetter> topic, Consumer<DeadLetter> onLetter) {
    this.topic = topic;
    this.onLetter = onLetter;
    Map<String, Object> props = config.clientProperties("consumer.");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "newsflow-dlq-watcher");
    this.consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(topic.name(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    this.thread = new Thread(this::run, "dlq-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          DeadLetter letter;
          try {
            letter = topic.deserializeValue(record.value());
          } catch (RuntimeException e) {
            log.warn(
                "Unreadable record on {} at offset {}: {}",
                topic.name(),
                record.offset(),
                e.toString());
            continue;
          }
          if (letter.getArticleId() == null && record.key() != null) {
            letter.setArticleId(new String(record.key(), StandardCharsets.UTF_8));
          }
          count.incrementAndGet();
          onLetter.accept(letter);
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("Dead-letter watcher stopped", e);
    } finally {
      consumer.close();
    }
  }

  long count() {
    return count.get();
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
