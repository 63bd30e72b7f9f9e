package io.newsflow.sink.internal;

import io.newsflow.avro.DeadLetter;
import io.newsflow.schemas.DeadLetters;
import io.newsflow.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * How a sink puts the records it cannot store on the dead-letter topic: with their origin (topic,
 * partition, offset), key, value, headers, the stage and the error, and synchronously, so that a
 * batch's offsets are committed only once its dead letters are on the topic.
 */
final class DeadLetterSender implements AutoCloseable {
  private final Topic<byte[], DeadLetter> topic;
  private final Producer<byte[], DeadLetter> producer;
  private final String application;
  private final Clock clock;

  /**
   * @param producerProps client properties (bootstrap servers, security, ...); acks=all and
   *     idempotence are set here
   * @param application who dead-lettered the record: the sink's consumer group
   */
  DeadLetterSender(
      Map<String, Object> producerProps,
      String clientId,
      Topic<byte[], DeadLetter> topic,
      String application,
      Clock clock) {
    Map<String, Object> props = new java.util.HashMap<>(producerProps);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    this.topic = topic;
    this.application = application;
    this.clock = clock;
    this.producer =
        new KafkaProducer<>(props, topic.keySerde().serializer(), topic.valueSerde().serializer());
  }

  /** The dead letter of a record read as bytes; its key is taken as the article id. */
  public DeadLetter letter(ConsumerRecord<byte[], byte[]> record, String stage, Throwable error) {
    return DeadLetters.of(
        new DeadLetters.Origin(
            record.topic(), record.partition(), record.offset(), record.timestamp()),
        record.key(),
        record.value(),
        record.headers(),
        stage,
        error,
        record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
        application,
        clock.instant());
  }

  /** Sends them all and waits until the broker has each; throws if it does not within 2 minutes. */
  public void sendAll(List<DeadLetter> letters) {
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    for (DeadLetter letter : letters) {
      byte[] key = letter.getKey() == null ? null : letter.getKey().array();
      sends.add(producer.send(new ProducerRecord<>(topic.name(), key, letter)));
    }
    for (Future<RecordMetadata> send : sends) {
      try {
        send.get(2, TimeUnit.MINUTES);
      } catch (ExecutionException | TimeoutException e) {
        throw new KafkaException("cannot write to the dead-letter topic " + topic.name(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaException("interrupted while writing dead letters", e);
      }
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
