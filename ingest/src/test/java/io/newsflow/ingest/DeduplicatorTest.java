package io.newsflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsflow.avro.IngestChannel;
import io.newsflow.avro.RawArticle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DeduplicatorTest {
  private Instant now = Instant.parse("2026-03-01T00:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };
  private final Deduplicator dedup = new Deduplicator(Duration.ofHours(24), clock);
  private final ArticleValidator validator = new ArticleValidator(1_000_000, null);

  private RawArticle article(String title, String body, String url) throws Exception {
    return validator.validate(
        new ArticleDraft(title, body, null, url, null, null, null, "test"),
        IngestChannel.HTTP,
        now);
  }

  private static CompletableFuture<Object> stored() {
    return CompletableFuture.completedFuture(null);
  }

  @Test
  void theSameUrlOrTheSameContentIsADuplicateOfTheFirst() throws Exception {
    RawArticle first = article("T", "Body", "https://a.example/1");
    assertThat(dedup.claim(first, stored())).isNull();
    assertThat(dedup.claim(article("T2", "Other body", "https://a.example/1"), stored()).id())
        .isEqualTo(first.getId());
    assertThat(dedup.claim(article("T", "Body", "https://mirror.example/x"), stored()).id())
        .isEqualTo(first.getId());
    assertThat(dedup.claim(article("T", "Another body", "https://a.example/2"), stored())).isNull();
  }

  @Test
  void anArticleIsForgottenAfterTheWindow() throws Exception {
    RawArticle first = article("T", "Body", null);
    assertThat(dedup.claim(first, stored())).isNull();
    now = now.plus(Duration.ofHours(23));
    assertThat(dedup.claim(first, stored())).isNotNull();
    now = now.plus(Duration.ofHours(2));
    assertThat(dedup.claim(first, stored())).isNull();
    assertThat(dedup.size()).isEqualTo(1);
  }

  @Test
  void aFailedSendIsNotADuplicateOfAnything() throws Exception {
    RawArticle first = article("T", "Body", null);
    CompletableFuture<Object> send = new CompletableFuture<>();
    assertThat(dedup.claim(first, send)).isNull();
    send.completeExceptionally(new RuntimeException("broker down"));
    dedup.release(first);
    assertThat(dedup.claim(first, stored())).isNull();
  }

  @Test
  void articlesSeenOnTheTopicCountWithinTheWindowOnly() throws Exception {
    RawArticle recent = article("Recent", "Body", null);
    RawArticle old =
        RawArticle.newBuilder(article("Old", "Body", null))
            .setReceivedAt(now.minus(Duration.ofDays(2)))
            .build();
    dedup.seen(recent);
    dedup.seen(old);
    assertThat(dedup.claim(recent, stored())).isNotNull();
    assertThat(dedup.claim(old, stored())).isNull();
  }
}
