package io.newsflow.ingest;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.newsflow.avro.RawArticle;
import io.newsflow.ingest.internal.Deduplicator;
import io.newsflow.runtime.config.PipelineConfig;
import io.newsflow.runtime.ops.KafkaMeters;
import io.newsflow.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes raw articles to their topic, keyed by article id, through an idempotent producer ({@code
 * acks=all}, {@code enable.idempotence=true}): a send the broker acknowledged is stored on every
 * in-sync replica, and the producer's own retries never duplicate it. Those two settings cannot be
 * overridden. The producer retries transient errors until {@code delivery.timeout.ms}, then the
 * send's future fails. Thread-safe.
 */
public final class ArticleProducer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ArticleProducer.class);

  private final Producer<String, RawArticle> producer;

  /** Header of each raw record: the content key of its article (see {@link Deduplicator}). */
  public static final String CONTENT_KEY_HEADER = "newsflow.content-key";

  private final Topic<String, RawArticle> topic;
  private final ExecutorService acks =
      Executors.newFixedThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "newsflow-ingest-acks");
            t.setDaemon(true);
            return t;
          });

  public ArticleProducer(PipelineConfig config, Topic<String, RawArticle> topic) {
    this.topic = topic;
    this.producer =
        new KafkaProducer<>(
            properties(config), topic.keySerde().serializer(), topic.valueSerde().serializer());
  }

  /** Binds the producer's own metrics (sends, errors, batch sizes, latency) to {@code registry}. */
  public AutoCloseable bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
    return KafkaMeters.bind(
        "ingest-producer",
        registry,
        (scheduler, every) -> new KafkaClientMetrics(producer, List.of(), scheduler, every));
  }

  static Map<String, Object> properties(PipelineConfig config) {
    Map<String, Object> props = config.clientProperties("producer.");
    props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "newsflow-ingest");
    props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.putIfAbsent(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    // a publisher waits for the answer: a send not stored within 30 s fails (the HTTP API answers
    // 503 and the publisher retries) rather than holding the request for the default 2 minutes
    props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    Object acks = props.put(ProducerConfig.ACKS_CONFIG, "all");
    Object idempotence = props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    if ((acks != null && !"all".equals(acks.toString()) && !"-1".equals(acks.toString()))
        || (idempotence != null && !Boolean.parseBoolean(idempotence.toString()))) {
      log.warn(
          "Ignoring producer acks={} / enable.idempotence={}: ingest always uses acks=all with idempotence",
          acks,
          idempotence);
    }
    return props;
  }

  /**
   * Sends one article; the future completes when the broker has acknowledged it, on a thread of
   * this producer's own (never the Kafka client's network thread, which what follows must not slow
   * down).
   */
  public CompletableFuture<RecordMetadata> send(RawArticle article) {
    CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
    ProducerRecord<String, RawArticle> record =
        new ProducerRecord<>(
            topic.name(), null, article.getReceivedAt().toEpochMilli(), article.getId(), article);
    // what dedup needs, readable without decoding the article (see RawTopicFollower)
    record
        .headers()
        .add(CONTENT_KEY_HEADER, Deduplicator.contentKey(article).getBytes(StandardCharsets.UTF_8));
    producer.send(
        record,
        (metadata, error) ->
            acks.execute(
                () -> {
                  if (error != null) {
                    result.completeExceptionally(error);
                  } else {
                    result.complete(metadata);
                  }
                }));
    return result;
  }

  /** Blocks until every send so far is acknowledged or has failed. */
  public void flush() {
    producer.flush();
  }

  /** Drains in-flight sends (up to the timeout), then closes. */
  public void close(Duration timeout) {
    producer.close(timeout);
    acks.shutdown();
    try {
      if (!acks.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("Acknowledgements still being handed on after {}", timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}
