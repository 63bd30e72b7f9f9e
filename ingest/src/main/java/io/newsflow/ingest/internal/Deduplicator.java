package io.newsflow.ingest.internal;

import io.newsflow.avro.RawArticle;
import io.newsflow.schemas.ArticleIds;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Which articles were accepted within a window, by content, so that the same article posted twice
 * is accepted once: a second submission with the same title and body, under the same URL or
 * another, is a duplicate of the first. The same URL with other text is not: it is a new version of
 * the article (a correction), sent under the same id, so that the raw topic keeps the versions in
 * order. Fed by this instance's own submissions and by the raw topic ({@link #seen}), so that it
 * survives restarts and sees what other instances accepted. Thread-safe.
 */
public final class Deduplicator {
  /** An article accepted earlier, and its send: a duplicate is only as good as its original. */
  public record Original(String id, CompletableFuture<?> stored) {}

  private record Claim(String id, long time, CompletableFuture<?> stored) {}

  private final long windowMillis;
  private final Clock clock;
  // keyed by content key, oldest claim first
  private final LinkedHashMap<String, Claim> claims = new LinkedHashMap<>();

  public Deduplicator(Duration window, Clock clock) {
    this.windowMillis = window.toMillis();
    this.clock = clock;
  }

  /** The key of an article's content, the same whatever URL it is posted under. */
  public static String contentKey(RawArticle article) {
    return ArticleIds.forArticle(null, article.getTitle(), article.getBody());
  }

  /**
   * Claims an article about to be sent.
   *
   * @param stored completes when the article is stored, fails when it could not be
   * @return the original when the article was accepted within the window already, else null (and
   *     the article is remembered)
   */
  public synchronized Original claim(RawArticle article, CompletableFuture<?> stored) {
    long now = clock.millis();
    expire(now);
    String content = contentKey(article);
    Claim earlier = claims.get(content);
    if (earlier != null
        && (earlier.stored.isCompletedExceptionally() || earlier.time < now - windowMillis)) {
      // its send failed, or it is older than the window (read from the topic out of time order,
      // so not expired yet): this one is not a duplicate
      earlier = null;
    }
    if (earlier != null) {
      return new Original(earlier.id, earlier.stored);
    }
    put(content, new Claim(article.getId(), now, stored));
    return null;
  }

  /** Forgets a claim whose send failed, so that the article can be posted again. */
  public synchronized void release(RawArticle article) {
    String content = contentKey(article);
    Claim claim = claims.get(content);
    if (claim != null && claim.stored.isCompletedExceptionally()) {
      claims.remove(content);
    }
  }

  /** Remembers an article stored on the raw topic, by this instance or another, at its time. */
  public void seen(RawArticle article) {
    seen(article.getId(), contentKey(article), article.getReceivedAt().toEpochMilli());
  }

  /**
   * Remembers an article stored on the raw topic, from what its record says without decoding it.
   *
   * @param time when it was accepted, epoch ms
   */
  public synchronized void seen(String id, String contentKey, long time) {
    long now = clock.millis();
    if (time < now - windowMillis) {
      return;
    }
    claims.putIfAbsent(contentKey, new Claim(id, time, CompletableFuture.completedFuture(null)));
    expire(now);
  }

  /** Articles remembered. */
  public synchronized int size() {
    return claims.size();
  }

  private void put(String key, Claim claim) {
    claims.remove(key); // re-inserted at the end: the map stays in claim order
    claims.put(key, claim);
  }

  private void expire(long now) {
    Iterator<Map.Entry<String, Claim>> it = claims.entrySet().iterator();
    while (it.hasNext()) {
      Claim c = it.next().getValue();
      if (c.time >= now - windowMillis) {
        break;
      }
      it.remove();
    }
  }
}
