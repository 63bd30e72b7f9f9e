package io.newsflow.enrich.links;

import io.newsflow.avro.DeadLetter;
import io.newsflow.schemas.DeadLetters;
import io.newsflow.schemas.Topic;
import io.newsflow.schemas.registry.SchemaRegistryException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What link building does with a record it cannot read (on {@code news.enriched.v1}, e.g. one that
 * is not Avro): it writes it to the dead-letter topic, with where it was read and why, in the same
 * transaction as its offset, and goes on; Kafka Streams counts it in {@code dropped-records}. Only
 * a registry that does not answer fails the thread instead, since the record is not at fault.
 *
 * <p>Kafka Streams makes the handler from its class name; {@link #settings} gives it the
 * dead-letter topic to write to.
 */
public final class UnreadableRecords implements DeserializationExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(UnreadableRecords.class);

  /** The stage named in the dead letters. */
  public static final String STAGE = "links.deserialize";

  private static final String TOPIC = "newsflow.links.dead.letters.topic";

  private Topic<byte[], DeadLetter> deadLetters;
  private String applicationId;
  private final Clock clock = Clock.systemUTC();

  /**
   * The Streams settings that make link building dead-letter what it cannot read to {@code topic}.
   */
  public static Map<String, Object> settings(Topic<byte[], DeadLetter> topic) {
    return Map.of(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        UnreadableRecords.class,
        TOPIC,
        topic);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void configure(Map<String, ?> configs) {
    Object topic = configs.get(TOPIC);
    if (!(topic instanceof Topic<?, ?>)) {
      throw new ConfigException(TOPIC, topic, "the dead-letter topic of link building is not set");
    }
    this.deadLetters = (Topic<byte[], DeadLetter>) topic;
    this.applicationId = String.valueOf(configs.get(StreamsConfig.APPLICATION_ID_CONFIG));
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SchemaRegistryException registry && registry.isTransient()) {
        return Response.fail();
      }
    }
    log.warn(
        "Dead-lettering record {}-{}@{} at {}: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        STAGE,
        error.toString());
    DeadLetter letter =
        DeadLetters.of(
            new DeadLetters.Origin(
                record.topic(), record.partition(), record.offset(), record.timestamp()),
            record.key(),
            record.value(),
            record.headers(),
            STAGE,
            error,
            null,
            applicationId,
            clock.instant());
    byte[] value = deadLetters.valueSerde().serializer().serialize(deadLetters.name(), letter);
    return Response.resume(
        List.of(new ProducerRecord<>(deadLetters.name(), null, record.key(), value)));
  }
}
