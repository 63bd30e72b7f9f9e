package io.newsflow.ingest;

import io.newsflow.avro.IngestChannel;
import io.newsflow.ingest.internal.ArticleFileReader;
import io.newsflow.ingest.internal.ArticleFileReader.Entry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads article files and hands each article to the {@link Intake}, which validates it, answers
 * duplicates and sends the rest to the raw topic. Returns, per article, whether it was stored, was
 * a duplicate of one stored already (and not sent again), was rejected and why (file and line), or
 * was not stored by Kafka. Used by {@code newsflow ingest PATH...}, {@code newsflow local} and the
 * watched folder.
 */
public final class FileIngestor {
  private static final Logger log = LoggerFactory.getLogger(FileIngestor.class);

  private final ArticleFileReader reader = new ArticleFileReader();
  private final Intake intake;

  public FileIngestor(Intake intake) {
    this.intake = intake;
  }

  /**
   * An article on the raw topic.
   *
   * @param id its id; for a duplicate, the id of the article it duplicates
   */
  public record Stored(String id, String origin) {}

  /**
   * An article Kafka did not take after the producer's retries.
   *
   * @param id the article id, or null when the failure came before it was known
   */
  public record Failed(String id, String origin, Exception error) {}

  /**
   * The outcome of one ingest call.
   *
   * @param stored the articles sent and acknowledged, one record each
   * @param duplicates the articles that had been accepted already, so were not sent again
   */
  public record Report(
      List<Stored> stored,
      List<Stored> duplicates,
      List<InputError> rejected,
      List<Failed> failed) {
    public boolean allStored() {
      return rejected.isEmpty() && failed.isEmpty();
    }
  }

  private record Submitted(Entry entry, CompletableFuture<Intake.Receipt> receipt) {}

  /** Reads the paths (files or folders), submits every article and waits for Kafka's answers. */
  public Report ingest(List<Path> paths) {
    ArticleFileReader.Batch batch = reader.read(paths);
    List<InputError> rejected = new ArrayList<>(batch.errors());
    List<Submitted> submitted = new ArrayList<>();
    List<Failed> failed = new ArrayList<>();
    for (Entry entry : batch.entries()) {
      try {
        submitted.add(new Submitted(entry, intake.submit(entry.draft(), IngestChannel.FILE, null)));
      } catch (InvalidArticleException e) {
        rejected.add(new InputError(entry.file(), entry.line(), e.getMessage()));
      }
    }
    rejected.sort(Comparator.comparing(InputError::file).thenComparingInt(InputError::line));
    rejected.forEach(error -> log.debug("Rejected input {}", error));

    List<Stored> stored = new ArrayList<>();
    List<Stored> duplicates = new ArrayList<>();
    for (Submitted s : submitted) {
      String origin = s.entry().draft().origin();
      try {
        Intake.Receipt receipt = s.receipt().get();
        (receipt.duplicate() ? duplicates : stored).add(new Stored(receipt.id(), origin));
      } catch (ExecutionException e) {
        Exception cause = e.getCause() instanceof Exception c ? c : e;
        String id = cause instanceof ArticleNotStoredException n ? n.articleId() : null;
        log.error("Kafka did not store article {} from {}: {}", id, origin, cause.toString());
        failed.add(new Failed(id, origin, cause));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failed.add(new Failed(null, origin, e));
      }
    }
    log.info(
        "Ingested {} article(s) from {}: {} stored, {} duplicates, {} rejected, {} failed",
        stored.size() + duplicates.size() + rejected.size() + failed.size(),
        paths,
        stored.size(),
        duplicates.size(),
        rejected.size(),
        failed.size());
    return new Report(stored, duplicates, rejected, failed);
  }
}
