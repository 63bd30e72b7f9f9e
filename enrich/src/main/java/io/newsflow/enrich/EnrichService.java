package io.newsflow.enrich;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.newsflow.enrich.links.LinkTopology;
import io.newsflow.enrich.links.UnreadableRecords;
import io.newsflow.kb.KbFormat;
import io.newsflow.kb.KnowledgeBase;
import io.newsflow.nlp.entities.EntityExtractor;
import io.newsflow.nlp.text.Boilerplate;
import io.newsflow.nlp.text.TextCleaner;
import io.newsflow.runtime.TopicCreator;
import io.newsflow.schemas.SerdeFactory;
import io.newsflow.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the enrich stage: the enrich topology (raw articles to enriched ones) and link building
 * ({@link LinkTopology}, cross-reference links from the enriched articles), two Kafka Streams
 * applications with their own application ids, so that each scales and falls behind on its own;
 * {@code enrich.articles.enabled} and {@code enrich.links.enabled} choose which of them an instance
 * runs. Creates missing topics (when allowed), starts Streams with exactly-once processing, and
 * stops it cleanly. A stream thread that dies of an unexpected error (a registry or broker that
 * stays unreachable, a bug) is replaced a few times, then the instance stops and {@link #failure()}
 * completes, so that the process exits with an error rather than silently stalling.
 *
 * <p>Given a {@link MeterRegistry}, it binds Kafka Streams' metrics to it (Micrometer's {@link
 * KafkaStreamsMetrics}: {@code kafka.stream.*}, the clients' {@code kafka.consumer.*} and {@code
 * kafka.producer.*}, and the enricher's own counters as {@code kafka.newsflow.enrich.*}) while
 * Streams runs.
 */
public final class EnrichService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EnrichService.class);

  private final EnrichConfig config;
  private final Topics topics;
  private final MeterRegistry meters;
  private final List<StreamsApp> apps = new ArrayList<>();
  private final StreamsApp enrich;
  private final StreamsApp links;
  private final CompletableFuture<Throwable> failure = new CompletableFuture<>();

  /** The enricher, made on a thread of its own while the applications join their groups. */
  private final CompletableFuture<Enricher> enricher;

  /** Makes {@link #enricher}; started by {@link #launch}, after the applications. */
  private final Thread enricherLoader;

  public EnrichService(EnrichConfig config) {
    this(config, null);
  }

  /**
   * @param meters where to bind Kafka Streams' metrics once started; null for none
   */
  public EnrichService(EnrichConfig config, MeterRegistry meters) {
    this.config = config;
    this.meters = meters;
    this.topics =
        Topics.create(config.topicNames(), new SerdeFactory(config.schemaRegistryClient()));
    if (config.articlesEnabled()) {
      enricher = new CompletableFuture<>();
      enricherLoader = enricherLoader(config, enricher);
      Topology topology =
          EnrichTopology.build(
              new StreamsBuilder(),
              topics,
              raw -> enricher().enrich(raw),
              config.applicationId(),
              Clock.systemUTC());
      enrich =
          new StreamsApp(
              "enrich", topology, streamsProperties(config), config.maxThreadReplacements());
      apps.add(enrich);
    } else {
      enricher = null;
      enricherLoader = null;
      enrich = null;
    }
    if (config.linksEnabled()) {
      Topology topology =
          LinkTopology.build(
              new StreamsBuilder(),
              topics,
              config.messageTopic(),
              config.linkShards(),
              config.linkSettings(),
              Clock.systemUTC());
      Properties props = linkProperties(config);
      props.putAll(UnreadableRecords.settings(topics.deadLetters()));
      links = new StreamsApp("links", topology, props, config.maxThreadReplacements());
      apps.add(links);
    } else {
      links = null;
    }
    if (apps.isEmpty()) {
      throw new IllegalArgumentException(
          "nothing to run: "
              + EnrichConfig.ARTICLES_ENABLED
              + " and "
              + EnrichConfig.LINKS_ENABLED
              + " are both false");
    }
  }

  /**
   * A thread that makes the enricher (loading the knowledge base takes seconds), started once the
   * applications are: a restarted instance joins its groups and takes its partitions back
   * meanwhile, without the two competing for the processor while it sets up, and their first
   * records wait for it. Files that do not exist fail here, at once.
   */
  private Thread enricherLoader(EnrichConfig config, CompletableFuture<Enricher> made) {
    List<Path> files = new ArrayList<>(config.knowledgeBaseFiles());
    if (config.boilerplateFile() != null) {
      files.add(config.boilerplateFile());
    }
    for (Path file : files) {
      if (!Files.isReadable(file)) {
        throw new IllegalArgumentException(
            "cannot read " + file + ": no such file, or not readable");
      }
    }
    Thread loader =
        new Thread(
            () -> {
              try {
                made.complete(
                    new Enricher(
                        new TextCleaner(Boilerplate.load(config.boilerplateFile())),
                        EntityExtractor.withKnowledgeBase(knowledgeBase(config)),
                        Clock.systemUTC()));
              } catch (RuntimeException | Error e) {
                log.error("Cannot make the enricher; stopping: {}", e.toString(), e);
                made.completeExceptionally(e);
                failure.complete(e);
              }
            },
            "enrich-knowledge-base");
    loader.setDaemon(true);
    return loader;
  }

  /**
   * The enricher, once made. If it could not be made, a {@link StreamsException}: the stream thread
   * stops (and the instance with it, see {@link #failure()}) instead of dead-lettering a record
   * that is not at fault.
   */
  private Enricher enricher() {
    try {
      return enricher.join();
    } catch (CompletionException | CancellationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new StreamsException("the enricher could not be made: " + cause, cause);
    }
  }

  /** The default knowledge base and the operator's own files, as configured. */
  static KnowledgeBase knowledgeBase(EnrichConfig config) {
    long started = System.nanoTime();
    KnowledgeBase kb;
    if (config.defaultKnowledgeBase() && config.knowledgeBaseFiles().isEmpty()) {
      kb = KnowledgeBase.loadDefault(); // from its snapshot: no parsing, no indexing
    } else {
      KnowledgeBase.Builder builder = KnowledgeBase.builder();
      if (config.defaultKnowledgeBase()) {
        builder.addDefault();
      }
      for (Path file : config.knowledgeBaseFiles()) {
        KbFormat.read(file, builder::add);
      }
      kb = builder.build();
    }
    log.info(
        "Knowledge base: {} entities, {} names, loaded in {} ms",
        kb.size(),
        kb.aliasCount(),
        (System.nanoTime() - started) / 1_000_000);
    return kb;
  }

  /**
   * Kafka Streams settings: exactly-once v2, our application id and state folder, client overrides.
   */
  static Properties streamsProperties(EnrichConfig config) {
    Properties props = new Properties();
    props.putAll(config.clientProperties("streams."));
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.putIfAbsent(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
    props.putIfAbsent(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.threads());
    // Streams names each thread's member <instance.id>-<thread>
    config.addGroupMembership(props);
    // changelogs and repartition topics replicated like the topics the pipeline creates
    props.putIfAbsent(
        StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.topicReplicationFactor());
    config.topicConfigs().forEach((k, v) -> props.putIfAbsent(StreamsConfig.topicPrefix(k), v));
    return props;
  }

  /**
   * The link application's settings: those of enrich, with its own application id and threads, then
   * the {@code links.streams.} overrides.
   */
  static Properties linkProperties(EnrichConfig config) {
    Properties props = streamsProperties(config);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.linkThreads());
    Object clientId = props.get(StreamsConfig.CLIENT_ID_CONFIG);
    if (clientId != null) {
      props.put(StreamsConfig.CLIENT_ID_CONFIG, clientId + "-links");
    }
    props.putAll(config.clientProperties("links.streams."));
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.linksApplicationId());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    return props;
  }

  /** The enrich topology, or null when this instance builds links only. */
  public Topology topology() {
    return enrich == null ? null : enrich.topology();
  }

  /** The link topology, or null when this instance does not build links. */
  public Topology linkTopology() {
    return links == null ? null : links.topology();
  }

  /** Starts the applications and waits until each is RUNNING (partitions assigned). */
  public synchronized EnrichService start(Duration timeout) {
    launch();
    return awaitRunning(timeout);
  }

  /**
   * Creates the topics and starts the applications without waiting for them: they join their groups
   * and restore their state in the background (see {@link #awaitRunning}).
   */
  public synchronized EnrichService launch() {
    List<String> names = new ArrayList<>();
    names.add(topics.raw().name());
    names.add(topics.enriched().name());
    names.add(topics.links().name());
    names.add(topics.deadLetters().name());
    names.add(topics.entities().name());
    if (links != null) {
      names.add(config.messageTopic());
    }
    TopicCreator.ensure(config, names);
    for (StreamsApp app : apps) {
      app.failure().thenAccept(failure::complete);
      app.start(meters);
    }
    if (enricherLoader != null && enricherLoader.getState() == Thread.State.NEW) {
      enricherLoader.start();
    }
    return this;
  }

  /**
   * Waits until each application started by {@link #launch} is RUNNING (partitions assigned and
   * state restored); fails if one stops or the timeout passes first.
   */
  public EnrichService awaitRunning(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (StreamsApp app : apps) {
      app.awaitRunning(deadline, timeout);
    }
    if (enricher != null) {
      try {
        enricher.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        throw new IllegalStateException("the enricher could not be made: " + e.getCause(), e);
      } catch (TimeoutException e) {
        throw new IllegalStateException("the knowledge base was not loaded within " + timeout, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the knowledge base loaded", e);
      }
    }
    if (enrich != null) {
      log.info(
          "Enrich running: {} -> {} (dead letters to {}), application id {}",
          topics.raw().name(),
          topics.enriched().name(),
          topics.deadLetters().name(),
          config.applicationId());
    }
    if (links != null) {
      log.info(
          "Link building running: {} -> {} (messages between articles on {}, {} index shards),"
              + " application id {}",
          topics.enriched().name(),
          topics.links().name(),
          config.messageTopic(),
          config.linkShards(),
          config.linksApplicationId());
    }
    return this;
  }

  /** Whether the enricher is made (true when this instance builds links only). */
  public boolean enricherReady() {
    return enricher == null || (enricher.isDone() && !enricher.isCompletedExceptionally());
  }

  /**
   * Completes with the cause when an application stopped by itself after repeated failures, or the
   * enricher could not be made.
   */
  public CompletableFuture<Throwable> failure() {
    return failure;
  }

  /**
   * Streams' state: RUNNING when every application runs, else the state of the first that does not;
   * CREATED before {@link #start}, NOT_RUNNING once closed.
   */
  public KafkaStreams.State state() {
    for (StreamsApp app : apps) {
      if (app.state() != KafkaStreams.State.RUNNING) {
        return app.state();
      }
    }
    return KafkaStreams.State.RUNNING;
  }

  /** The metrics of both applications. */
  public Map<MetricName, ? extends Metric> metrics() {
    Map<MetricName, Metric> all = new HashMap<>();
    for (StreamsApp app : apps) {
      all.putAll(app.metrics());
    }
    return all;
  }

  /**
   * Closes Streams: finishes the current batches, commits their transactions, leaves the groups.
   */
  public synchronized void close(Duration timeout) {
    for (StreamsApp app : apps) {
      app.close(timeout);
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}
