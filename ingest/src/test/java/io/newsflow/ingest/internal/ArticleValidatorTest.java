package io.newsflow.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newsflow.avro.BodyFormat;
import io.newsflow.avro.IngestChannel;
import io.newsflow.avro.RawArticle;
import io.newsflow.ingest.ArticleDraft;
import io.newsflow.ingest.InvalidArticleException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ArticleValidatorTest {
  private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");
  private final ArticleValidator validator = new ArticleValidator(2_000, null);

  private RawArticle valid(ArticleDraft draft) throws InvalidArticleException {
    return validator.validate(draft, IngestChannel.FILE, NOW);
  }

  @Test
  void buildsARawArticleWithAStableIdFromTheCanonicalUrl() throws Exception {
    RawArticle a =
        valid(
            new ArticleDraft(
                " Title ",
                "Body",
                null,
                "HTTPS://Example.org:443/news/1?utm_source=x&id=3#top",
                "2016-07-15T12:00:00+02:00",
                "Example",
                "en",
                "f.json:1"));
    RawArticle b =
        valid(
            new ArticleDraft(
                "Other title",
                "Other body",
                null,
                "https://example.org/news/1?id=3",
                null,
                null,
                null,
                "g.json:9"));
    assertThat(a.getUrl()).isEqualTo("https://example.org/news/1?id=3");
    assertThat(a.getId()).isEqualTo(b.getId()).hasSize(32);
    assertThat(a.getTitle()).isEqualTo("Title");
    assertThat(a.getPublishedAt()).isEqualTo(Instant.parse("2016-07-15T10:00:00Z"));
    assertThat(a.getReceivedAt()).isEqualTo(NOW);
    assertThat(a.getChannel()).isEqualTo(IngestChannel.FILE);
    assertThat(a.getOrigin()).isEqualTo("f.json:1");
  }

  @Test
  void withoutUrlTheIdComesFromTheNormalisedContent() throws Exception {
    RawArticle a =
        valid(new ArticleDraft("Title", "Some  body\ntext", null, null, null, null, null, "a"));
    RawArticle b =
        valid(new ArticleDraft("Title ", "Some body text ", null, null, null, null, null, "b"));
    RawArticle c =
        valid(new ArticleDraft("Title", "Another body", null, null, null, null, null, "c"));
    assertThat(a.getId()).isEqualTo(b.getId()).isNotEqualTo(c.getId());
  }

  @Test
  void detectsHtmlBodiesUnlessDeclared() throws Exception {
    assertThat(
            valid(new ArticleDraft("T", "<p>Hello</p>", null, null, null, null, null, "o"))
                .getBodyFormat())
        .isEqualTo(BodyFormat.HTML);
    assertThat(
            valid(new ArticleDraft("T", "1 < 2 and 3 > 2", null, null, null, null, null, "o"))
                .getBodyFormat())
        .isEqualTo(BodyFormat.TEXT);
    assertThat(
            valid(new ArticleDraft("T", "<p>Hello</p>", "text", null, null, null, null, "o"))
                .getBodyFormat())
        .isEqualTo(BodyFormat.TEXT);
  }

  @Test
  void reportsEveryProblemWithItsField() {
    ArticleDraft bad =
        new ArticleDraft(
            " ", "x".repeat(2_001), "pdf", "ftp://x.org/a", "15/07/2016", null, "english!", "o");
    assertThatThrownBy(() -> valid(bad))
        .isInstanceOf(InvalidArticleException.class)
        .satisfies(
            e ->
                assertThat(((InvalidArticleException) e).reasons())
                    .containsExactly(
                        "title: must not be empty",
                        "body: article is 2001 bytes, more than the 2000 allowed (ingest.max.article.bytes)",
                        "bodyFormat: 'pdf' is neither text nor html",
                        "url: URL must be absolute, with http or https, got 'ftp://x.org/a'",
                        "publishedAt: '15/07/2016' is not an ISO-8601 time with offset (e.g. 2016-07-15T10:00:00Z) or a date (2016-07-15)",
                        "language: 'english!' is not a language tag such as en or pt-BR"));
  }

  @Test
  void acceptsADateWithoutTimeAsMidnightUtc() throws Exception {
    assertThat(
            valid(new ArticleDraft("T", "B", null, null, "1987-02-26", null, null, "o"))
                .getPublishedAt())
        .isEqualTo(Instant.parse("1987-02-26T00:00:00Z"));
  }
}
