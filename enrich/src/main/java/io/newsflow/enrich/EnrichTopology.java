package io.newsflow.enrich;

import io.newsflow.avro.DeadLetter;
import io.newsflow.avro.EnrichedArticle;
import io.newsflow.avro.RawArticle;
import io.newsflow.schemas.DeadLetters;
import io.newsflow.schemas.Topics;
import io.newsflow.schemas.registry.SchemaRegistryException;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enrich topology: raw articles in, enriched articles out, every record it cannot handle to the
 * dead-letter topic with its context.
 *
 * <pre>
 *   news.raw.v1 (bytes) ─▶ enrich-articles ─┬─▶ news.enriched.v1 (EnrichedArticle, key: article id)
 *                                           │     └─▶ entity-mentions ─▶ news.entities.v1 (EntityMention, key: entity id)
 *                                           └─▶ news.dlq.v1 (DeadLetter, key: original key bytes)
 * </pre>
 *
 * Raw records are read as bytes and decoded inside the processor, so that a record that does not
 * decode reaches the dead-letter topic with its original bytes, in the same transaction as the rest
 * of the batch. A schema registry that cannot be reached is not the record's fault: that error
 * stops the stream thread (after the registry client's retries) instead.
 */
public final class EnrichTopology {
  public static final String SOURCE = "raw-articles";
  public static final String PROCESSOR = "enrich-articles";
  public static final String STAGE_DESERIALIZE = "enrich.deserialize";
  public static final String STAGE_PROCESS = "enrich.process";
  private static final Logger log = LoggerFactory.getLogger(EnrichTopology.class);

  private EnrichTopology() {}

  /**
   * Adds the topology to {@code builder} and builds it; no side effects.
   *
   * @param enricher what is done to each article ({@link Enricher#enrich} in production)
   */
  public static Topology build(
      StreamsBuilder builder,
      Topics topics,
      Function<RawArticle, EnrichedArticle> enricher,
      String applicationId,
      Clock clock) {
    KStream<byte[], byte[]> raw =
        builder.stream(
            topics.raw().name(),
            Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(SOURCE));
    Deserializer<RawArticle> deserializer = topics.raw().valueSerde().deserializer();
    KStream<byte[], Outcome> outcomes =
        raw.process(
            () -> new EnrichProcessor(deserializer, enricher, applicationId, clock),
            Named.as(PROCESSOR));
    Map<String, KStream<byte[], Outcome>> branches =
        outcomes
            .split(Named.as("outcome-"))
            .branch((key, outcome) -> outcome.enriched() != null, Branched.as("enriched"))
            .defaultBranch(Branched.as("failed"));
    KStream<String, EnrichedArticle> enriched =
        branches
            .get("outcome-enriched")
            .map(
                (key, outcome) -> KeyValue.pair(outcome.enriched().getId(), outcome.enriched()),
                Named.as("key-by-article-id"));
    enriched.to(
        topics.enriched().name(),
        Produced.with(topics.enriched().keySerde(), topics.enriched().valueSerde())
            .withName("enriched-articles"));
    enriched
        .flatMap((id, article) -> EntityMentions.of(article), Named.as("entity-mentions"))
        .to(
            topics.entities().name(),
            Produced.with(topics.entities().keySerde(), topics.entities().valueSerde())
                .withName("entities"));
    branches
        .get("outcome-failed")
        .mapValues(Outcome::deadLetter, Named.as("to-dead-letter"))
        .to(
            topics.deadLetters().name(),
            Produced.with(topics.deadLetters().keySerde(), topics.deadLetters().valueSerde())
                .withName("dead-letters"));
    return builder.build();
  }

  /** What became of one raw record: exactly one of the two is set. */
  record Outcome(EnrichedArticle enriched, DeadLetter deadLetter) {}

  private static final class EnrichProcessor implements Processor<byte[], byte[], byte[], Outcome> {
    private final Deserializer<RawArticle> deserializer;
    private final Function<RawArticle, EnrichedArticle> enricher;
    private final String applicationId;
    private final Clock clock;
    private ProcessorContext<byte[], Outcome> context;
    private EnrichMetrics metrics;

    EnrichProcessor(
        Deserializer<RawArticle> deserializer,
        Function<RawArticle, EnrichedArticle> enricher,
        String applicationId,
        Clock clock) {
      this.deserializer = deserializer;
      this.enricher = enricher;
      this.applicationId = applicationId;
      this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<byte[], Outcome> context) {
      this.context = context;
      this.metrics = new EnrichMetrics(context.metrics());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
      metrics.taken(record.timestamp(), clock.millis());
      RawArticle raw;
      try {
        raw = deserializer.deserialize(topic(), record.value());
        if (raw == null) {
          throw new SerializationException(
              "record has no value (a tombstone); raw articles cannot be deleted");
        }
      } catch (SerializationException e) {
        deadLetter(record, STAGE_DESERIALIZE, e, null);
        return;
      } catch (SchemaRegistryException e) {
        if (e.isTransient()) {
          throw e;
        }
        deadLetter(record, STAGE_DESERIALIZE, e, null);
        return;
      }
      EnrichedArticle enriched;
      long start = System.nanoTime();
      try {
        enriched = enricher.apply(raw);
      } catch (StreamsException e) {
        // the enricher itself is missing (its knowledge base did not load): not this record's fault
        throw e;
      } catch (RuntimeException e) {
        deadLetter(record, STAGE_PROCESS, e, raw.getId());
        return;
      } finally {
        metrics.enrichmentTook(System.nanoTime() - start);
      }
      metrics.enriched();
      context.forward(record.withValue(new Outcome(enriched, null)));
    }

    private void deadLetter(
        Record<byte[], byte[]> record, String stage, Exception error, String articleId) {
      RecordMetadata meta = context.recordMetadata().orElse(null);
      DeadLetters.Origin origin =
          meta == null
              ? new DeadLetters.Origin("unknown", -1, -1L, record.timestamp())
              : new DeadLetters.Origin(
                  meta.topic(), meta.partition(), meta.offset(), record.timestamp());
      log.warn(
          "Dead-lettering record {}-{}@{} (article {}) at {}: {}",
          origin.topic(),
          origin.partition(),
          origin.offset(),
          articleId,
          stage,
          error.toString());
      metrics.deadLetter(stage, error);
      DeadLetter letter =
          DeadLetters.of(
              origin,
              record.key(),
              record.value(),
              record.headers(),
              stage,
              error,
              articleId,
              applicationId,
              clock.instant());
      context.forward(record.withValue(new Outcome(null, letter)));
    }

    private String topic() {
      return context.recordMetadata().map(RecordMetadata::topic).orElse("unknown");
    }
  }
}
