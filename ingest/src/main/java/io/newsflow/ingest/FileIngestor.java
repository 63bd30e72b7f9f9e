package io.newsflow.ingest;

import io.newsflow.avro.IngestChannel;
import io.newsflow.avro.RawArticle;
import io.newsflow.ingest.ArticleFileReader.Entry;
import io.newsflow.ingest.ArticleFileReader.InputError;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads article files, validates each article and sends the valid ones to the raw topic. Returns
 * what was stored where, what was rejected and why (file and line), and what Kafka refused.
 */
public final class FileIngestor {
  private static final Logger log = LoggerFactory.getLogger(FileIngestor.class);

  private final ArticleFileReader reader = new ArticleFileReader();
  private final ArticleValidator validator;
  private final ArticleProducer producer;
  private final Clock clock;

  public FileIngestor(ArticleValidator validator, ArticleProducer producer, Clock clock) {
    this.validator = validator;
    this.producer = producer;
    this.clock = clock;
  }

  /** An article Kafka acknowledged. */
  public record Stored(String id, String origin, int partition, long offset) {}

  /** An article Kafka did not take after the producer's retries. */
  public record Failed(String id, String origin, Exception error) {}

  /** The outcome of one ingest call. */
  public record Report(List<Stored> stored, List<InputError> rejected, List<Failed> failed) {
    public boolean allStored() {
      return rejected.isEmpty() && failed.isEmpty();
    }
  }

  public Report ingest(List<Path> paths) {
    ArticleFileReader.Batch batch = reader.read(paths);
    List<InputError> rejected = new ArrayList<>(batch.errors());
    List<RawArticle> valid = new ArrayList<>();
    for (Entry entry : batch.entries()) {
      try {
        valid.add(validator.validate(entry.draft(), IngestChannel.FILE, clock.instant()));
      } catch (InvalidArticleException e) {
        rejected.add(new InputError(entry.file(), entry.line(), e.getMessage()));
      }
    }
    rejected.sort(Comparator.comparing(InputError::file).thenComparingInt(InputError::line));
    rejected.forEach(error -> log.debug("Rejected input {}", error));

    List<CompletableFuture<RecordMetadata>> sends = new ArrayList<>(valid.size());
    for (RawArticle article : valid) {
      sends.add(producer.send(article));
    }
    producer.flush();
    List<Stored> stored = new ArrayList<>();
    List<Failed> failed = new ArrayList<>();
    for (int i = 0; i < valid.size(); i++) {
      RawArticle article = valid.get(i);
      try {
        RecordMetadata meta = sends.get(i).get();
        stored.add(
            new Stored(article.getId(), article.getOrigin(), meta.partition(), meta.offset()));
      } catch (ExecutionException e) {
        Exception cause = e.getCause() instanceof Exception c ? c : e;
        log.error(
            "Kafka did not store article {} from {}: {}",
            article.getId(),
            article.getOrigin(),
            cause.toString());
        failed.add(new Failed(article.getId(), article.getOrigin(), cause));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failed.add(new Failed(article.getId(), article.getOrigin(), e));
      }
    }
    log.info(
        "Ingested {} article(s) from {}: {} stored, {} rejected, {} failed",
        valid.size() + rejected.size(),
        paths,
        stored.size(),
        rejected.size(),
        failed.size());
    return new Report(stored, rejected, failed);
  }
}
