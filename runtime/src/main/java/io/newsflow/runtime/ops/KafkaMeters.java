package io.newsflow.runtime.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiFunction;

/**
 * A Kafka client's or Kafka Streams' meters, bound through one of Micrometer's Kafka binders that
 * looks for new Kafka metrics every {@link #REFRESH} instead of its default minute, so that a
 * counter Kafka creates late (enrich's first dead letter of a reason, say) is on {@code /metrics}
 * within seconds. The binder looks from a daemon thread of its own, which {@link #close} stops with
 * it (Micrometer leaves a scheduler it was given running).
 */
public final class KafkaMeters implements AutoCloseable {
  public static final Duration REFRESH = Duration.ofSeconds(5);

  private final ScheduledExecutorService scheduler;
  private final MeterBinder binder;

  private KafkaMeters(ScheduledExecutorService scheduler, MeterBinder binder) {
    this.scheduler = scheduler;
    this.binder = binder;
  }

  /**
   * Binds the meters {@code binder} makes, given the scheduler and interval to look with, e.g.
   * {@code (scheduler, every) -> new KafkaClientMetrics(consumer, List.of(), scheduler, every)}.
   *
   * @param name names the binder's thread
   */
  public static KafkaMeters bind(
      String name,
      MeterRegistry registry,
      BiFunction<ScheduledExecutorService, Duration, MeterBinder> binder) {
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "kafka-meters-" + name);
              thread.setDaemon(true);
              return thread;
            });
    MeterBinder bound = binder.apply(scheduler, REFRESH);
    bound.bindTo(registry);
    return new KafkaMeters(scheduler, bound);
  }

  /** Removes the meters and stops looking for new ones. */
  @Override
  public void close() {
    scheduler.shutdownNow();
    // Micrometer's Kafka binders are AutoCloseable: closing removes their meters
    if (binder instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing the Kafka meters failed", e);
      }
    }
  }
}
