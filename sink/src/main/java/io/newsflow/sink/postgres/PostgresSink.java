package io.newsflow.sink.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.newsflow.avro.ArticleLink;
import io.newsflow.avro.DeadLetter;
import io.newsflow.avro.EnrichedArticle;
import io.newsflow.schemas.Topics;
import io.newsflow.schemas.registry.SchemaRegistryException;
import io.newsflow.sink.DeadLetterSender;
import io.newsflow.sink.PipelineMeters;
import io.newsflow.sink.SinkConfig;
import io.newsflow.sink.postgres.StoreWriter.ArticleRecord;
import io.newsflow.store.Databases;
import io.newsflow.store.PostgresSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Writes enriched articles ({@code news.enriched.v1}) and cross-reference links ({@code
 * news.links.v1}) into PostgreSQL: articles, entities and their names, mentions, quotes, links and
 * stories (see {@link StoreWriter} for the tables and the upsert rules). Reads {@code
 * read_committed}; the schema is created or upgraded by Flyway when the sink starts.
 *
 * <p>Each polled batch (up to {@code sink.jdbc.batch.records}) is written in one transaction, and
 * its offsets are committed only after that transaction commits. Writes are idempotent, so a batch
 * delivered again after a crash changes nothing.
 *
 * <p>Failures come in two kinds. When the database is unreachable, a lock wait times out or the
 * server refuses for a while, the sink pauses its partitions, retries the same batch with a
 * doubling pause (up to {@code sink.jdbc.retry.backoff.max.ms}), and resumes when a write succeeds;
 * after {@code sink.jdbc.retry.timeout.ms} it stops with {@link #failure()} set. A record that can
 * never be written (it cannot be decoded, or the database rejects its data) goes to the dead-letter
 * topic with its origin and the database's reason, is counted in {@code
 * newsflow.sink.dead.letters}, and the rest of its batch is written.
 */
public final class PostgresSink implements AutoCloseable {
  public static final String STAGE_DESERIALIZE = "sink.postgres.deserialize";
  public static final String STAGE_WRITE = "sink.postgres.write";
  private static final Logger log = LoggerFactory.getLogger(PostgresSink.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

  /** Told about every article handled and every record dead-lettered, once its batch is done. */
  public interface Listener {
    /** An article record was written, or found older than (or equal to) the stored version. */
    void written(EnrichedArticle article);

    default void deadLettered(DeadLetter letter) {}
  }

  private final SinkConfig config;
  private final Topics topics;
  private final Listener listener;
  private final Clock clock;
  private final MeterRegistry meters;
  private final HikariDataSource dataSource;
  private final Consumer<byte[], byte[]> consumer;
  private final DeadLetterSender deadLetters;
  private final StoreWriter writer = new StoreWriter();
  private final CompletableFuture<Throwable> failure = new CompletableFuture<>();
  private final CompletableFuture<String> schemaReady = new CompletableFuture<>();
  private final AtomicLong articlesWritten = new AtomicLong();
  private final AtomicLong linksWritten = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicInteger paused = new AtomicInteger();
  private final Timer batchTimer;
  private final PipelineMeters pipeline;
  private final KafkaClientMetrics consumerMetrics;

  /** The batch being written; partitions revoked while it waits for the database leave it. */
  private List<ConsumerRecord<byte[], byte[]>> inHand;

  private Thread thread;
  private volatile boolean running;

  public PostgresSink(
      SinkConfig config, Topics topics, MeterRegistry meters, Listener listener, Clock clock) {
    if (!config.jdbc().configured()) {
      throw new IllegalArgumentException(
          "the PostgreSQL sink needs " + SinkConfig.JDBC_URL + " (jdbc:postgresql://host:5432/db)");
    }
    this.config = config;
    this.topics = topics;
    this.listener = listener;
    this.clock = clock;
    this.meters = meters;
    // from 0, so that a rate over them shows the first batch
    meters.counter("newsflow.sink.records", "store", "postgres", "type", "article");
    meters.counter("newsflow.sink.records", "store", "postgres", "type", "link");
    this.dataSource =
        Databases.pool(
            config.jdbc().url(),
            config.jdbc().user(),
            config.jdbc().password(),
            2,
            config.jdbcLockTimeoutMs(),
            5_000,
            (int) Math.ceil(config.jdbcStatementTimeoutMs() / 1000.0) + 5,
            "newsflow-sink-postgres");
    Map<String, Object> consumerProps = config.clientProperties("consumer.");
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, config.jdbcGroupId());
    consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.addGroupMembership(consumerProps);
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.jdbcBatchRecords());
    consumerProps.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProps.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "newsflow-sink-postgres");
    this.consumer =
        new KafkaConsumer<>(
            consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.deadLetters =
        new DeadLetterSender(
            config.clientProperties("producer."),
            "newsflow-sink-postgres-dlq",
            topics.deadLetters(),
            config.jdbcGroupId(),
            clock);
    this.batchTimer =
        Timer.builder("newsflow.sink.batch.write")
            .description("Time to write one batch to the store and commit it")
            .tag("store", "postgres")
            .register(meters);
    Gauge.builder("newsflow.sink.paused", paused, AtomicInteger::get)
        .description("1 while the sink waits for the database with its partitions paused")
        .tag("store", "postgres")
        .register(meters);
    // present from the start, so that a scrape shows 0 rather than nothing
    meters.counter("newsflow.sink.records", "store", "postgres", "type", "article");
    meters.counter("newsflow.sink.records", "store", "postgres", "type", "link");
    this.pipeline = new PipelineMeters(meters, "postgres", clock);
    this.consumerMetrics = new KafkaClientMetrics(consumer);
    consumerMetrics.bindTo(meters);
  }

  /**
   * Starts on a thread of its own: migrates the schema (retrying while the database is down), then
   * consumes.
   */
  public synchronized PostgresSink start() {
    running = true;
    thread = new Thread(this::run, "sink-postgres");
    thread.start();
    return this;
  }

  private void run() {
    try {
      // join the group while the schema is checked (a restart takes its partitions back sooner):
      // whatever is assigned meanwhile stays paused until the schema is ready
      paused.set(1);
      consumer.subscribe(
          List.of(topics.enriched().name(), topics.links().name()), new PauseNewPartitions());
      String version =
          retrying(
              "migrating the schema", () -> whilePolling(() -> PostgresSchema.migrate(dataSource)));
      if (version == null && !running) {
        return;
      }
      schemaReady.complete(version);
      log.info(
          "PostgreSQL sink writing {} and {} to {}",
          topics.enriched().name(),
          topics.links().name(),
          jdbcUrl());
      while (running) {
        ConsumerRecords<byte[], byte[]> records =
            consumer.poll(Duration.ofMillis(config.pollTimeoutMs()));
        if (!records.isEmpty()) {
          List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(records.count());
          records.forEach(batch::add);
          handle(batch);
        }
      }
    } catch (RuntimeException | Error e) {
      log.error("PostgreSQL sink stopped: {}", e.toString(), e);
      schemaReady.completeExceptionally(e);
      failure.complete(e);
    } finally {
      running = false;
      closeClients();
    }
  }

  /** Something that fails while the database is away. */
  private interface DatabaseWork<T> {
    T run() throws Exception;
  }

  /**
   * Runs {@code work} until it succeeds, pausing consumption between attempts; null if the sink is
   * closed meanwhile. Gives up with an exception after the retry timeout.
   */
  private <T> T retrying(String what, DatabaseWork<T> work) {
    long deadline = clock.millis() + config.jdbcRetryTimeoutMs();
    Duration backoff = FIRST_BACKOFF;
    for (int attempt = 1; ; attempt++) {
      try {
        T result = work.run();
        if (attempt > 1) {
          log.info("{}: the database answers again after {} attempts; resuming", what, attempt);
        }
        resume();
        return result;
      } catch (Exception e) {
        if (!isRetriable(e)) {
          throw e instanceof RuntimeException re
              ? re
              : new IllegalStateException(what + " failed", e);
        }
        if (clock.millis() >= deadline) {
          throw new IllegalStateException(
              what
                  + " failed for "
                  + config.jdbcRetryTimeoutMs()
                  + " ms ("
                  + attempt
                  + " attempts; "
                  + SinkConfig.JDBC_RETRY_TIMEOUT_MS
                  + "), last error: "
                  + e,
              e);
        }
        retries.incrementAndGet();
        meters.counter("newsflow.sink.retries", "store", "postgres").increment();
        log.warn(
            "{} failed (attempt {}, SQLSTATE {}), paused, retrying in {} ms: {}",
            what,
            attempt,
            SqlErrors.state(e),
            backoff.toMillis(),
            e.toString());
        if (!pauseFor(backoff)) {
          return null;
        }
        backoff = backoff.multipliedBy(2);
        if (backoff.toMillis() > config.jdbcRetryBackoffMaxMs()) {
          backoff = Duration.ofMillis(config.jdbcRetryBackoffMaxMs());
        }
      }
    }
  }

  /**
   * Runs {@code work} on a thread of its own while this one keeps polling with every partition
   * paused, so that the group keeps us (and a join goes on) meanwhile.
   */
  private <T> T whilePolling(Callable<T> work) throws Exception {
    FutureTask<T> task = new FutureTask<>(work);
    Thread worker = new Thread(task, "sink-postgres-schema");
    worker.setDaemon(true);
    worker.start();
    while (true) {
      try {
        return task.get(0, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception cause ? cause : e;
      } catch (TimeoutException e) {
        if (!pauseFor(Duration.ofMillis(100))) {
          task.cancel(true);
          return null;
        }
      }
    }
  }

  /** Ends a wait for the database: partitions assigned meanwhile were paused too. */
  private void resume() {
    if (paused.getAndSet(0) == 1) {
      Set<TopicPartition> assigned = consumer.assignment();
      if (!assigned.isEmpty()) {
        consumer.resume(assigned);
      }
    }
  }

  /** Pauses every partition and keeps polling (so the group keeps us) for {@code wait}. */
  private boolean pauseFor(Duration wait) {
    Set<TopicPartition> assigned = consumer.assignment();
    if (!assigned.isEmpty()) {
      consumer.pause(assigned);
    }
    paused.set(1);
    long until = System.nanoTime() + wait.toNanos();
    while (running) {
      long left = (until - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return true;
      }
      if (consumer.subscription().isEmpty()) {
        sleep(Math.min(left, 100));
        continue;
      }
      ConsumerRecords<byte[], byte[]> unexpected =
          consumer.poll(Duration.ofMillis(Math.min(left, 100)));
      // every partition is paused, so nothing should come; keep anything that does, in order, or
      // (no batch in hand yet) read it again once resumed
      if (!unexpected.isEmpty()) {
        if (inHand != null) {
          unexpected.forEach(inHand::add);
        } else {
          for (TopicPartition p : unexpected.partitions()) {
            consumer.seek(p, unexpected.records(p).get(0).offset());
          }
        }
      }
    }
    return false;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the database", e);
    }
  }

  /** What one successful attempt at a batch did. */
  private record Outcome(List<EnrichedArticle> articles, int links, List<DeadLetter> letters) {}

  private void handle(List<ConsumerRecord<byte[], byte[]>> batch) {
    inHand = batch;
    try {
      Outcome outcome =
          retrying(
              "writing a batch of " + batch.size() + " records",
              () -> batchTimer.recordCallable(() -> write(inHand)));
      if (outcome == null) {
        return; // closed while waiting: the batch is read again by whoever owns it next
      }
      deadLetters.sendAll(outcome.letters());
      commit(inHand);
      articlesWritten.addAndGet(outcome.articles().size());
      linksWritten.addAndGet(outcome.links());
      deadLettered.addAndGet(outcome.letters().size());
      meters
          .counter("newsflow.sink.records", "store", "postgres", "type", "article")
          .increment(outcome.articles().size());
      meters
          .counter("newsflow.sink.records", "store", "postgres", "type", "link")
          .increment(outcome.links());
      pipeline.written(
          outcome.articles(),
          batch.stream().mapToLong(ConsumerRecord::timestamp).max().orElse(Long.MIN_VALUE));
      for (DeadLetter letter : outcome.letters()) {
        meters
            .counter(
                "newsflow.sink.dead.letters",
                "store",
                "postgres",
                "stage",
                letter.getStage(),
                "reason",
                reason(letter))
            .increment();
      }
      outcome.articles().forEach(listener::written);
      outcome.letters().forEach(listener::deadLettered);
    } finally {
      inHand = null;
    }
  }

  private static String reason(DeadLetter letter) {
    String cls = letter.getErrorClass();
    return cls.substring(cls.lastIndexOf('.') + 1);
  }

  /** A decoded record of the batch: an article or a link. */
  private record Item(
      ConsumerRecord<byte[], byte[]> record, EnrichedArticle article, ArticleLink link) {}

  /**
   * Errors worth waiting out: the database's (a record's own faults were dealt with before they get
   * here) and a registry that does not answer. A bug or a broken schema history fails at once.
   */
  private static boolean isRetriable(Throwable e) {
    if (SqlErrors.isConfigurationFault(e)) {
      return false;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException) {
        return true;
      }
      if (t instanceof SchemaRegistryException sre) {
        return sre.isTransient();
      }
    }
    return false;
  }

  private Outcome write(List<ConsumerRecord<byte[], byte[]>> records) throws SQLException {
    List<Item> items = new ArrayList<>(records.size());
    List<DeadLetter> letters = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      try {
        items.add(decode(record));
      } catch (SerializationException | SchemaRegistryException e) {
        if (e instanceof SchemaRegistryException sre && sre.isTransient()) {
          throw sre;
        }
        letters.add(deadLetters.letter(record, STAGE_DESERIALIZE, e));
      }
    }
    List<EnrichedArticle> written = new ArrayList<>();
    int links = 0;
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (Statement timeout = c.createStatement()) {
        timeout.execute("SET LOCAL statement_timeout = " + config.jdbcStatementTimeoutMs());
      }
      try {
        writer.write(c, articles(items), links(items));
        c.commit();
        for (Item item : items) {
          if (item.article() != null) {
            written.add(item.article());
          } else {
            links++;
          }
        }
      } catch (SQLException | IllegalArgumentException e) {
        rollbackQuietly(c);
        if (!isRecordFault(e)) {
          throw e;
        }
        log.info(
            "A batch of {} records was refused ({}); writing them one at a time to find the bad ones",
            items.size(),
            e.getMessage());
        for (Item item : items) {
          Savepoint savepoint = c.setSavepoint();
          try {
            writer.write(
                c,
                item.article() == null ? List.of() : articles(List.of(item)),
                item.link() == null ? List.of() : List.of(item.link()));
            c.releaseSavepoint(savepoint);
            if (item.article() != null) {
              written.add(item.article());
            } else {
              links++;
            }
          } catch (SQLException | IllegalArgumentException single) {
            if (!isRecordFault(single)) {
              rollbackQuietly(c);
              throw single;
            }
            c.rollback(savepoint);
            ConsumerRecord<byte[], byte[]> r = item.record();
            log.warn(
                "Dead-lettering {}-{}@{} (article {}): the database refuses it: {}",
                r.topic(),
                r.partition(),
                r.offset(),
                articleId(item),
                single.getMessage());
            letters.add(deadLetters.letter(r, STAGE_WRITE, single));
          }
        }
        c.commit();
      }
    }
    return new Outcome(written, links, letters);
  }

  private static boolean isRecordFault(Exception e) {
    return e instanceof IllegalArgumentException || SqlErrors.isRecordFault(e);
  }

  private static String articleId(Item item) {
    return item.article() != null ? item.article().getId() : item.link().getFrom();
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      log.debug("Rollback failed (the connection is probably gone): {}", e.toString());
    }
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

  private static List<ArticleRecord> articles(List<Item> items) {
    List<ArticleRecord> out = new ArrayList<>();
    for (Item item : items) {
      if (item.article() != null) {
        ConsumerRecord<byte[], byte[]> r = item.record();
        out.add(new ArticleRecord(item.article(), r.topic(), r.partition(), r.offset()));
      }
    }
    return out;
  }

  private static List<ArticleLink> links(List<Item> items) {
    List<ArticleLink> out = new ArrayList<>();
    for (Item item : items) {
      if (item.link() != null) {
        out.add(item.link());
      }
    }
    return out;
  }

  private void commit(List<ConsumerRecord<byte[], byte[]>> batch) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    Set<TopicPartition> assigned = consumer.assignment();
    for (ConsumerRecord<byte[], byte[]> r : batch) {
      TopicPartition tp = new TopicPartition(r.topic(), r.partition());
      if (assigned.contains(tp)) {
        offsets.merge(
            tp, new OffsetAndMetadata(r.offset() + 1), (a, b) -> a.offset() >= b.offset() ? a : b);
      }
    }
    try {
      consumer.commitSync(offsets);
    } catch (CommitFailedException e) {
      // the group moved on: the new owner reads these records again, and rewriting them is harmless
      log.warn(
          "Committing offsets after a written batch failed, it will be read again: {}",
          e.toString());
    }
  }

  /** Where the sink writes, a password in the URL masked: fit for logs and summaries. */
  public String jdbcUrl() {
    return dataSource.getJdbcUrl().replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  /** The schema version once migrated; fails if the sink stopped first. */
  public CompletableFuture<String> schemaReady() {
    return schemaReady;
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
    return retries.get();
  }

  /** True while the sink waits for the database with its partitions paused. */
  public boolean isPaused() {
    return paused.get() == 1;
  }

  /** Completes with the cause when the sink stopped by itself. */
  public CompletableFuture<Throwable> failure() {
    return failure;
  }

  /**
   * For readiness: null while the sink can write, else why not: it stopped, its schema is not
   * migrated yet, it waits for the database, or the database does not answer a validation query
   * within {@code timeoutSeconds} (through the sink's own pool, so it also needs a free
   * connection). May take as long as the pool's connection timeout; cache the answer.
   */
  public String databaseProblem(int timeoutSeconds) {
    if (failure.isDone()) {
      return "the PostgreSQL sink stopped: " + failure.getNow(null);
    }
    if (!schemaReady.isDone()) {
      return "the PostgreSQL sink has not migrated the store's schema yet";
    }
    if (isPaused()) {
      return "the PostgreSQL sink waits for the database (" + retries.get() + " retries so far)";
    }
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(timeoutSeconds)
          ? null
          : "the database did not answer within " + timeoutSeconds + " s";
    } catch (SQLException | RuntimeException e) {
      return "the database cannot be reached: " + e.getMessage();
    }
  }

  /** Finishes the batch in hand (written and committed), then leaves the group. */
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
      log.debug("Closing the sink consumer: {}", e.toString());
    }
    deadLetters.close();
    dataSource.close();
  }

  /** Partitions assigned while the sink waits for the database start paused too. */
  private final class PauseNewPartitions implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (paused.get() == 1 && !partitions.isEmpty()) {
        consumer.pause(partitions);
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      // the batch in hand is committed only after it is written, so a revoked partition's records
      // simply leave it: their new owner reads them again from the committed offset
      if (inHand != null) {
        Set<TopicPartition> gone = new HashSet<>(partitions);
        inHand.removeIf(r -> gone.contains(new TopicPartition(r.topic(), r.partition())));
      }
    }
  }
}
