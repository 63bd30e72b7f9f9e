package io.newsflow.app;

import io.newsflow.avro.DeadLetter;
import io.newsflow.runtime.TopicFollower;
import io.newsflow.runtime.config.PipelineConfig;
import io.newsflow.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Follows the dead-letter topic from its current end and reports each dead letter, so the
 * one-machine default knows which articles ended there.
 */
final class DeadLetterWatcher implements AutoCloseable {
  private final Topic<byte[], DeadLetter> topic;
  private final Consumer<DeadLetter> onLetter;
  private final AtomicLong count = new AtomicLong();
  private final TopicFollower follower;

  DeadLetterWatcher(
      PipelineConfig config, Topic<byte[], DeadLetter> topic, Consumer<DeadLetter> onLetter) {
    this.topic = topic;
    this.onLetter = onLetter;
    this.follower =
        TopicFollower.start(
            "dlq-watcher",
            config,
            "newsflow-dlq-watcher",
            new TopicFollower.Owner() {
              @Override
              public void position(KafkaConsumer<byte[], byte[]> consumer) {
                List<TopicPartition> partitions = TopicFollower.partitions(consumer, topic.name());
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
              }

              @Override
              public void take(ConsumerRecord<byte[], byte[]> record) {
                letter(record);
              }
            });
  }

  private void letter(ConsumerRecord<byte[], byte[]> record) {
    DeadLetter letter = topic.deserializeValue(record.value());
    if (letter.getArticleId() == null && record.key() != null) {
      letter.setArticleId(new String(record.key(), StandardCharsets.UTF_8));
    }
    count.incrementAndGet();
    onLetter.accept(letter);
  }

  long count() {
    return count.get();
  }

  @Override
  public void close() {
    follower.close();
  }
}
