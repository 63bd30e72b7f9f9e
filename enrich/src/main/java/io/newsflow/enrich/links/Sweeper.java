package io.newsflow.enrich.links;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps a link store as large as the window, not the stream: what is older than {@code keep} before
 * the newest event time the task has seen is deleted. Event time, not record time, so that a
 * backfill of old articles is not swept as it arrives.
 *
 * <p>The sweep goes round the store a slice at a time, never the whole store at once, so that the
 * task never stalls on it: every {@code keep / 168} of stream time (an hour for the 7-day window)
 * it visits the next entries after where it stopped, four per record processed since (at least
 * 1,000), and starts again from the first key after the last. A full round so takes at most about a
 * quarter of {@code keep} when each entry was written by at least one record. A store is only swept
 * by the task that owns it, so this is as exactly-once as the rest of its state.
 *
 * @param <V> the store's values
 */
final class Sweeper<V> {
  /** What is left of a value at a horizon. */
  interface Sweep<V> {
    /**
     * The value as it should stay: the same instance when nothing changes, another one to write
     * back, or null to delete the entry.
     */
    V keep(V value, long horizon);
  }

  private static final int MIN_SLICE = 1_000;
  private static final int VISITS_PER_RECORD = 4;
  private static final Duration MIN_INTERVAL = Duration.ofMinutes(1);

  private final KeyValueStore<String, V> store;
  private final long keep;
  private final Sweep<V> sweep;
  private long newest;
  private long recordsSinceSlice;
  private String cursor;

  private Sweeper(KeyValueStore<String, V> store, Duration keep, Sweep<V> sweep) {
    this.store = store;
    this.keep = keep.toMillis();
    this.sweep = sweep;
  }

  /** A sweeper of {@code store}, scheduled on the task's stream time. */
  static <V> Sweeper<V> schedule(
      ProcessorContext<?, ?> context,
      KeyValueStore<String, V> store,
      Duration keep,
      Sweep<V> sweep) {
    Sweeper<V> sweeper = new Sweeper<>(store, keep, sweep);
    Duration interval = keep.dividedBy(168);
    context.schedule(
        interval.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL : interval,
        PunctuationType.STREAM_TIME,
        streamTime -> sweeper.slice());
    return sweeper;
  }

  /** Called for every record: its event time moves the horizon on. */
  void seen(long eventTime) {
    newest = Math.max(newest, eventTime);
    recordsSinceSlice++;
  }

  /** Sweeps the next slice of the store. */
  void slice() {
    if (newest <= keep) {
      return; // nothing seen yet
    }
    long horizon = newest - keep;
    long budget = Math.max(MIN_SLICE, VISITS_PER_RECORD * recordsSinceSlice);
    recordsSinceSlice = 0;
    List<KeyValue<String, V>> changed = new ArrayList<>();
    String last = null;
    boolean more;
    try (KeyValueIterator<String, V> it =
        cursor == null ? store.all() : store.range(cursor, null)) {
      long visited = 0;
      while (it.hasNext() && visited < budget) {
        KeyValue<String, V> kv = it.next();
        if (kv.key.equals(cursor)) {
          continue; // the range starts at the last key of the previous slice
        }
        visited++;
        last = kv.key;
        V kept = sweep.keep(kv.value, horizon);
        if (kept != kv.value) {
          changed.add(KeyValue.pair(kv.key, kept));
        }
      }
      more = it.hasNext();
    }
    cursor = more ? last : null;
    for (KeyValue<String, V> kv : changed) {
      if (kv.value == null) {
        store.delete(kv.key);
      } else {
        store.put(kv.key, kv.value);
      }
    }
  }

  /** The sweep of a list of entries: those older than the horizon go, an empty list goes. */
  static List<IndexEntry> keepRecent(List<IndexEntry> list, long horizon) {
    if (list.stream().noneMatch(e -> e.time() < horizon)) {
      return list;
    }
    List<IndexEntry> recent = list.stream().filter(e -> e.time() >= horizon).toList();
    return recent.isEmpty() ? null : new ArrayList<>(recent);
  }
}
