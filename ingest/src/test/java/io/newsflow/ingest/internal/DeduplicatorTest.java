package io.newsflow.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsflow.avro.IngestChannel;
import io.newsflow.avro.RawArticle;
import io.newsflow.ingest.ArticleDraft;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DeduplicatorTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final ArticleValidator validator = new ArticleValidator(100_000, null);

  private RawArticle article(String title, String body, String url) throws Exception {
    return validator.validate(
        new ArticleDraft(title, body, null, url, null, null, null, "test"), IngestChannel.FILE, T0);
  }

  @Test
  void theSameTextUnderAnyUrlIsADuplicateOfTheFirst() throws Exception {
    Deduplicator dedup = new Deduplicator(Duration.ofHours(1), Clock.fixed(T0, ZoneOffset.UTC));
    RawArticle first = article("Storm", "Winds of 120 km/h.", "https://a.example/storm");
    CompletableFuture<Object> sent = CompletableFuture.completedFuture(null);

    assertThat(dedup.claim(first, sent)).isNull();
    assertThat(dedup.claim(article("Storm", "Winds of 120 km/h.", null), new CompletableFuture<>()))
        .isEqualTo(new Deduplicator.Original(first.getId(), sent));
    assertThat(
            dedup.claim(
                article("Storm", "Winds of 120 km/h.", "https://b.example/copy"),
                new CompletableFuture<>()))
        .extracting(Deduplicator.Original::id)
        .isEqualTo(first.getId());
  }

  /** Regression: an edited article posted again under its URL was dropped as a duplicate. */
  @Test
  void theSameUrlWithOtherTextIsANewVersionNotADuplicate() throws Exception {
    Deduplicator dedup = new Deduplicator(Duration.ofHours(1), Clock.fixed(T0, ZoneOffset.UTC));
    RawArticle first = article("Storm", "Winds of 120 km/h.", "https://a.example/storm");
    RawArticle corrected = article("Storm", "Winds of 130 km/h.", "https://a.example/storm");
    assertThat(corrected.getId()).isEqualTo(first.getId());

    assertThat(dedup.claim(first, CompletableFuture.completedFuture(null))).isNull();
    assertThat(dedup.claim(corrected, CompletableFuture.completedFuture(null))).isNull();
    assertThat(dedup.size()).isEqualTo(2);
  }

  @Test
  void anArticleWhoseSendFailedOrThatLeftTheWindowIsNoOriginal() throws Exception {
    MutableClock clock = new MutableClock(T0);
    Deduplicator dedup = new Deduplicator(Duration.ofMinutes(10), clock);
    RawArticle article = article("Rates", "Held.", null);
    CompletableFuture<Object> failed = new CompletableFuture<>();

    assertThat(dedup.claim(article, failed)).isNull();
    failed.completeExceptionally(new IllegalStateException("broker down"));
    dedup.release(article);
    assertThat(dedup.size()).isZero();
    assertThat(dedup.claim(article, CompletableFuture.completedFuture(null))).isNull();

    clock.now = T0.plus(Duration.ofMinutes(11));
    assertThat(dedup.claim(article, CompletableFuture.completedFuture(null))).isNull();
  }

  @Test
  void articlesReadFromTheTopicCountWithinTheWindowOnly() throws Exception {
    Deduplicator dedup = new Deduplicator(Duration.ofHours(24), Clock.fixed(T0, ZoneOffset.UTC));
    RawArticle recent = article("Recent", "Body.", null);
    RawArticle old =
        RawArticle.newBuilder(article("Old", "Body.", null))
            .setReceivedAt(T0.minus(Duration.ofDays(2)))
            .build();
    dedup.seen(recent);
    dedup.seen(old);
    assertThat(dedup.claim(recent, CompletableFuture.completedFuture(null))).isNotNull();
    assertThat(dedup.claim(old, CompletableFuture.completedFuture(null))).isNull();
  }

  private static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
