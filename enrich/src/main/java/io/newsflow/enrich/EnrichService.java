package io.newsflow.enrich;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.newsflow.kb.KbFormat;
import io.newsflow.kb.KnowledgeBase;
import io.newsflow.nlp.entities.EntityExtractor;
import io.newsflow.nlp.text.Boilerplate;
import io.newsflow.nlp.text.TextCleaner;
import io.newsflow.schemas.SerdeFactory;
import io.newsflow.schemas.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the enrich topology: creates missing topics (when allowed), starts Kafka Streams with
 * exactly-once processing, and stops it cleanly. A stream thread that dies of an unexpected error
 * (a registry or broker that stays unreachable, a bug) is replaced a few times, then the instance
 * stops and {@link #failure()} completes, so that the process exits with an error rather than
 * silently stalling.
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
  private final Topology topology;
  private final CompletableFuture<Throwable> failure = new CompletableFuture<>();
  private final Deque<Long> replacements = new ArrayDeque<>();
  private final MeterRegistry meters;
  private volatile KafkaStreams streams;
  private KafkaStreamsMetrics streamsMetrics;
  private volatile KafkaStreams.State closedState;

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
    Enricher enricher =
        new Enricher(
            new TextCleaner(Boilerplate.load(config.boilerplateFile())),
            EntityExtractor.withKnowledgeBase(knowledgeBase(config)),
            Clock.systemUTC());
    this.topology =
        EnrichTopology.build(
            new StreamsBuilder(),
            topics,
            enricher::enrich,
            config.applicationId(),
            config.links(),
            Clock.systemUTC());
  }

  /** The default knowledge base and the operator's own files, as configured. */
  static KnowledgeBase knowledgeBase(EnrichConfig config) {
    long started = System.nanoTime();
    KnowledgeBase.Builder builder = KnowledgeBase.builder();
    if (config.defaultKnowledgeBase()) {
      builder.addDefault();
    }
    for (Path file : config.knowledgeBaseFiles()) {
      KbFormat.read(file, builder::add);
    }
    KnowledgeBase kb = builder.build();
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
    return props;
  }

  public Topology topology() {
    return topology;
  }

  /** Starts and waits until Streams is RUNNING (partitions assigned) or the timeout passes. */
  public synchronized EnrichService start(Duration timeout) {
    Topics.ensure(
        config,
        List.of(
            topics.raw().name(),
            topics.enriched().name(),
            topics.links().name(),
            topics.deadLetters().name(),
            topics.entities().name(),
            config.messageTopic()));
    streams = new KafkaStreams(topology, streamsProperties(config));
    streams.setUncaughtExceptionHandler(this::onUncaught);
    streams.setStateListener(
        (now, before) -> {
          log.info("Enrich streams {} -> {}", before, now);
          if (now == KafkaStreams.State.ERROR) {
            failure.complete(new IllegalStateException("Kafka Streams entered ERROR"));
          }
        });
    if (meters != null) {
      streamsMetrics = new KafkaStreamsMetrics(streams);
      streamsMetrics.bindTo(meters);
    }
    streams.start();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING) {
      if (failure.isDone()) {
        throw new IllegalStateException(
            "enrich stopped while starting: " + failure.getNow(null), failure.getNow(null));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "enrich did not reach RUNNING within " + timeout + " (state " + streams.state() + ")",
            failure.getNow(null));
      }
      sleep(50);
    }
    log.info(
        "Enrich running: {} -> {} (dead letters to {}), application id {}",
        topics.raw().name(),
        topics.enriched().name(),
        topics.deadLetters().name(),
        config.applicationId());
    return this;
  }

  private StreamThreadExceptionResponse onUncaught(Throwable error) {
    long now = System.nanoTime();
    synchronized (replacements) {
      while (!replacements.isEmpty()
          && now - replacements.peekFirst() > TimeUnit.MINUTES.toNanos(10)) {
        replacements.pollFirst();
      }
      if (replacements.size() < config.maxThreadReplacements()) {
        replacements.addLast(now);
        log.error(
            "Enrich stream thread died; replacing it ({} of {} in 10 min)",
            replacements.size(),
            config.maxThreadReplacements(),
            error);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
      }
    }
    log.error("Enrich stream thread died again; stopping this instance", error);
    failure.complete(error);
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }

  /** Completes with the cause when the instance stopped by itself after repeated failures. */
  public CompletableFuture<Throwable> failure() {
    return failure;
  }

  /** Streams' state: CREATED before {@link #start}, its last one (NOT_RUNNING) once closed. */
  public KafkaStreams.State state() {
    KafkaStreams current = streams;
    if (current != null) {
      return current.state();
    }
    KafkaStreams.State closed = closedState;
    return closed == null ? KafkaStreams.State.CREATED : closed;
  }

  public Map<MetricName, ? extends Metric> metrics() {
    return streams == null ? Map.of() : streams.metrics();
  }

  /** Closes Streams: finishes the current batch, commits its transaction, leaves the group. */
  public synchronized void close(Duration timeout) {
    if (streams != null) {
      streams.close(timeout);
      closedState = streams.state();
      streams = null;
    }
    if (streamsMetrics != null) {
      streamsMetrics.close();
      streamsMetrics = null;
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting enrich", e);
    }
  }
}
