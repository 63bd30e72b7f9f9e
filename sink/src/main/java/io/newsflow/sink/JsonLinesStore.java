package io.newsflow.sink;

import io.newsflow.avro.EnrichedArticle;
import io.newsflow.schemas.Topics;
import io.newsflow.schemas.json.AvroJson;
import io.newsflow.sink.internal.SinkLoop;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON Lines sink's store: appends each batch to the current segment, forces it to disk, and
 * records segment, length and next offsets in the checkpoint; closes a segment when it is full or
 * old; and after a crash brings the folder back to its checkpoint (see {@link JsonLinesSink}).
 */
final class JsonLinesStore implements SinkLoop.Store {
  private static final Logger log = LoggerFactory.getLogger(JsonLinesStore.class);

  private final SinkConfig config;
  private final Topics topics;
  private final Clock clock;
  private final SegmentFiles files;
  private final Path checkpointFile;
  private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
  private FileChannel channel;
  private long segment;
  private long segmentLength;
  private Instant segmentStartedAt;
  private volatile Path segmentFile;
  private String topicId;

  JsonLinesStore(SinkConfig config, Topics topics, Clock clock) {
    this.config = config;
    this.topics = topics;
    this.clock = clock;
    this.files = SegmentFiles.of(config);
    this.checkpointFile = files.checkpoint();
  }

  SegmentFiles files() {
    return files;
  }

  /** The segment being written; null before {@link #recover()}. */
  Path currentSegment() {
    return segmentFile;
  }

  /**
   * Brings the folder back to its last checkpoint: the current segment cut to the checkpoint's
   * length, segments created after it removed, and a missing current segment (a crash between
   * closing a segment and creating the next) created.
   */
  void recover() throws IOException {
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
    } catch (ExecutionException | TimeoutException e) {
      throw new KafkaException(
          "cannot describe topic " + topics.enriched().name() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while describing " + topics.enriched().name(), e);
    }
  }

  /** One line of JSON per article, appended after closing the segment if it is due. */
  @Override
  public SinkLoop.Stored write(List<SinkLoop.Item> items) {
    ByteArrayOutputStream lines = new ByteArrayOutputStream(items.size() * 2048);
    List<EnrichedArticle> articles = new ArrayList<>(items.size());
    for (SinkLoop.Item item : items) {
      lines.writeBytes(AvroJson.toJson(item.article()).getBytes(StandardCharsets.UTF_8));
      lines.write('\n');
      articles.add(item.article());
    }
    byte[] bytes = lines.toByteArray();
    rollIfDue(bytes.length);
    if (segmentLength == 0 && bytes.length > 0) {
      segmentStartedAt = clock.instant();
    }
    append(bytes);
    return SinkLoop.Stored.articles(articles);
  }

  /** What was appended is final once the checkpoint says so; a crash before cuts it back. */
  @Override
  public void checkpoint(Map<TopicPartition, OffsetAndMetadata> next) {
    next.forEach((tp, offset) -> nextOffsets.put(tp, offset.offset()));
    writeCheckpoint();
  }

  @Override
  public void afterPoll() {
    rollIfDue(0);
  }

  /** Resumes partitions from the checkpoint when it is ahead of the committed offsets. */
  @Override
  public void assigned(Consumer<byte[], byte[]> consumer, Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> committed =
        consumer.committed(new HashSet<>(partitions));
    for (TopicPartition tp : partitions) {
      Long checkpoint = nextOffsets.get(tp);
      OffsetAndMetadata commit = committed.get(tp);
      if (checkpoint != null && (commit == null || checkpoint > commit.offset())) {
        log.info("Resuming {} at checkpoint offset {} (committed: {})", tp, checkpoint, commit);
        consumer.seek(tp, checkpoint);
      }
    }
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

  @Override
  public void close() {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      log.warn("Closing {}: {}", segmentFile, e.toString());
    }
  }
}
