package io.newsflow.app;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Counts the records that reached the end of the pipeline, per article id: written by every sink
 * that runs (JSON Lines, PostgreSQL), or put on the dead-letter topic by some stage. Counting
 * records rather than ids matters: the same article sent twice is two records, and both must come
 * through. Lets the one-machine default wait until every ingested record is accounted for.
 * Thread-safe.
 */
public final class DeliveryTracker {
  /**
   * Per sink, records written per article id; a record counts as written once every sink has it.
   */
  private final Map<String, Map<String, Integer>> written = new LinkedHashMap<>();

  private final Map<String, Integer> deadLettered = new HashMap<>();
  private final BiConsumer<String, Instant> onWritten;

  /**
   * @param onWritten told of each record written, with the time it was seen
   */
  public DeliveryTracker(BiConsumer<String, Instant> onWritten) {
    this.onWritten = onWritten;
  }

  public DeliveryTracker() {
    this((id, at) -> {});
  }

  /** Registers a sink whose writes count; before its first write. */
  synchronized void expectSink(String sink) {
    written.putIfAbsent(sink, new HashMap<>());
  }

  /**
   * A sink wrote a record of this article. The first sink registered tells {@code onWritten}: the
   * moment of a record's arrival is when the first store has it.
   */
  void written(String sink, String articleId) {
    boolean first;
    synchronized (this) {
      first = written.keySet().iterator().next().equals(sink);
    }
    if (first) {
      onWritten.accept(articleId, Instant.now());
    }
    synchronized (this) {
      written.computeIfAbsent(sink, s -> new HashMap<>()).merge(articleId, 1, Integer::sum);
      notifyAll();
    }
  }

  /** Records of the article that one sink ({@code jsonl}, {@code postgres}) wrote. */
  public synchronized int writtenBy(String sink, String articleId) {
    Map<String, Integer> bySink = written.get(sink);
    return bySink == null ? 0 : bySink.getOrDefault(articleId, 0);
  }

  /** Records of the article written by every sink. */
  private int writtenEverywhere(String articleId) {
    int least = Integer.MAX_VALUE;
    for (Map<String, Integer> bySink : written.values()) {
      least = Math.min(least, bySink.getOrDefault(articleId, 0));
    }
    return written.isEmpty() ? 0 : least;
  }

  synchronized void deadLettered(String articleId) {
    deadLettered.merge(articleId, 1, Integer::sum);
    notifyAll();
  }

  /** How the records of a batch ended: written, dead-lettered, or not (yet) seen. */
  public record Tally(long written, long deadLettered, long missing) {}

  /**
   * Tallies a batch given as one article id per record sent (an id twice means two records).
   * Records are matched to what was seen by count, writes first.
   */
  public synchronized Tally tally(Collection<String> recordIds) {
    Map<String, Integer> expected = new HashMap<>();
    recordIds.forEach(id -> expected.merge(id, 1, Integer::sum));
    long w = 0;
    long d = 0;
    long missing = 0;
    for (Map.Entry<String, Integer> e : expected.entrySet()) {
      int wanted = e.getValue();
      int ok = Math.min(wanted, writtenEverywhere(e.getKey()));
      int dead = Math.min(wanted - ok, deadLettered.getOrDefault(e.getKey(), 0));
      w += ok;
      d += dead;
      missing += wanted - ok - dead;
    }
    return new Tally(w, d, missing);
  }

  /** Waits until every record of the batch is written or dead-lettered; false on timeout. */
  public synchronized boolean await(Collection<String> recordIds, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (tally(recordIds).missing() > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, Math.min(200, left / 1_000_000)));
    }
    return true;
  }
}
