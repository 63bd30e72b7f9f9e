package io.newsflow.sink;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.newsflow.schemas.Topics;
import io.newsflow.schemas.json.AvroJson;
import io.newsflow.sink.internal.SinkLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
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

  private final Topics topics;
  private final JsonLinesStore writer;
  private final SinkLoop loop;

  public JsonLinesSink(SinkConfig config, Topics topics, SinkListener listener, Clock clock) {
    // a composite of no registries records nothing
    this(config, topics, new CompositeMeterRegistry(), listener, clock);
  }

  /**
   * @param meters where the sink counts its records and dead letters and binds its consumer's
   *     metrics, tagged {@code store=jsonl} (see {@link SinkLoop})
   */
  public JsonLinesSink(
      SinkConfig config, Topics topics, MeterRegistry meters, SinkListener listener, Clock clock) {
    this.topics = topics;
    this.writer = new JsonLinesStore(config, topics, clock);
    // a write that fails after its own attempts (sink.max.write.attempts) stops the sink
    SinkLoop.Settings settings =
        new SinkLoop.Settings(
            "jsonl", config.groupId(), 0, false, STAGE_DESERIALIZE, SinkLoop.Retry.NONE);
    this.loop = new SinkLoop(config, settings, topics, writer, meters, listener, clock);
  }

  /** Recovers the output from its checkpoint and starts consuming on a thread of its own. */
  public synchronized JsonLinesSink start() {
    try {
      writer.recover();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the sink's output in " + writer.files().dir(), e);
    }
    loop.start();
    log.info(
        "JSON Lines sink writing {} to {} (segment {})",
        topics.enriched().name(),
        writer.files().dir(),
        writer.currentSegment().getFileName());
    return this;
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
    return writer.files().dir();
  }

  /** The sink's files: its segments, in order, and their names. */
  public SegmentFiles files() {
    return writer.files();
  }

  /** The segment being written; null before {@link #start()}. */
  public Path currentSegment() {
    return writer.currentSegment();
  }

  public long writtenCount() {
    return loop.articlesWritten();
  }

  public long deadLetteredCount() {
    return loop.deadLetteredCount();
  }

  /** Completes with the cause when the sink stopped by itself. */
  public CompletableFuture<Throwable> failure() {
    return loop.failure();
  }

  /** Finishes the batch in hand (written, checkpointed, committed), then leaves the group. */
  @Override
  public void close() {
    loop.close();
  }
}
