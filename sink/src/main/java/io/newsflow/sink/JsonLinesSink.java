package io.newsflow.sink;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.newsflow.avro.DeadLetter;
import io.newsflow.avro.EnrichedArticle;
import io.newsflow.schemas.Topics;
import io.newsflow.schemas.json.AvroJson;
import io.newsflow.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes enriched articles to JSON Lines files in its output folder: one article per line, plain
 * JSON with the schema's field names (see {@link AvroJson}). Reads {@code news.enriched.v1} with
 * {@code read_committed}, so aborted enrich transactions never reach the files.
 *
 * <p>The output is a sequence of segments ({@link SegmentFiles}): the sink appends to the
 * highest-numbered one and closes it when it reaches {@code sink.file.max.bytes} or when its first
 * line is {@code sink.file.max.age.ms} old, checked before and after each batch and while no
 * records come, so that a quiet topic still hands over its last lines. A closed segment is never
 * touched again.
 *
 * <p>Each polled batch is appended, forced to disk, recorded in a checkpoint (segment, its length,
 * next offsets), and only then are its offsets committed. Closing a segment writes a checkpoint
 * naming the next one before creating it. After a crash the current segment is cut back to the
 * checkpoint, any later segment is removed, and reading resumes from the checkpoint's offsets, so
 * each article is in the output exactly once. Records that cannot be decoded go to the dead-letter
 * topic (stage {@value #STAGE_DESERIALIZE}); a segment that cannot be written is retried, then the
 * sink stops with {@link #failure()} set.
 */
public final class JsonLinesSink implements AutoCloseable {
  public static final String STAGE_DESERIALIZE = "sink.deserialize";
  private static final Logger log = LoggerFactory.getLogger(JsonLinesSink.class);

  /**
   * Told about every article written and every record dead-lettered, after its offset is committed.
   */
  public interface Listener {
    void written(EnrichedArticle article);

    default void deadLettered(DeadLetter letter) {}
  }

  private final SinkConfig config;
  private final Topics topics;
  private final Listener listener;
  private final Clock clock;
  private final SegmentFiles files;
  private final Path checkpointFile;
  private final Consumer<byte[], byte[]> consumer;
  private final DeadLetterSender deadLetters;
  private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
  private final CompletableFuture<Throwable> failure = new CompletableFuture<>();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final MeterRegistry meters;
  private final KafkaClientMetrics consumerMetrics;
  private final PipelineMeters pipeline;
  private FileChannel channel;
  private long segment;
  private long segmentLength;
  private Instant segmentStartedAt;
  private volatile Path segmentFile;
  private String topicId;
  private Thread thread;
  private volatile boolean running;

  public JsonLinesSink(SinkConfig config, Topics topics, Listener listener, Clock clock) {
    // a composite of no registries records nothing
    this(config, topics, new CompositeMeterRegistry(), listener, clock);
  }

  /**
   * @param meters where the sink counts its records ({@code newsflow.sink.records}, tagged {@code
   *     store=jsonl}) and dead letters ({@code newsflow.sink.dead.letters}, by stage and reason),
   *     its latency and lag ({@link PipelineMeters}), and where its consumer's metrics are bound
   *     ({@code kafka.consumer.*})
   */
  public JsonLinesSink(
      SinkConfig config, Topics topics, MeterRegistry meters, Listener listener, Clock clock) {
    this.config = config;
    this.meters = meters;
    // from 0, so that a rate over it shows the first batch
    meters.counter("newsflow.sink.records", "store", "jsonl", "type", "article");
    this.topics = topics;
    this.listener = listener;
    this.clock = clock;
    this.files = SegmentFiles.of(config);
    this.checkpointFile = files.checkpoint();
    Map<String, Object> consumerProps = config.clientProperties("consumer.");
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.addGroupMembership(consumerProps);
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerProps.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProps.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "newsflow-sink-jsonl");
    this.consumer =
        new KafkaConsumer<>(
            consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.deadLetters =
        new DeadLetterSender(
            config.clientProperties("producer."),
            "newsflow-sink-dlq",
            topics.deadLetters(),
            config.groupId(),
            clock);
    // present from the start, so that a scrape shows 0 rather than nothing
    meters.counter("newsflow.sink.records", "store", "jsonl", "type", "article");
    this.pipeline = new PipelineMeters(meters, "jsonl", clock);
    this.consumerMetrics = new KafkaClientMetrics(consumer);
    consumerMetrics.bindTo(meters);
  }

  /** Recovers the output from its checkpoint and starts consuming on a thread of its own. */
  public synchronized JsonLinesSink start() {
    try {
      recover();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the sink's output in " + files.dir(), e);
    }
    consumer.subscribe(List.of(topics.enriched().name()), new SeekToCheckpoint());
    running = true;
    thread = new Thread(this::run, "sink-jsonl");
    thread.start();
    log.info(
        "JSON Lines sink writing {} to {} (segment {})",
        topics.enriched().name(),
        files.dir(),
        segmentFile.getFileName());
    return this;
  }

  /**
   * Brings the folder back to its last checkpoint: the current segment cut to the checkpoint's
   * length, segments created after it removed, and a missing current segment (a crash between
   * closing a segment and creating the next) created.
   */
  private void recover() throws IOException {
    Files.createDirectories(files.dir());
    topicId = topicId();
    SinkCheckpoint checkpoint =
        Files.exists(checkpointFile) ? SinkCheckpoint.read(checkpointFile) : firstCheckpoint();
    if (checkpoint.segment() == 0) {
      checkpoint = adoptUnsegmentedFile(checkpoint);
    }
    if (checkpoint.topicId().equals(topicId)) {
      nextOffsets.putAll(checkpoint.nextOffsets());
    } else {
      log.warn(
          "The checkpoint in {} is for another topic named {} (id {}, now {}): resuming from committed offsets",
          files.dir(),
          topics.enriched().name(),
          checkpoint.topicId(),
          topicId);
    }
    for (Path later : files.list()) {
      if (files.number(later) > checkpoint.segment()) {
        log.warn(
            "Removing {} ({} bytes), begun after the last checkpoint; its records will be read again",
            later,
            Files.size(later));
        Files.delete(later);
      }
    }
    segment = checkpoint.segment();
    segmentFile = files.segment(segment);
    boolean created = !Files.exists(segmentFile);
    channel = FileChannel.open(segmentFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    long size = channel.size();
    if (size > checkpoint.segmentLength()) {
      log.warn(
          "Cutting {} bytes written to {} after its last checkpoint; their records will be read again",
          size - checkpoint.segmentLength(),
          segmentFile);
      channel.truncate(checkpoint.segmentLength());
      if (config.fsync()) {
        channel.force(true);
      }
    } else if (size < checkpoint.segmentLength()) {
      log.warn(
          "{} is shorter than its checkpoint says ({} < {} bytes): was it cut by hand? Appending after it",
          segmentFile,
          size,
          checkpoint.segmentLength());
    }
    if (created && config.fsync()) {
      SinkCheckpoint.forceFolder(files.dir());
    }
    segmentLength = channel.size();
    channel.position(segmentLength);
    segmentStartedAt =
        segmentLength == 0
            ? null
            : checkpoint.segmentStartedAt() != null
                ? checkpoint.segmentStartedAt()
                : clock.instant();
  }

  /**
   * The checkpoint of a folder this sink has not written yet, saved before its first segment is
   * created so that no segment ever exists without a checkpoint. Segments already there (their
   * checkpoint removed by hand) are left as they are, and writing begins after them.
   */
  private SinkCheckpoint firstCheckpoint() throws IOException {
    List<Path> existing = files.list();
    long first = 1;
    if (!existing.isEmpty()) {
      first = files.number(existing.get(existing.size() - 1)) + 1;
      log.warn(
          "{} has segments but no checkpoint {}: leaving them as they are, writing from segment {} on, resuming from committed offsets",
          files.dir(),
          checkpointFile.getFileName(),
          first);
    }
    if (Files.exists(files.unsegmentedFile())) {
      log.warn(
          "{} has no checkpoint: leaving it as it is; it is not part of the segments",
          files.unsegmentedFile());
    }
    SinkCheckpoint checkpoint = new SinkCheckpoint(topicId, first, 0, null, Map.of());
    checkpoint.write(checkpointFile, config.fsync());
    return checkpoint;
  }

  /**
   * Turns the single file of a version that did not roll into segment 1: cut to its checkpoint,
   * renamed, then checkpointed as segment 1. A crash between the rename and the checkpoint is
   * recovered by the same steps, the rename being done.
   */
  private SinkCheckpoint adoptUnsegmentedFile(SinkCheckpoint legacy) throws IOException {
    Path single = files.unsegmentedFile();
    Path first = files.segment(1);
    if (Files.exists(single) && Files.exists(first)) {
      // not a state the sink leaves: which one the checkpoint describes is unknown
      throw new IllegalStateException(
          "both "
              + single
              + " and "
              + first
              + " exist, with a checkpoint of the single file; move one of them out of "
              + files.dir());
    }
    if (Files.exists(single)) {
      try (FileChannel file = FileChannel.open(single, StandardOpenOption.WRITE)) {
        if (file.size() > legacy.segmentLength()) {
          file.truncate(legacy.segmentLength());
        }
        file.force(true);
      }
      Files.move(single, first, StandardCopyOption.ATOMIC_MOVE);
      SinkCheckpoint.forceFolder(files.dir());
      log.info("Renamed {} to {}, the first segment", single, first.getFileName());
    }
    SinkCheckpoint adopted =
        new SinkCheckpoint(legacy.topicId(), 1, legacy.segmentLength(), null, legacy.nextOffsets());
    adopted.write(checkpointFile, config.fsync());
    return adopted;
  }

  private String topicId() {
    try (Admin admin = Admin.create(config.clientProperties("admin."))) {
      String name = topics.enriched().name();
      return admin
          .describeTopics(List.of(name))
          .topicNameValues()
          .get(name)
          .get(60, TimeUnit.SECONDS)
          .topicId()
          .toString();
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new KafkaException(
          "cannot describe topic " + topics.enriched().name() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while describing " + topics.enriched().name(), e);
    }
  }

  private void run() {
    try {
      while (running) {
        ConsumerRecords<byte[], byte[]> records =
            consumer.poll(Duration.ofMillis(config.pollTimeoutMs()));
        if (!records.isEmpty()) {
          writeBatch(records);
        }
        rollIfDue(0);
      }
    } catch (RuntimeException | Error e) {
      log.error("JSON Lines sink stopped: {}", e.toString(), e);
      failure.complete(e);
    } finally {
      running = false;
      closeClients();
    }
  }

  private void writeBatch(ConsumerRecords<byte[], byte[]> records) {
    ByteArrayOutputStream lines = new ByteArrayOutputStream(records.count() * 2048);
    List<EnrichedArticle> articles = new ArrayList<>(records.count());
    List<DeadLetter> letters = new ArrayList<>();
    Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
    long newestRecordMs = Long.MIN_VALUE;
    for (ConsumerRecord<byte[], byte[]> record : records) {
      newestRecordMs = Math.max(newestRecordMs, record.timestamp());
      try {
        EnrichedArticle article = topics.enriched().deserializeValue(record.value());
        if (article == null) {
          throw new SerializationException("record has no value (a tombstone)");
        }
        lines.writeBytes(AvroJson.toJson(article).getBytes(StandardCharsets.UTF_8));
        lines.write('\n');
        articles.add(article);
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
        letters.add(deadLetters.letter(record, STAGE_DESERIALIZE, e));
      }
      TopicPartition tp = new TopicPartition(record.topic(), record.partition());
      commits.put(tp, new OffsetAndMetadata(record.offset() + 1));
    }
    deadLetters.sendAll(letters);
    byte[] bytes = lines.toByteArray();
    rollIfDue(bytes.length);
    if (segmentLength == 0 && bytes.length > 0) {
      segmentStartedAt = clock.instant();
    }
    append(bytes);
    commits.forEach((tp, next) -> nextOffsets.put(tp, next.offset()));
    writeCheckpoint();
    consumer.commitSync(commits);
    written.addAndGet(articles.size());
    deadLettered.addAndGet(letters.size());
    meters
        .counter("newsflow.sink.records", "store", "jsonl", "type", "article")
        .increment(articles.size());
    pipeline.written(articles, newestRecordMs);
    for (DeadLetter letter : letters) {
      String cls = letter.getErrorClass();
      meters
          .counter(
              "newsflow.sink.dead.letters",
              "store",
              "jsonl",
              "stage",
              letter.getStage(),
              "reason",
              cls.substring(cls.lastIndexOf('.') + 1))
          .increment();
    }
    articles.forEach(listener::written);
    letters.forEach(listener::deadLettered);
  }

  private void writeCheckpoint() {
    try {
      new SinkCheckpoint(topicId, segment, segmentLength, segmentStartedAt, Map.copyOf(nextOffsets))
          .write(checkpointFile, config.fsync());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sink checkpoint " + checkpointFile, e);
    }
  }

  /**
   * Closes the current segment if it is full, would overflow with {@code incoming} more bytes, or
   * is old enough. An empty segment is never closed: a batch larger than the limit gets a segment
   * of its own.
   */
  private void rollIfDue(int incoming) {
    if (segmentLength == 0) {
      return;
    }
    boolean full =
        segmentLength >= config.fileMaxBytes() || segmentLength + incoming > config.fileMaxBytes();
    boolean old =
        segmentStartedAt != null
            && !clock.instant().isBefore(segmentStartedAt.plusMillis(config.fileMaxAgeMs()));
    if (full || old) {
      roll(full ? "size" : "age");
    }
  }

  /**
   * Closes the current segment and begins the next. The checkpoint names the next segment before it
   * is created, so that once a reader sees it, the one before is final: a crash in between leaves a
   * checkpoint whose segment is missing, which {@link #recover()} creates.
   */
  private void roll(String why) {
    Path closed = segmentFile;
    long closedLength = segmentLength;
    segment++;
    segmentLength = 0;
    segmentStartedAt = null;
    segmentFile = files.segment(segment);
    writeCheckpoint();
    try {
      channel.close();
    } catch (IOException e) {
      // its bytes were forced with the last batch; closing releases the handle only
      log.warn("Closing {}: {}", closed, e.toString());
    }
    try {
      channel =
          FileChannel.open(
              segmentFile,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the segment " + segmentFile, e);
    }
    if (config.fsync()) {
      SinkCheckpoint.forceFolder(files.dir());
    }
    log.info(
        "Closed {} ({} bytes, by {}); writing {}",
        closed.getFileName(),
        closedLength,
        why,
        segmentFile.getFileName());
  }

  /** Appends the batch and forces it to disk, retrying from the last good length on failure. */
  private void append(byte[] bytes) {
    Duration backoff = Duration.ofMillis(200);
    for (int attempt = 1; ; attempt++) {
      try {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        if (config.fsync()) {
          channel.force(false);
        }
        segmentLength += bytes.length;
        return;
      } catch (IOException e) {
        if (attempt >= config.maxWriteAttempts()) {
          throw new UncheckedIOException(
              "cannot write " + segmentFile + " after " + attempt + " attempts", e);
        }
        log.warn(
            "Writing {} failed (attempt {}/{}), retrying in {} ms: {}",
            segmentFile,
            attempt,
            config.maxWriteAttempts(),
            backoff.toMillis(),
            e.toString());
        try {
          channel.truncate(segmentLength);
          channel.position(segmentLength);
          Thread.sleep(backoff.toMillis());
        } catch (IOException ignored) {
          // the next attempt reports the file's state
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new UncheckedIOException("interrupted while retrying a write to " + segmentFile, e);
        }
        backoff = backoff.multipliedBy(2);
      }
    }
  }

  /**
   * Deletes the segments and the checkpoint of the sink {@code config} describes, for a run that
   * starts from scratch; other files in the folder stay.
   */
  public static void deleteOutput(SinkConfig config) throws IOException {
    SegmentFiles.of(config).deleteAll();
  }

  /** The folder the sink writes to. */
  public Path outputDir() {
    return files.dir();
  }

  /** The sink's files: its segments, in order, and their names. */
  public SegmentFiles files() {
    return files;
  }

  /** The segment being written; null before {@link #start()}. */
  public Path currentSegment() {
    return segmentFile;
  }

  public long writtenCount() {
    return written.get();
  }

  public long deadLetteredCount() {
    return deadLettered.get();
  }

  /** Completes with the cause when the sink stopped by itself. */
  public CompletableFuture<Throwable> failure() {
    return failure;
  }

  /** Finishes the batch in hand (written, checkpointed, committed), then leaves the group. */
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
          org.apache.kafka.clients.consumer.CloseOptions.groupMembershipOperation(
                  org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation
                      .LEAVE_GROUP)
              .withTimeout(Duration.ofSeconds(10)));
    } catch (RuntimeException e) {
      log.debug("Closing the sink consumer: {}", e.toString());
    }
    deadLetters.close();
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      log.warn("Closing {}: {}", segmentFile, e.toString());
    }
  }

  /** Resumes partitions from the checkpoint when it is ahead of the committed offsets. */
  private final class SeekToCheckpoint implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          consumer.committed(new java.util.HashSet<>(partitions));
      for (TopicPartition tp : partitions) {
        Long checkpoint = nextOffsets.get(tp);
        OffsetAndMetadata commit = committed.get(tp);
        if (checkpoint != null && (commit == null || checkpoint > commit.offset())) {
          log.info("Resuming {} at checkpoint offset {} (committed: {})", tp, checkpoint, commit);
          consumer.seek(tp, checkpoint);
        }
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      // every batch is committed before the next poll, so there is nothing in hand to commit here
    }
  }
}
