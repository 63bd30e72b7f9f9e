package io.newsflow.enrich.links;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the link stores as large as the window, not the stream: every {@code keep / 14} of stream
 * time (half a day for the 7-day window), what is older than {@code keep} before the newest event
 * time the task has seen is deleted. A sweep reads the whole store, so it must not run often: at
 * that pace it costs about 14 reads per entry kept, spread over the articles of the interval. Event
 * time, not record time, so that a backfill of old articles is not swept as it arrives. A store is
 * only swept by the task that owns it, so this is as exactly-once as the rest of its state.
 */
final class Sweeper {
  private static final Duration MIN_INTERVAL = Duration.ofMinutes(1);

  private Sweeper() {}

  /**
   * Calls {@code sweep} with the horizon (epoch ms; what is older may go) every {@code keep / 14}
   * of stream time, once the task has seen an event time ({@code newest}, 0 before).
   */
  static void schedule(
      ProcessorContext<?, ?> context, Duration keep, LongSupplier newest, LongConsumer sweep) {
    Duration interval = keep.dividedBy(14);
    context.schedule(
        interval.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL : interval,
        PunctuationType.STREAM_TIME,
        streamTime -> {
          long seen = newest.getAsLong();
          if (seen > keep.toMillis()) {
            sweep.accept(seen - keep.toMillis());
          }
        });
  }

  /** Drops the entries of every list older than the horizon, and lists left empty. */
  static void sweepLists(KeyValueStore<String, List<IndexEntry>> store, long horizon) {
    List<KeyValue<String, List<IndexEntry>>> changed = new ArrayList<>();
    try (KeyValueIterator<String, List<IndexEntry>> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, List<IndexEntry>> kv = all.next();
        List<IndexEntry> list = kv.value;
        if (list.removeIf(e -> e.time() < horizon)) {
          changed.add(KeyValue.pair(kv.key, list.isEmpty() ? null : list));
        }
      }
    }
    for (KeyValue<String, List<IndexEntry>> kv : changed) {
      if (kv.value == null) {
        store.delete(kv.key);
      } else {
        store.put(kv.key, kv.value);
      }
    }
  }
}
