package io.newsflow.ingest.internal;

import io.newsflow.avro.BodyFormat;
import io.newsflow.avro.IngestChannel;
import io.newsflow.avro.RawArticle;
import io.newsflow.ingest.ArticleDraft;
import io.newsflow.ingest.IngestConfig;
import io.newsflow.ingest.InvalidArticleException;
import io.newsflow.schemas.ArticleIds;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks an {@link ArticleDraft} and turns it into a {@link RawArticle} with a stable id. Every
 * problem is collected, so a publisher learns all of them at once.
 */
public final class ArticleValidator {
  private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*");
  private static final Pattern HTML_HINT =
      Pattern.compile(
          "<\\s*(p|div|br|a|span|html|body|article|section|h[1-6]|ul|ol|li|em|strong|b|i|blockquote|table)\\b[^>]*>",
          Pattern.CASE_INSENSITIVE);
  private static final int MAX_TITLE_CHARS = 1_000;

  private final int maxArticleBytes;
  private final String defaultLanguage;

  public ArticleValidator(int maxArticleBytes, String defaultLanguage) {
    this.maxArticleBytes = maxArticleBytes;
    this.defaultLanguage = defaultLanguage;
  }

  public ArticleValidator(IngestConfig config) {
    this(config.maxArticleBytes(), config.defaultLanguage());
  }

  public RawArticle validate(ArticleDraft draft, IngestChannel channel, Instant receivedAt)
      throws InvalidArticleException {
    return validate(draft, channel, receivedAt, null);
  }

  /**
   * Checks a draft and builds the raw article: text in Unicode NFC, times in UTC, the URL
   * canonical, the id derived from it (else from the content).
   *
   * @param publisher the authenticated publisher, recorded on the article, or null
   * @throws InvalidArticleException with every problem found, each naming its field
   */
  public RawArticle validate(
      ArticleDraft draft, IngestChannel channel, Instant receivedAt, String publisher)
      throws InvalidArticleException {
    List<String> reasons = new ArrayList<>();
    String title = nfc(draft.title()).strip();
    String body = nfc(draft.body());
    if (title.isEmpty()) {
      reasons.add("title: must not be empty");
    } else if (title.length() > MAX_TITLE_CHARS) {
      reasons.add(
          "title: "
              + title.length()
              + " characters, more than the "
              + MAX_TITLE_CHARS
              + " allowed");
    }
    if (body.isBlank()) {
      reasons.add("body: must not be empty");
    }
    int bytes =
        title.getBytes(StandardCharsets.UTF_8).length
            + body.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxArticleBytes) {
      reasons.add(
          "body: article is "
              + bytes
              + " bytes, more than the "
              + maxArticleBytes
              + " allowed (ingest.max.article.bytes)");
    }
    BodyFormat format = bodyFormat(draft.bodyFormat(), body, reasons);
    String url = null;
    if (draft.url() != null && !draft.url().isBlank()) {
      try {
        url = ArticleIds.canonicalUrl(draft.url());
      } catch (IllegalArgumentException e) {
        reasons.add("url: " + e.getMessage());
      }
    }
    Instant publishedAt = null;
    if (draft.publishedAt() != null && !draft.publishedAt().isBlank()) {
      try {
        publishedAt = parseTime(draft.publishedAt().strip());
      } catch (DateTimeParseException e) {
        reasons.add(
            "publishedAt: '"
                + draft.publishedAt()
                + "' is not an ISO-8601 time with offset (e.g. 2016-07-15T10:00:00Z) or a date (2016-07-15)");
      }
    }
    String language =
        draft.language() == null || draft.language().isBlank()
            ? defaultLanguage
            : draft.language().strip();
    if (language != null && !LANGUAGE_TAG.matcher(language).matches()) {
      reasons.add("language: '" + language + "' is not a language tag such as en or pt-BR");
    }
    if (!reasons.isEmpty()) {
      throw new InvalidArticleException(reasons);
    }
    return RawArticle.newBuilder()
        .setId(ArticleIds.forArticle(url, title, body))
        .setTitle(title)
        .setBody(body)
        .setBodyFormat(format)
        .setUrl(url)
        .setPublishedAt(publishedAt)
        .setReceivedAt(receivedAt)
        .setSource(blankToNull(nfc(draft.source())))
        .setLanguage(language)
        .setPublisher(publisher)
        .setChannel(channel)
        .setOrigin(draft.origin())
        .build();
  }

  private static BodyFormat bodyFormat(String declared, String body, List<String> reasons) {
    if (declared == null || declared.isBlank()) {
      return HTML_HINT.matcher(body).find() ? BodyFormat.HTML : BodyFormat.TEXT;
    }
    switch (declared.strip().toLowerCase(Locale.ROOT)) {
      case "text", "plain", "text/plain":
        return BodyFormat.TEXT;
      case "html", "text/html":
        return BodyFormat.HTML;
      default:
        reasons.add("bodyFormat: '" + declared + "' is neither text nor html");
        return BodyFormat.TEXT;
    }
  }

  static Instant parseTime(String text) {
    if (text.length() == 10) {
      return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
    }
    return OffsetDateTime.parse(text).toInstant();
  }

  /** Unicode NFC, so that the same text composed two ways is one text (and one id). */
  private static String nfc(String s) {
    return s == null ? "" : Normalizer.normalize(s, Normalizer.Form.NFC);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
