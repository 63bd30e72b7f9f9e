package io.newsflow.enrich;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.newsflow.runtime.ops.KafkaMeters;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka Streams application of the enrich stage (enrichment, or link building) and its life: a
 * stream thread that dies of an unexpected error is replaced a few times in ten minutes, then the
 * instance stops and {@link #failure()} completes, so that the process exits with an error rather
 * than silently stalling.
 */
final class StreamsApp {
  private static final Logger log = LoggerFactory.getLogger(StreamsApp.class);

  private final String name;
  private final Topology topology;
  private final Properties properties;
  private final int maxReplacements;
  private final CompletableFuture<Throwable> failure = new CompletableFuture<>();
  private final Deque<Long> replacements = new ArrayDeque<>();
  private volatile KafkaStreams streams;
  private KafkaMeters streamsMetrics;
  private volatile KafkaStreams.State closedState;

  /**
   * @param name what the application does, for logs and errors ("enrich", "links")
   */
  StreamsApp(String name, Topology topology, Properties properties, int maxReplacements) {
    this.name = name;
    this.topology = topology;
    this.properties = properties;
    this.maxReplacements = maxReplacements;
  }

  Topology topology() {
    return topology;
  }

  /** Starts Streams, binding its metrics to {@code meters} unless null; does not wait. */
  synchronized void start(MeterRegistry meters) {
    streams = new KafkaStreams(topology, properties);
    streams.setUncaughtExceptionHandler(this::onUncaught);
    RestoreLog restoreLog = new RestoreLog();
    streams.setStateListener(
        (now, before) -> {
          log.info("{} streams {} -> {}", name, before, now);
          if (now == KafkaStreams.State.RUNNING) {
            restoreLog.running();
          }
          if (now == KafkaStreams.State.ERROR) {
            failure.complete(new IllegalStateException(name + ": Kafka Streams entered ERROR"));
          }
        });
    streams.setGlobalStateRestoreListener(restoreLog);
    if (meters != null) {
      streamsMetrics =
          KafkaMeters.bind(
              name,
              meters,
              (scheduler, every) -> new KafkaStreamsMetrics(streams, List.of(), scheduler, every));
    }
    streams.start();
  }

  /**
   * Says once per start that state is being rebuilt from changelogs, and once running how much it
   * took. Kafka Streams itself reports the stores it finds corrupted after an unclean stop as an
   * error of its task manager, which the command's logging leaves out: this is what an operator
   * reads instead.
   */
  private final class RestoreLog implements StateRestoreListener {
    private final AtomicLong restored = new AtomicLong();
    private final AtomicLong started = new AtomicLong();

    @Override
    public void onRestoreStart(
        TopicPartition partition, String store, long startingOffset, long endingOffset) {
      if (started.compareAndSet(0, System.nanoTime())) {
        log.info(
            "{}: rebuilding state stores from their changelogs (first: {} from {}), because the"
                + " last stop was not clean or the tasks are new here; their records wait until"
                + " this is done",
            name,
            store,
            partition);
      }
    }

    @Override
    public void onBatchRestored(
        TopicPartition partition, String store, long batchEndOffset, long numRestored) {
      restored.addAndGet(numRestored);
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {}

    /** Called when the application reaches RUNNING. */
    void running() {
      long since = started.getAndSet(0);
      if (since != 0) {
        log.info(
            "{}: state rebuilt from changelogs ({} records), running {} ms after the rebuild began",
            name,
            restored.getAndSet(0),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since));
      }
    }
  }

  /** Waits until Streams is RUNNING, failing when it stops or the deadline (nanoTime) passes. */
  void awaitRunning(long deadline, Duration timeout) {
    while (state() != KafkaStreams.State.RUNNING) {
      if (failure.isDone()) {
        throw new IllegalStateException(
            name + " stopped while starting: " + failure.getNow(null), failure.getNow(null));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            name + " did not reach RUNNING within " + timeout + " (state " + state() + ")",
            failure.getNow(null));
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting " + name, e);
      }
    }
  }

  private StreamThreadExceptionResponse onUncaught(Throwable error) {
    long now = System.nanoTime();
    synchronized (replacements) {
      while (!replacements.isEmpty()
          && now - replacements.peekFirst() > TimeUnit.MINUTES.toNanos(10)) {
        replacements.pollFirst();
      }
      if (replacements.size() < maxReplacements) {
        replacements.addLast(now);
        log.error(
            "{} stream thread died; replacing it ({} of {} in 10 min)",
            name,
            replacements.size(),
            maxReplacements,
            error);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
      }
    }
    log.error("{} stream thread died again; stopping this instance", name, error);
    failure.complete(error);
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }

  CompletableFuture<Throwable> failure() {
    return failure;
  }

  KafkaStreams.State state() {
    KafkaStreams current = streams;
    if (current != null) {
      return current.state();
    }
    KafkaStreams.State closed = closedState;
    return closed == null ? KafkaStreams.State.CREATED : closed;
  }

  Map<MetricName, ? extends Metric> metrics() {
    KafkaStreams current = streams;
    return current == null ? Map.of() : current.metrics();
  }

  /** Closes Streams: finishes the current batch, commits its transaction, leaves the group. */
  synchronized void close(Duration timeout) {
    if (streams != null) {
      // leave the group even as a static member (instance.id): a clean stop hands the partitions
      // on at once; only a crash leaves them waiting for the session timeout or the restart
      streams.close(
          CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
              .withTimeout(timeout));
      closedState = streams.state();
      streams = null;
    }
    if (streamsMetrics != null) {
      streamsMetrics.close();
      streamsMetrics = null;
    }
  }
}
