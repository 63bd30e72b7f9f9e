package io.newsflow.sink.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.newsflow.avro.ArticleLink;
import io.newsflow.avro.DeadLetter;
import io.newsflow.avro.EnrichedArticle;
import io.newsflow.runtime.ops.KafkaMeters;
import io.newsflow.schemas.Topics;
import io.newsflow.schemas.registry.SchemaRegistryException;
import io.newsflow.sink.SinkConfig;
import io.newsflow.sink.SinkListener;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer loop every sink runs, on a thread of its own: poll a batch ({@code read_committed},
 * offsets committed by hand), decode it, hand it to the sink's {@link Store}, put what could not be
 * decoded or stored on the dead-letter topic, and only then commit its offsets. While a store
 * reports a transient failure the loop pauses its partitions, keeps polling (so the group keeps it)
 * and tries the same batch again with a doubling pause, until the retry timeout.
 *
 * <p>It counts {@code newsflow.sink.records} (by store and type, from 0), {@code
 * newsflow.sink.dead.letters} (by stage and reason), {@code newsflow.sink.retries}, the batch write
 * time, a paused gauge, the pipeline's latency and lag ({@link PipelineMeters}) and its consumer's
 * client metrics.
 */
public final class SinkLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SinkLoop.class);

  /**
   * The part of a sink that knows its store. The loop calls it from its own thread, but for {@link
   * #open()}, which runs on a helper thread while the loop keeps polling.
   */
  public interface Store {
    /**
     * Once, after subscribing and before the first batch, with every partition paused (a schema
     * migration, say); retried while {@link #isTransient}. Returns what {@link #ready()} completes
     * with.
     */
    default String open() throws Exception {
      return "";
    }

    /** What {@link #open()} does, as logs and errors name it. */
    default String opening() {
      return "opening the store";
    }

    /**
     * Writes the decoded records of a batch. Retried with the same batch while it throws what
     * {@link #isTransient} accepts: a store that calls anything transient must make a write safe to
     * repeat (PostgreSQL: one transaction of idempotent upserts).
     */
    Stored write(List<Item> items) throws Exception;

    /**
     * The batch's dead letters are on their topic and these offsets are about to be committed: a
     * store that keeps its own record of offsets saves it here.
     */
    default void checkpoint(Map<TopicPartition, OffsetAndMetadata> next) {}

    /**
     * After each poll of the loop, records or not (not the polls that keep the group while it
     * waits): time-based work, such as closing an old file.
     */
    default void afterPoll() {}

    /** Partitions were assigned (a store with offsets of its own may seek them). */
    default void assigned(
        Consumer<byte[], byte[]> consumer, Collection<TopicPartition> partitions) {}

    /** Whether {@code error} is worth waiting out; by default nothing is. */
    default boolean isTransient(Throwable error) {
      return false;
    }

    /** How a failure reads in the log line of a retry. */
    default String explain(Throwable error) {
      return error.toString();
    }

    /** Releases the store once the consumer is closed. */
    void close();
  }

  /** One decoded record of a batch: an enriched article or a link. */
  public record Item(
      ConsumerRecord<byte[], byte[]> record, EnrichedArticle article, ArticleLink link) {}

  /** A record the store refuses for good, with the stage and the reason for its dead letter. */
  public record Refused(ConsumerRecord<byte[], byte[]> record, String stage, Throwable error) {}

  /** What a store did with a batch. */
  public record Stored(List<EnrichedArticle> articles, int links, List<Refused> refused) {
    public static Stored articles(List<EnrichedArticle> articles) {
      return new Stored(articles, 0, List.of());
    }
  }

  /**
   * How a sink runs the loop.
   *
   * @param store the {@code store} tag of its meters and the name of its thread and clients
   * @param groupId its consumer group, also the dead letters' application
   * @param maxPollRecords the largest batch, or 0 for the consumer's default
   * @param readsLinks whether it reads {@code news.links.v1} beside {@code news.enriched.v1}
   * @param deserializeStage the stage of a record that cannot be decoded (each sink has its own, as
   *     dead letters have always named it)
   * @param retry how long a failure the store calls transient is waited out
   */
  public record Settings(
      String store,
      String groupId,
      int maxPollRecords,
      boolean readsLinks,
      String deserializeStage,
      Retry retry) {}

  /**
   * @param timeoutMs how long a transient failure is waited out before the sink stops
   * @param backoffMaxMs the longest pause between two attempts
   * @param option the option that sets the timeout, named when it runs out
   */
  public record Retry(long timeoutMs, long backoffMaxMs, String option) {
    /** For a store that calls nothing transient: a failure stops the sink at once. */
    public static final Retry NONE = new Retry(0, 0, "");
  }

  private final SinkConfig config;
  private final Settings settings;
  private final Topics topics;
  private final Store store;
  private final SinkListener listener;
  private final MeterRegistry meters;
  private final Consumer<byte[], byte[]> consumer;
  private final DeadLetterSender deadLetters;
  private final CompletableFuture<Throwable> failure = new CompletableFuture<>();
  private final CompletableFuture<String> ready = new CompletableFuture<>();
  private final AtomicLong articlesWritten = new AtomicLong();
  private final AtomicLong linksWritten = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final Timer batchTimer;
  private final PipelineMeters pipeline;
  private final KafkaMeters consumerMetrics;
  private final StoreWait waiting;

  /** The batch being written; partitions revoked while it waits for the store leave it. */
  private List<ConsumerRecord<byte[], byte[]>> inHand;

  private Thread thread;
  private volatile boolean running;

  public SinkLoop(
      SinkConfig config,
      Settings settings,
      Topics topics,
      Store store,
      MeterRegistry meters,
      SinkListener listener,
      Clock clock) {
    this.config = config;
    this.settings = settings;
    this.topics = topics;
    this.store = store;
    this.listener = listener;
    this.meters = meters;
    this.consumer =
        new KafkaConsumer<>(
            consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.deadLetters =
        new DeadLetterSender(
            config.clientProperties("producer."),
            "newsflow-sink-" + settings.store() + "-dlq",
            topics.deadLetters(),
            settings.groupId(),
            clock);
    // present from the start, so that a scrape shows 0 and a rate over it shows the first batch
    recordsCounter("article");
    if (settings.readsLinks()) {
      recordsCounter("link");
    }
    this.batchTimer =
        Timer.builder("newsflow.sink.batch.write")
            .description("Time to write one batch to the store and commit it")
            .tag("store", settings.store())
            .register(meters);
    this.pipeline = new PipelineMeters(meters, settings.store(), clock);
    this.consumerMetrics =
        KafkaMeters.bind(
            "sink-" + settings.store(),
            meters,
            (scheduler, every) -> new KafkaClientMetrics(consumer, List.of(), scheduler, every));
    this.waiting =
        new StoreWait(
            consumer, settings, store, meters, clock, () -> running, this::keepUnexpected);
  }

  private Map<String, Object> consumerProperties() {
    Map<String, Object> props = config.clientProperties("consumer.");
    props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.addGroupMembership(props);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    if (settings.maxPollRecords() > 0) {
      props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
    }
    props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "newsflow-sink-" + settings.store());
    return props;
  }

  private Counter recordsCounter(String type) {
    return meters.counter("newsflow.sink.records", "store", settings.store(), "type", type);
  }

  /** Starts consuming on a thread of its own. */
  public synchronized SinkLoop start() {
    running = true;
    thread = new Thread(this::run, "sink-" + settings.store());
    thread.start();
    return this;
  }

  private void run() {
    try {
      // join the group while the store opens (a restart takes its partitions back sooner):
      // whatever is assigned meanwhile stays paused until it is open
      waiting.pause();
      List<String> names = new ArrayList<>(List.of(topics.enriched().name()));
      if (settings.readsLinks()) {
        names.add(topics.links().name());
      }
      consumer.subscribe(names, new Rebalance());
      String opened = waiting.retrying(store.opening(), () -> waiting.whilePolling(store::open));
      if (opened == null && !running) {
        return;
      }
      ready.complete(opened);
      while (running) {
        ConsumerRecords<byte[], byte[]> records =
            consumer.poll(Duration.ofMillis(config.pollTimeoutMs()));
        if (!records.isEmpty()) {
          List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(records.count());
          records.forEach(batch::add);
          handle(batch);
        }
        store.afterPoll();
      }
    } catch (RuntimeException | Error e) {
      log.error("The {} sink stopped: {}", settings.store(), e.toString(), e);
      ready.completeExceptionally(e);
      failure.complete(e);
    } finally {
      running = false;
      closeClients();
    }
  }

  /** What one successful attempt at a batch did. */
  private record Outcome(Stored stored, List<DeadLetter> letters) {}

  private void handle(List<ConsumerRecord<byte[], byte[]>> batch) {
    inHand = batch;
    try {
      Outcome outcome =
          waiting.retrying(
              "writing a batch of " + batch.size() + " records",
              () -> batchTimer.recordCallable(() -> attempt(inHand)));
      if (outcome == null) {
        return; // closed while waiting: the batch is read again by whoever owns it next
      }
      deadLetters.sendAll(outcome.letters());
      Map<TopicPartition, OffsetAndMetadata> next = nextOffsets(inHand);
      store.checkpoint(next);
      commit(next);
      counted(outcome, batch);
    } finally {
      inHand = null;
    }
  }

  private Outcome attempt(List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
    List<Item> items = new ArrayList<>(records.size());
    List<DeadLetter> letters = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      try {
        items.add(decode(record));
      } catch (SerializationException | SchemaRegistryException e) {
        if (e instanceof SchemaRegistryException sre && sre.isTransient()) {
          throw sre;
        }
        log.warn(
            "Dead-lettering {}-{}@{}: {}",
            record.topic(),
            record.partition(),
            record.offset(),
            e.getMessage());
        letters.add(deadLetters.letter(record, settings.deserializeStage(), e));
      }
    }
    Stored stored = store.write(items);
    for (Refused refused : stored.refused()) {
      letters.add(deadLetters.letter(refused.record(), refused.stage(), refused.error()));
    }
    return new Outcome(stored, letters);
  }

  private Item decode(ConsumerRecord<byte[], byte[]> record) {
    if (record.value() == null) {
      throw new SerializationException("record has no value (a tombstone)");
    }
    if (record.topic().equals(topics.enriched().name())) {
      return new Item(record, topics.enriched().deserializeValue(record.value()), null);
    }
    return new Item(record, null, topics.links().deserializeValue(record.value()));
  }

  /** Counts a committed batch and tells the listener. */
  private void counted(Outcome outcome, List<ConsumerRecord<byte[], byte[]>> batch) {
    Stored stored = outcome.stored();
    articlesWritten.addAndGet(stored.articles().size());
    linksWritten.addAndGet(stored.links());
    deadLettered.addAndGet(outcome.letters().size());
    recordsCounter("article").increment(stored.articles().size());
    if (settings.readsLinks()) {
      recordsCounter("link").increment(stored.links());
    }
    pipeline.written(
        stored.articles(),
        batch.stream().mapToLong(ConsumerRecord::timestamp).max().orElse(Long.MIN_VALUE));
    for (DeadLetter letter : outcome.letters()) {
      String cls = letter.getErrorClass();
      meters
          .counter(
              "newsflow.sink.dead.letters",
              "store",
              settings.store(),
              "stage",
              letter.getStage(),
              "reason",
              cls.substring(cls.lastIndexOf('.') + 1))
          .increment();
    }
    stored.articles().forEach(listener::written);
    outcome.letters().forEach(listener::deadLettered);
  }

  /** The offsets after the batch, for the partitions still assigned. */
  private Map<TopicPartition, OffsetAndMetadata> nextOffsets(
      List<ConsumerRecord<byte[], byte[]>> batch) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    Set<TopicPartition> assigned = consumer.assignment();
    for (ConsumerRecord<byte[], byte[]> r : batch) {
      TopicPartition tp = new TopicPartition(r.topic(), r.partition());
      if (assigned.contains(tp)) {
        offsets.merge(
            tp, new OffsetAndMetadata(r.offset() + 1), (a, b) -> a.offset() >= b.offset() ? a : b);
      }
    }
    return offsets;
  }

  private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    try {
      consumer.commitSync(offsets);
    } catch (CommitFailedException e) {
      // the group moved on: the new owner reads these records again, and rewriting them is harmless
      log.warn(
          "Committing offsets after a written batch failed, it will be read again: {}",
          e.toString());
    }
  }

  /**
   * Records a poll returned while every partition was paused (none should come): kept in order with
   * the batch in hand, or, with none, read again once resumed.
   */
  private void keepUnexpected(ConsumerRecords<byte[], byte[]> records) {
    if (inHand != null) {
      records.forEach(inHand::add);
    } else {
      for (TopicPartition p : records.partitions()) {
        consumer.seek(p, records.records(p).get(0).offset());
      }
    }
  }

  /** What {@link Store#open()} returned once the store is open; fails if the sink stopped first. */
  public CompletableFuture<String> ready() {
    return ready;
  }

  /** Completes with the cause when the sink stopped by itself. */
  public CompletableFuture<Throwable> failure() {
    return failure;
  }

  public long articlesWritten() {
    return articlesWritten.get();
  }

  public long linksWritten() {
    return linksWritten.get();
  }

  public long deadLetteredCount() {
    return deadLettered.get();
  }

  /** Attempts that failed and were retried, since start. */
  public long retryCount() {
    return waiting.retries();
  }

  /** True while the sink waits for its store with its partitions paused. */
  public boolean isPaused() {
    return waiting.isPaused();
  }

  /** Finishes the batch in hand (stored and committed), then leaves the group. */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      t = thread;
      running = false;
    }
    if (t == null) {
      closeClients();
      return;
    }
    // No wakeup(): it could land in commitSync of the batch in hand. The loop sees `running` within
    // one poll timeout, after finishing that batch.
    try {
      t.join(TimeUnit.SECONDS.toMillis(60));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void closeClients() {
    consumerMetrics.close();
    try {
      // a static member (instance.id) leaves too: a clean stop hands its partitions on at once
      consumer.close(
          CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
              .withTimeout(Duration.ofSeconds(10)));
    } catch (RuntimeException e) {
      log.debug("Closing the {} sink's consumer: {}", settings.store(), e.toString());
    }
    deadLetters.close();
    store.close();
  }

  /**
   * Partitions assigned while the sink waits for its store start paused too; a revoked partition's
   * records leave the batch in hand (committed only after it is written), for their new owner to
   * read again from the committed offset.
   */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      waiting.assigned(partitions);
      store.assigned(consumer, partitions);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (inHand != null) {
        Set<TopicPartition> gone = new HashSet<>(partitions);
        inHand.removeIf(r -> gone.contains(new TopicPartition(r.topic(), r.partition())));
      }
    }
  }
}
