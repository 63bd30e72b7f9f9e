package io.newsflow.local;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Which articles have reached the end of the pipeline: written by the sink, or put on the
 * dead-letter topic by some stage. Lets the one-machine default wait until every ingested article
 * is accounted for. Thread-safe.
 */
public final class DeliveryTracker {
  private final Set<String> written = ConcurrentHashMap.newKeySet();
  private final Set<String> deadLettered = ConcurrentHashMap.newKeySet();
  private final BiConsumer<String, Instant> onWritten;

  public DeliveryTracker(BiConsumer<String, Instant> onWritten) {
    this.onWritten = onWritten;
  }

  public DeliveryTracker() {
    this((id, at) -> {});
  }

  void written(String articleId) {
    written.add(articleId);
    onWritten.accept(articleId, Instant.now());
    signal();
  }

  void deadLettered(String articleId) {
    deadLettered.add(articleId);
    signal();
  }

  private synchronized void signal() {
    notifyAll();
  }

  public boolean isDelivered(String id) {
    return written.contains(id) || deadLettered.contains(id);
  }

  /** Waits until every id is written or dead-lettered; false when the timeout passes first. */
  public synchronized boolean await(Collection<String> ids, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!ids.stream().allMatch(this::isDelivered)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, Math.min(200, left / 1_000_000)));
    }
    return true;
  }

  public Set<String> written() {
    return Set.copyOf(written);
  }

  public Set<String> deadLettered() {
    return Set.copyOf(deadLettered);
  }
}
