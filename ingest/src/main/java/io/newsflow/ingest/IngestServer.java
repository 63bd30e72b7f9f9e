package io.newsflow.ingest;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.newsflow.ingest.feeds.FeedPoller;
import io.newsflow.ingest.feeds.FeedSettings;
import io.newsflow.ingest.feeds.FeedStatus;
import io.newsflow.ingest.http.IngestApi;
import io.newsflow.ingest.internal.ArticleValidator;
import io.newsflow.ingest.internal.Deduplicator;
import io.newsflow.ingest.internal.FolderWatcher;
import io.newsflow.ingest.internal.KafkaStatus;
import io.newsflow.ingest.internal.Publishers;
import io.newsflow.ingest.internal.RawTopicFollower;
import io.newsflow.runtime.TopicCreator;
import io.newsflow.runtime.ops.ProcessMeters;
import io.newsflow.schemas.SerdeFactory;
import io.newsflow.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest service: the publishers' HTTP API, the feed poller and the watched folder on top of
 * one {@link Intake}, with the dedup window loaded from the raw topic before the first article is
 * taken. {@link #close()} stops taking articles, answers every request taken (their sends drain),
 * then closes the producer.
 */
public final class IngestServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IngestServer.class);
  private static final Duration DRAIN = Duration.ofSeconds(35);

  private final List<AutoCloseable> resources = new ArrayList<>();
  private final PrometheusMeterRegistry metrics;

  /**
   * Whether this service made {@link #metrics} (and binds the JVM's meters to it and closes it).
   */
  private final boolean ownsMetrics;

  private Intake intake;
  private Publishers publishers;
  private String rawTopic;
  private IngestApi api;
  private FeedPoller feeds;
  private Path watchDir;
  private FolderWatcher watcher;
  private boolean closed;
  private ArticleProducer producer;

  private IngestServer(PrometheusMeterRegistry metrics, boolean ownsMetrics) {
    this.metrics = metrics;
    this.ownsMetrics = ownsMetrics;
  }

  private void open(IngestConfig config, Clock clock) throws InterruptedException {
    this.publishers = config.publishers();
    if (ownsMetrics) {
      resources.add(ProcessMeters.bindTo(metrics));
    }
    Topics topics =
        Topics.create(config.topicNames(), new SerdeFactory(config.schemaRegistryClient()));
    this.rawTopic = topics.raw().name();
    TopicCreator.ensure(config, List.of(rawTopic));
    Deduplicator dedup = new Deduplicator(config.dedupWindow(), clock);
    RawTopicFollower follower =
        RawTopicFollower.start(config, topics.raw(), dedup, config.dedupWindow(), clock);
    resources.add(follower);
    if (!follower.awaitCaughtUp(Duration.ofSeconds(60))) {
      log.warn(
          "The dedup window is not loaded from {} after 60 s; taking articles anyway: a duplicate"
              + " of an article stored before this start may be stored again",
          rawTopic);
    }
    KafkaStatus kafka = KafkaStatus.start(config, config.kafkaCheckInterval());
    resources.add(kafka);
    this.producer = new ArticleProducer(config, topics.raw());
    resources.add(producer.bindMetrics(metrics));
    this.intake = new Intake(new ArticleValidator(config), dedup, producer, clock, metrics);
    metrics.gauge("newsflow.ingest.dedup.articles", dedup, Deduplicator::size);
    this.feeds = FeedPoller.start(FeedSettings.from(config), config, intake, metrics, clock);
    Path watched = config.watchDir();
    if (watched != null) {
      if (!Files.isDirectory(watched)) {
        throw new IllegalArgumentException(
            "the watched folder "
                + watched.toAbsolutePath()
                + " does not exist (ingest.watch.dir): create it or fix the option");
      }
      this.watchDir = watched.toAbsolutePath();
      this.watcher = FolderWatcher.start(watchDir, intake, metrics, config.watchScanInterval());
    }
    this.api =
        IngestApi.start(
            config.httpHost(),
            config.httpPort(),
            intake,
            publishers,
            kafka,
            metrics,
            new IngestApi.Limits(
                config.maxRequestBytes(), config.maxArticleBytes(), config.retryAfterSeconds()),
            this::health);
  }

  /** Starts the service; returns once the API takes requests. */
  public static IngestServer start(IngestConfig config, Clock clock) throws InterruptedException {
    return start(config, clock, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), true);
  }

  /**
   * Starts the service with its meters in {@code metrics}, which it serves on {@code /metrics} and
   * leaves open: for a process that runs several services into one registry (which binds the JVM's
   * meters itself).
   */
  public static IngestServer start(
      IngestConfig config, Clock clock, PrometheusMeterRegistry metrics)
      throws InterruptedException {
    return start(config, clock, metrics, false);
  }

  private static IngestServer start(
      IngestConfig config, Clock clock, PrometheusMeterRegistry metrics, boolean ownsMetrics)
      throws InterruptedException {
    IngestServer server = new IngestServer(metrics, ownsMetrics);
    try {
      server.open(config, clock);
      return server;
    } catch (RuntimeException | InterruptedException e) {
      server.close();
      throw e;
    }
  }

  private Map<String, Object> health() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rawTopic", rawTopic);
    if (watchDir != null) {
      out.put("watchedFolder", watchDir.toString());
    }
    if (feeds != null && !feeds.status().isEmpty()) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (FeedStatus f : feeds.status()) {
        Map<String, Object> feed = new LinkedHashMap<>();
        feed.put("url", f.url());
        feed.put("lastPoll", f.lastPoll() == null ? null : f.lastPoll().toString());
        feed.put("lastOutcome", f.lastOutcome() == null ? null : f.lastOutcome().name());
        feed.put("consecutiveFailures", f.consecutiveFailures());
        feed.put("nextPoll", f.nextPoll() == null ? null : f.nextPoll().toString());
        feed.put("lastError", f.lastError());
        list.add(feed);
      }
      out.put("feeds", list);
    }
    return out;
  }

  /** The port the API listens on. */
  public int port() {
    return api.port();
  }

  /** Where every ingest path of this service hands its articles. */
  public Intake intake() {
    return intake;
  }

  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  /** The producer of the raw topic that every ingest path shares. */
  public ArticleProducer producer() {
    return producer;
  }

  /** The watched folder, or null. */
  public Path watchDir() {
    return watchDir;
  }

  /** Whether publishers need a token. */
  public boolean authenticationRequired() {
    return publishers.required();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    // first the paths that take articles on their own, then the API's requests in hand, then the
    // producer (its sends drain), then what is left
    for (AutoCloseable takes : new AutoCloseable[] {feeds, watcher}) {
      closeQuietly(takes);
    }
    if (api != null) {
      try {
        if (!api.drain(DRAIN)) {
          log.warn("Requests still waiting for Kafka after {}; closing anyway", DRAIN);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      api.close();
    }
    if (producer != null) {
      producer.close(); // drains what is still in flight
    }
    for (int i = resources.size() - 1; i >= 0; i--) {
      closeQuietly(resources.get(i));
    }
    if (ownsMetrics) {
      metrics.close();
    }
  }

  private static void closeQuietly(AutoCloseable resource) {
    if (resource == null) {
      return;
    }
    try {
      resource.close();
    } catch (Exception e) {
      log.warn("Closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
    }
  }
}
