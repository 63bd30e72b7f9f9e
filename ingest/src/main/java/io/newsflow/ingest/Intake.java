package io.newsflow.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.newsflow.avro.IngestChannel;
import io.newsflow.avro.RawArticle;
import io.newsflow.ingest.internal.ArticleValidator;
import io.newsflow.ingest.internal.Deduplicator;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Where every ingest path hands its articles: validates a draft, answers duplicates, sends the rest
 * to the raw topic. A receipt only completes once Kafka has acknowledged the article (or, for a
 * duplicate, its original). Thread-safe.
 */
public final class Intake {
  /**
   * What became of an accepted article.
   *
   * @param id the article id
   * @param duplicate whether it had been accepted within the dedup window already (it was not sent
   *     again)
   * @param originalId for a duplicate, the id it was accepted under first (another id when the same
   *     content came under another URL); else the article's own id
   */
  public record Receipt(String id, boolean duplicate, String originalId) {}

  private final ArticleValidator validator;
  private final Deduplicator dedup;
  private final ArticleProducer producer;
  private final Clock clock;
  private final MeterRegistry metrics;

  private static final List<String> OUTCOMES =
      List.of("accepted", "rejected", "duplicate", "failed");

  public Intake(
      ArticleValidator validator,
      Deduplicator dedup,
      ArticleProducer producer,
      Clock clock,
      MeterRegistry metrics) {
    this.validator = validator;
    this.dedup = dedup;
    this.producer = producer;
    this.clock = clock;
    this.metrics = metrics;
    if (metrics == null) {
      return; // a test's stand-in that counts nothing
    }
    // every channel and outcome from 0: a rate or increase over a counter that first appears at 1
    // would not show its first article
    for (IngestChannel channel : IngestChannel.values()) {
      for (String outcome : OUTCOMES) {
        counter(channel, outcome);
      }
    }
  }

  /**
   * Submits one article.
   *
   * @param publisher the authenticated publisher, recorded on the article, or null
   * @return completes when the article is stored (or is a duplicate of one stored); fails with the
   *     producer's error when Kafka did not store it
   * @throws InvalidArticleException when the draft is invalid, with every reason
   */
  public CompletableFuture<Receipt> submit(
      ArticleDraft draft, IngestChannel channel, String publisher) throws InvalidArticleException {
    RawArticle article;
    try {
      article = validator.validate(draft, channel, clock.instant(), publisher);
    } catch (InvalidArticleException e) {
      count(channel, "rejected");
      throw e;
    }
    CompletableFuture<Object> stored = new CompletableFuture<>();
    Deduplicator.Original original = dedup.claim(article, stored);
    if (original != null) {
      count(channel, "duplicate");
      String id = article.getId();
      return original.stored().thenApply(x -> new Receipt(id, true, original.id()));
    }
    CompletableFuture<RecordMetadata> send;
    try {
      send = producer.send(article);
    } catch (RuntimeException e) {
      // The producer throws rather than failing the future for some errors (a serializer that
      // cannot reach the schema registry, a closed producer). Failing the claim here keeps a later
      // duplicate from waiting forever on an original that was never sent.
      send = CompletableFuture.failedFuture(e);
    }
    return send.handle(
        (meta, error) -> {
          if (error != null) {
            stored.completeExceptionally(error);
            dedup.release(article);
            count(channel, "failed");
            throw new ArticleNotStoredException(article.getId(), error);
          }
          stored.complete(meta);
          count(channel, "accepted");
          return new Receipt(article.getId(), false, article.getId());
        });
  }

  private void count(IngestChannel channel, String outcome) {
    counter(channel, outcome).increment();
  }

  private Counter counter(IngestChannel channel, String outcome) {
    return Counter.builder("newsflow.ingest.articles")
        .description("Articles submitted to ingest, by channel and outcome")
        .tag("channel", channel.name().toLowerCase(java.util.Locale.ROOT))
        .tag("outcome", outcome)
        .register(metrics);
  }
}
