package io.newsflow.sink.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How {@link SinkLoop} waits out a store that is away: every partition paused, the consumer polling
 * on (so the group keeps it), the same work tried again with a doubling pause until the retry
 * timeout. Counts {@code newsflow.sink.retries} and shows {@code newsflow.sink.paused}.
 */
final class StoreWait {
  private static final Logger log = LoggerFactory.getLogger(StoreWait.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

  private final Consumer<byte[], byte[]> consumer;
  private final SinkLoop.Settings settings;
  private final SinkLoop.Store store;
  private final MeterRegistry meters;
  private final Clock clock;
  private final BooleanSupplier running;
  private final java.util.function.Consumer<ConsumerRecords<byte[], byte[]>> keep;
  private final AtomicLong retries = new AtomicLong();
  private final AtomicInteger paused = new AtomicInteger();

  /**
   * @param running false once the sink is closing: a wait then ends
   * @param keep takes records a poll returns although every partition is paused
   */
  StoreWait(
      Consumer<byte[], byte[]> consumer,
      SinkLoop.Settings settings,
      SinkLoop.Store store,
      MeterRegistry meters,
      Clock clock,
      BooleanSupplier running,
      java.util.function.Consumer<ConsumerRecords<byte[], byte[]>> keep) {
    this.consumer = consumer;
    this.settings = settings;
    this.store = store;
    this.meters = meters;
    this.clock = clock;
    this.running = running;
    this.keep = keep;
    Gauge.builder("newsflow.sink.paused", paused, AtomicInteger::get)
        .description("1 while the sink waits for its store with its partitions paused")
        .tag("store", settings.store())
        .register(meters);
  }

  /** Marks the sink as waiting: partitions assigned from now on start paused. */
  void pause() {
    paused.set(1);
  }

  /** Pauses newly assigned partitions while the sink waits. */
  void assigned(Collection<TopicPartition> partitions) {
    if (paused.get() == 1 && !partitions.isEmpty()) {
      consumer.pause(partitions);
    }
  }

  boolean isPaused() {
    return paused.get() == 1;
  }

  long retries() {
    return retries.get();
  }

  /** Something that may fail while the store is away. */
  interface Work<T> {
    T run() throws Exception;
  }

  /**
   * Runs {@code work} until it succeeds, pausing consumption between attempts; null if the sink is
   * closed meanwhile. Gives up with an exception after the retry timeout.
   */
  <T> T retrying(String what, Work<T> work) {
    long deadline = clock.millis() + settings.retry().timeoutMs();
    Duration backoff = FIRST_BACKOFF;
    for (int attempt = 1; ; attempt++) {
      try {
        T result = work.run();
        if (attempt > 1) {
          log.info("{}: the store answers again after {} attempts; resuming", what, attempt);
        }
        resume();
        return result;
      } catch (Exception e) {
        if (!store.isTransient(e)) {
          throw e instanceof RuntimeException re
              ? re
              : new IllegalStateException(what + " failed", e);
        }
        if (clock.millis() >= deadline) {
          throw new IllegalStateException(
              what
                  + " failed for "
                  + settings.retry().timeoutMs()
                  + " ms ("
                  + attempt
                  + " attempts; "
                  + settings.retry().option()
                  + "), last error: "
                  + e,
              e);
        }
        retries.incrementAndGet();
        meters.counter("newsflow.sink.retries", "store", settings.store()).increment();
        log.warn(
            "{} failed (attempt {}), paused, retrying in {} ms: {}",
            what,
            attempt,
            backoff.toMillis(),
            store.explain(e));
        if (!pauseFor(backoff)) {
          return null;
        }
        backoff = backoff.multipliedBy(2);
        if (backoff.toMillis() > settings.retry().backoffMaxMs()) {
          backoff = Duration.ofMillis(settings.retry().backoffMaxMs());
        }
      }
    }
  }

  /**
   * Runs {@code work} on a thread of its own while this one keeps polling with every partition
   * paused, so that the group keeps us (and a join goes on) meanwhile.
   */
  <T> T whilePolling(Callable<T> work) throws Exception {
    FutureTask<T> task = new FutureTask<>(work);
    Thread worker = new Thread(task, "sink-" + settings.store() + "-open");
    worker.setDaemon(true);
    worker.start();
    while (true) {
      try {
        return task.get(100, TimeUnit.MILLISECONDS);
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

  /** Ends a wait for the store: partitions assigned meanwhile were paused too. */
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
    while (running.getAsBoolean()) {
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
      // every partition is paused, so nothing should come; the loop keeps anything that does
      if (!unexpected.isEmpty()) {
        keep.accept(unexpected);
      }
    }
    return false;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the store", e);
    }
  }
}
