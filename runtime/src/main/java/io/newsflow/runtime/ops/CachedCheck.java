package io.newsflow.runtime.ops;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A readiness check's answer kept for a while, so that a probe every second or a busy scraper does
 * not send a request to the broker or the database each time. Thread-safe; concurrent callers of an
 * expired answer wait for one fresh one.
 */
public final class CachedCheck implements Supplier<String> {
  private final Supplier<String> check;
  private final long ttlNanos;
  private String answer;
  private long checkedAt;
  private boolean checked;

  public CachedCheck(Supplier<String> check, Duration ttl) {
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("a check's answer cannot be kept for " + ttl);
    }
    this.check = check;
    this.ttlNanos = ttl.toNanos();
  }

  @Override
  public synchronized String get() {
    long now = System.nanoTime();
    if (!checked || now - checkedAt >= ttlNanos) {
      answer = check.get();
      checkedAt = now;
      checked = true;
    }
    return answer;
  }
}
