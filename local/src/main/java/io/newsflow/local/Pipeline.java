package io.newsflow.local;

import io.newsflow.enrich.EnrichConfig;
import io.newsflow.enrich.EnrichService;
import io.newsflow.ingest.ArticleProducer;
import io.newsflow.ingest.FileIngestor;
import io.newsflow.ingest.IngestConfig;
import io.newsflow.ingest.IngestServer;
import io.newsflow.schemas.SerdeFactory;
import io.newsflow.schemas.Topics;
import io.newsflow.sink.JsonLinesSink;
import io.newsflow.sink.SinkConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The three components in one process against a given cluster: the ingest service, one enrich
 * instance and one JSON Lines sink, with a {@link DeliveryTracker} that sees every article reach
 * the sink or the dead-letter topic. Used by {@code newsflow local}, the end-to-end tests and the
 * benchmark; in production each component runs as its own process ({@code newsflow enrich}, ...).
 */
public final class Pipeline implements AutoCloseable {
  private final IngestConfig ingestConfig;
  private final EnrichConfig enrichConfig;
  private final SinkConfig sinkConfig;
  private final Topics topics;
  private final DeliveryTracker tracker;
  private EnrichService enrich;
  private JsonLinesSink sink;
  private DeadLetterWatcher deadLetters;
  private IngestServer ingest;

  /**
   * @param options newsflow options (bootstrap.servers, schema.registry.url, topics, sink.*, ...)
   * @param tracker told about every article that reaches the end
   */
  public Pipeline(Map<String, String> options, DeliveryTracker tracker) {
    this.ingestConfig = new IngestConfig(options);
    this.enrichConfig = new EnrichConfig(options);
    this.sinkConfig = new SinkConfig(options);
    this.topics =
        Topics.create(
            ingestConfig.topicNames(), new SerdeFactory(ingestConfig.schemaRegistryClient()));
    this.tracker = tracker;
  }

  /** Creates the topics, then starts enrich, the sink and the dead-letter watcher. */
  public Pipeline start(Duration timeout) {
    try {
      Topics.ensure(ingestConfig, topics.names());
      deadLetters =
          new DeadLetterWatcher(
              ingestConfig,
              topics.deadLetters(),
              letter -> {
                if (letter.getArticleId() != null) {
                  tracker.deadLettered(letter.getArticleId());
                }
              });
      // assigned before starting, so that close() stops whatever a failed start left running
      enrich = new EnrichService(enrichConfig);
      enrich.start(timeout);
      sink =
          new JsonLinesSink(
              sinkConfig, topics, article -> tracker.written(article.getId()), Clock.systemUTC());
      sink.start();
      ingest = IngestServer.start(ingestConfig, Clock.systemUTC());
      return this;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while the ingest service started", e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  public FileIngestor.Report ingest(List<Path> paths) {
    return new FileIngestor(ingest.intake()).ingest(paths);
  }

  public Topics topics() {
    return topics;
  }

  public DeliveryTracker tracker() {
    return tracker;
  }

  public ArticleProducer producer() {
    return ingest.producer();
  }

  /** The ingest service: HTTP API, feeds, watched folder. */
  public IngestServer ingest() {
    return ingest;
  }

  public EnrichService enrich() {
    return enrich;
  }

  public JsonLinesSink sink() {
    return sink;
  }

  public long deadLetterCount() {
    return deadLetters == null ? 0 : deadLetters.count();
  }

  /** Stops in flow order: ingest drains its sends, enrich commits, the sink finishes its batch. */
  @Override
  public void close() {
    if (ingest != null) {
      ingest.close(); // answers what it took, then drains its sends
    }
    if (enrich != null) {
      enrich.close(Duration.ofSeconds(30));
    }
    if (sink != null) {
      sink.close();
    }
    if (deadLetters != null) {
      deadLetters.close();
    }
  }
}
