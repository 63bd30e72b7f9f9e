package io.newsflow.ingest.internal;

import io.newsflow.ingest.ArticleDraft;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Comment;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;

/**
 * Reads a saved news page into an {@link ArticleDraft}, with jsoup:
 *
 * <ul>
 *   <li>url: {@code <link rel=canonical>}, else {@code og:url};
 *   <li>title: {@code og:title}, else the {@code <h1>} of the article, else {@code <title>} without
 *       a trailing " - Site" or " | Site" naming the {@code og:site_name};
 *   <li>body: the main content as HTML (the largest {@code <article>}, else {@code
 *       [itemprop=articleBody]}, else {@code <main>}, else {@code <body>}), without scripts,
 *       styles, navigation, headers, footers, asides, forms and comments; its links are made
 *       absolute against the page's base ({@code <base href>}, else the url), so that enrich can
 *       follow them;
 *   <li>publishedAt: {@code article:published_time}, else the first {@code <time datetime>} of the
 *       content, as an ISO-8601 instant in UTC;
 *   <li>source: {@code og:site_name}; language: {@code <html lang>}.
 * </ul>
 *
 * Whatever is missing stays null, for the validator to judge.
 */
final class HtmlPageReader {
  private static final String REMOVED =
      "script, style, noscript, template, nav, header, footer, aside, form";
  private static final Pattern OFFSET_WITHOUT_COLON = Pattern.compile("([+-]\\d{2})(\\d{2})$");

  private HtmlPageReader() {}

  /**
   * @param html the page, decoded
   * @param origin where the page was read, recorded on the draft
   */
  static ArticleDraft read(String html, String origin) {
    Document doc = Jsoup.parse(html);
    doc.outputSettings().prettyPrint(false);
    String url = firstAbsolute(doc, "link[rel=canonical]", "href", "meta[property=og:url]");
    if (url != null) {
      Element baseTag = doc.selectFirst("base[href]");
      doc.setBaseUri(url);
      String base = baseTag == null ? "" : baseTag.absUrl("href");
      doc.setBaseUri(base.isEmpty() ? url : base);
    }
    String siteName = meta(doc, "og:site_name");
    Element article =
        doc.select("article").stream()
            .max(Comparator.comparingInt(a -> a.text().length()))
            .orElse(null);
    Element content = article;
    for (String selector : List.of("[itemprop=articleBody]", "main", "body")) {
      if (content == null) {
        content = doc.selectFirst(selector);
      }
    }

    String title = meta(doc, "og:title");
    if (title == null && article != null) {
      Element h1 = article.selectFirst("h1");
      title = h1 == null || h1.text().isBlank() ? null : h1.text().strip();
    }
    if (title == null) {
      title = withoutSiteName(doc.title().strip(), siteName);
    }
    String publishedAt = publishedAt(doc, content);
    String language = doc.selectFirst("html") == null ? "" : doc.selectFirst("html").attr("lang");

    String body = "";
    if (content != null) {
      content.select(REMOVED).remove();
      content.nodeStream(Comment.class).toList().forEach(Node::remove);
      if (url != null) {
        for (Element linked : content.select("[href], [src]")) {
          for (String attribute : List.of("href", "src")) {
            String absolute = linked.hasAttr(attribute) ? linked.absUrl(attribute) : "";
            if (!absolute.isEmpty()) {
              linked.attr(attribute, absolute);
            }
          }
        }
      }
      // a body with no text left is empty, whatever markup remains: the validator says so
      body = content.text().isBlank() ? "" : content.html().strip();
    }
    return new ArticleDraft(
        title,
        body,
        "html",
        url,
        publishedAt,
        siteName,
        language.isBlank() ? null : language.strip().replace('_', '-'),
        origin);
  }

  private static String meta(Document doc, String property) {
    Element meta =
        doc.selectFirst(
            "meta[property=" + property + "][content], meta[name=" + property + "][content]");
    return meta == null || meta.attr("content").isBlank() ? null : meta.attr("content").strip();
  }

  private static String firstAbsolute(
      Document doc, String linkSelector, String attribute, String metaSelector) {
    Element link = doc.selectFirst(linkSelector + "[" + attribute + "]");
    if (link != null && !link.absUrl(attribute).isEmpty()) {
      return link.absUrl(attribute);
    }
    Element meta = doc.selectFirst(metaSelector + "[content]");
    if (meta != null && !meta.absUrl("content").isEmpty()) {
      return meta.absUrl("content");
    }
    return null;
  }

  /** "Title - Site", "Title | Site" (or with an en or em dash) to "Title" when Site is the site. */
  static String withoutSiteName(String title, String siteName) {
    if (siteName == null) {
      return title;
    }
    for (String separator : List.of(" - ", " | ", " – ", " — ")) {
      String suffix = separator + siteName;
      if (title.length() > suffix.length()
          && title.regionMatches(
              true, title.length() - suffix.length(), suffix, 0, suffix.length())) {
        return title.substring(0, title.length() - suffix.length()).strip();
      }
    }
    return title;
  }

  /**
   * The declared publication time as an instant; a {@code <time>} that is not a time with offset or
   * a date is skipped, but a declared {@code article:published_time} that cannot be read is passed
   * on as written, so that the validator reports it rather than the page silently losing its date.
   */
  private static String publishedAt(Document doc, Element content) {
    String declared = meta(doc, "article:published_time");
    if (declared != null) {
      Instant instant = instant(declared);
      return instant == null ? declared : instant.toString();
    }
    if (content != null) {
      for (Element time : content.select("time[datetime]")) {
        Instant instant = instant(time.attr("datetime"));
        if (instant != null) {
          return instant.toString();
        }
      }
    }
    return null;
  }

  /**
   * An HTML date or global date-and-time ({@code 2016-07-15}, {@code 2016-07-15T10:00:00+02:00},
   * {@code 2016-07-15 10:00Z}, {@code ...+0200}) as an instant; a time without offset is not one
   * (its zone is unknown), so null.
   */
  static Instant instant(String text) {
    String s = text.strip();
    try {
      if (s.length() == 10) {
        return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
      }
      if (s.length() > 10 && s.charAt(10) == ' ') {
        s = s.substring(0, 10) + 'T' + s.substring(11);
      }
      s = OFFSET_WITHOUT_COLON.matcher(s).replaceFirst("$1:$2");
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
