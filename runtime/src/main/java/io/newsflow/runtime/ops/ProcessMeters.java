package io.newsflow.runtime.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;

/**
 * The JVM's own meters (memory, threads, processor, garbage collection), bound once per registry: a
 * process that runs several services into one registry binds them once, or each collection would be
 * counted as often as there are services.
 */
public final class ProcessMeters {
  private ProcessMeters() {}

  /** What {@link #bindTo} bound; closing it stops the GC listener. */
  public interface Binding extends AutoCloseable {
    @Override
    void close();
  }

  /** Binds the JVM's meters to {@code registry}. */
  public static Binding bindTo(MeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    return gc::close;
  }
}
