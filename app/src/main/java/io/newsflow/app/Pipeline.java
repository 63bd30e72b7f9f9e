package io.newsflow.app;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.newsflow.app.dashboard.Dashboard;
import io.newsflow.app.dashboard.LagReader;
import io.newsflow.app.dashboard.StageCounters;
import io.newsflow.enrich.EnrichConfig;
import io.newsflow.enrich.EnrichService;
import io.newsflow.enrich.links.LinkTopology;
import io.newsflow.ingest.ArticleProducer;
import io.newsflow.ingest.FileIngestor;
import io.newsflow.ingest.IngestConfig;
import io.newsflow.ingest.IngestServer;
import io.newsflow.query.QueryConfig;
import io.newsflow.query.QueryServer;
import io.newsflow.runtime.TopicCreator;
import io.newsflow.runtime.config.PipelineConfig;
import io.newsflow.runtime.ops.ProcessMeters;
import io.newsflow.schemas.SerdeFactory;
import io.newsflow.schemas.Topics;
import io.newsflow.sink.JsonLinesSink;
import io.newsflow.sink.SinkConfig;
import io.newsflow.sink.postgres.PostgresSink;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The three components in one process against a given cluster: the ingest service, one enrich
 * instance and the sinks configured (JSON Lines, PostgreSQL with {@code sink.jdbc.url}), with a
 * {@link DeliveryTracker} that sees every article reach the sink or the dead-letter topic. Used by
 * {@code newsflow local}, the end-to-end tests and the benchmark; in production each component runs
 * as its own process ({@code newsflow enrich}, ...).
 */
public final class Pipeline implements AutoCloseable {
  private final IngestConfig ingestConfig;
  private final EnrichConfig enrichConfig;
  private final SinkConfig sinkConfig;
  private final Topics topics;
  private final DeliveryTracker tracker;

  /**
   * Every stage's meters in one registry, served on ingest's {@code /metrics}: the same names as
   * the services export when each runs on its own, so one scrape of a local run sees them all.
   */
  private final PrometheusMeterRegistry meters =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  private ProcessMeters.Binding processMeters;
  private EnrichService enrich;
  private JsonLinesSink sink;
  private PostgresSink postgres;
  private QueryServer query;
  private final Map<String, String> options;
  private DeadLetterWatcher deadLetters;
  private IngestServer ingest;
  private Instant startedAt;
  private volatile long ingestReadyNanos;

  /**
   * @param options newsflow options (bootstrap.servers, schema.registry.url, topics, sink.*, ...)
   * @param tracker told about every article that reaches the end
   */
  public Pipeline(Map<String, String> options, DeliveryTracker tracker) {
    this.ingestConfig = new IngestConfig(options);
    this.enrichConfig = new EnrichConfig(options);
    this.sinkConfig = new SinkConfig(options);
    this.options = Map.copyOf(options);
    this.topics =
        Topics.create(
            ingestConfig.topicNames(), new SerdeFactory(ingestConfig.schemaRegistryClient()));
    this.tracker = tracker;
  }

  /**
   * Creates the topics, then starts enrich, the sinks, the dead-letter watcher and ingest, and
   * waits until enrich runs. Ingest does not wait for enrich: it takes articles meanwhile.
   */
  public Pipeline start(Duration timeout) {
    if (!sinkConfig.jsonLinesEnabled() && !sinkConfig.jdbc().configured()) {
      throw new IllegalArgumentException(
          "no sink to run: set "
              + SinkConfig.JDBC_URL
              + " or leave "
              + SinkConfig.JSONL_ENABLED
              + " on");
    }
    startedAt = Instant.now();
    try {
      TopicCreator.ensure(ingestConfig, topics.names());
      deadLetters =
          new DeadLetterWatcher(
              ingestConfig,
              topics.deadLetters(),
              letter -> {
                // an article's record, not a link of it (a link dead-lettered by the PostgreSQL
                // sink carries the id of the article it starts from)
                String source = letter.getSourceTopic();
                boolean articleRecord =
                    source.equals(topics.raw().name()) || source.equals(topics.enriched().name());
                if (letter.getArticleId() != null && articleRecord) {
                  tracker.deadLettered(letter.getArticleId());
                }
              });
      // assigned before starting, so that close() stops whatever a failed start left running
      processMeters = ProcessMeters.bindTo(meters);
      enrich = new EnrichService(enrichConfig, meters);
      // enrich joins its groups and restores its state in the background: ingest needs only Kafka,
      // so it answers as soon as Kafka does (after a crash, enrich may wait for its old members)
      enrich.launch();
      if (sinkConfig.jsonLinesEnabled()) {
        tracker.expectSink("jsonl");
        sink =
            new JsonLinesSink(
                sinkConfig,
                topics,
                meters,
                article -> tracker.written("jsonl", article.getId()),
                Clock.systemUTC());
        sink.start();
      }
      if (sinkConfig.jdbc().configured()) {
        tracker.expectSink("postgres");
        postgres =
            new PostgresSink(
                sinkConfig,
                topics,
                meters,
                article -> tracker.written("postgres", article.getId()),
                Clock.systemUTC());
        postgres.start();
        query = QueryServer.start(new QueryConfig(queryOptions()), meters);
      }
      ingest = IngestServer.start(ingestConfig, Clock.systemUTC(), meters);
      ingestReadyNanos = System.nanoTime();
      enrich.awaitRunning(timeout);
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

  /** When the ingest API began to answer, by {@link System#nanoTime()}; 0 before. */
  public long ingestReadyNanos() {
    return ingestReadyNanos;
  }

  public FileIngestor.Report ingest(List<Path> paths) {
    return new FileIngestor(ingest.intake()).ingest(paths);
  }

  /** The consumer groups of the stages running here, whose lag the dashboard shows. */
  public List<Dashboard.Group> consumerGroups() {
    List<Dashboard.Group> groups = new ArrayList<>();
    groups.add(new Dashboard.Group("enrich", enrichConfig.applicationId()));
    if (enrichConfig.linksEnabled()) {
      groups.add(new Dashboard.Group("links", enrichConfig.linksApplicationId()));
    }
    if (sinkConfig.jsonLinesEnabled()) {
      groups.add(new Dashboard.Group("sink (jsonl)", sinkConfig.groupId()));
    }
    if (sinkConfig.jdbc().configured()) {
      groups.add(new Dashboard.Group("sink (postgres)", sinkConfig.jdbcGroupId()));
    }
    return groups;
  }

  /**
   * Records that link building, and the PostgreSQL sink where it runs, have not processed yet: 0
   * once every link made so far is on the links topic and in the store. (The JSON Lines sink writes
   * articles only.)
   */
  public long linksBehind(LagReader lag) {
    long behind = 0;
    if (enrichConfig.linksEnabled()) {
      String app = enrichConfig.linksApplicationId();
      behind +=
          lag.behind(
              app,
              List.of(
                  topics.enriched().name(),
                  enrichConfig.messageTopic(),
                  LinkTopology.repartitionTopic(app)));
    }
    if (postgres != null) {
      behind += lag.behind(sinkConfig.jdbcGroupId(), List.of(topics.links().name()));
    }
    return behind;
  }

  /** Whether this pipeline builds links. */
  public boolean buildsLinks() {
    return enrichConfig.linksEnabled();
  }

  /** The settings shared by the components: cluster, registry, topics, client settings. */
  public PipelineConfig config() {
    return ingestConfig;
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

  /** The JSON Lines sink, or null when {@code sink.jsonl.enabled} is off. */
  public JsonLinesSink sink() {
    return sink;
  }

  /** The query API reads the store the sink writes, unless told otherwise. */
  private Map<String, String> queryOptions() {
    Map<String, String> q = new HashMap<>(options);
    sinkConfig.jdbc().asOptions("query.jdbc").forEach(q::putIfAbsent);
    return q;
  }

  /** The query API over the PostgreSQL store, or null when no {@code sink.jdbc.url} is set. */
  public QueryServer query() {
    return query;
  }

  /** The PostgreSQL sink, or null when no {@code sink.jdbc.url} is set. */
  public PostgresSink postgres() {
    return postgres;
  }

  /** Completes with the cause when enrich or a sink stops by itself. */
  public CompletableFuture<Throwable> failure() {
    List<CompletableFuture<Throwable>> failures = new ArrayList<>();
    failures.add(enrich.failure());
    if (sink != null) {
      failures.add(sink.failure());
    }
    if (postgres != null) {
      failures.add(postgres.failure());
    }
    return CompletableFuture.anyOf(failures.toArray(CompletableFuture[]::new))
        .thenApply(Throwable.class::cast);
  }

  /**
   * The articles each stage of this process has handled since it started, for the dashboard:
   * accepted by ingest, enriched, written by each sink. Counted in process, no HTTP.
   */
  public StageCounters counters() {
    return new StageCounters() {
      @Override
      public Map<String, Double> totals() {
        Map<String, Double> totals = new LinkedHashMap<>();
        totals.put(
            "ingest",
            ingest == null
                ? 0.0
                : ingest
                    .metrics()
                    .find("newsflow.ingest.articles")
                    .tag("outcome", "accepted")
                    .counters()
                    .stream()
                    .mapToDouble(c -> c.count())
                    .sum());
        totals.put(
            "enrich",
            enrich == null
                ? 0.0
                : enrich.metrics().entrySet().stream()
                    .filter(e -> e.getKey().name().equals("articles-enriched-total"))
                    .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                    .sum());
        if (sink != null) {
          totals.put("sink (jsonl)", (double) sink.writtenCount());
        }
        if (postgres != null) {
          totals.put("sink (postgres)", (double) postgres.articlesWritten());
        }
        return totals;
      }

      @Override
      public Optional<Instant> countingSince() {
        return Optional.ofNullable(startedAt);
      }

      @Override
      public String describe() {
        return "in this process (newsflow local)";
      }
    };
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
    if (postgres != null) {
      postgres.close();
    }
    if (query != null) {
      query.close();
    }
    if (deadLetters != null) {
      deadLetters.close();
    }
    if (processMeters != null) {
      processMeters.close();
    }
    meters.close();
  }
}
