package io.newsflow.enrich;

import io.newsflow.avro.Link;
import io.newsflow.avro.LinkType;
import io.newsflow.schemas.ArticleIds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The hyperlinks of an HTML body as HYPERLINK links: each target made absolute (against the
 * article's URL), canonicalised as ingest canonicalises article URLs (tracking parameters dropped,
 * host lower-cased, fragment gone), kept once, with its anchor text. Links to the article itself,
 * to other schemes than http(s), or within the page are left out.
 */
public final class HtmlLinks {
  private static final int MAX_LINKS = 200;

  private HtmlLinks() {}

  public static List<Link> extract(String html, String articleUrl) {
    Document doc = Jsoup.parse(html, articleUrl == null ? "" : articleUrl);
    String self = null;
    if (articleUrl != null) {
      try {
        self = ArticleIds.canonicalUrl(articleUrl);
      } catch (IllegalArgumentException e) {
        self = null;
      }
    }
    Map<String, Link> byUrl = new LinkedHashMap<>();
    for (Element a : doc.select("a[href]")) {
      String href = a.absUrl("href");
      if (href.isEmpty()) {
        href = a.attr("href");
      }
      String url;
      try {
        url = ArticleIds.canonicalUrl(href);
      } catch (IllegalArgumentException e) {
        continue; // mailto:, javascript:, #fragment, relative without a base
      }
      if (url.equals(self) || byUrl.containsKey(url)) {
        continue;
      }
      String anchor = a.text().strip();
      List<String> evidence = new ArrayList<>();
      if (!anchor.isEmpty()) {
        evidence.add(anchor.length() > 300 ? anchor.substring(0, 300) : anchor);
      }
      byUrl.put(
          url,
          Link.newBuilder()
              .setType(LinkType.HYPERLINK)
              .setTarget(url)
              .setScore(1.0)
              .setEvidence(evidence)
              .setTargetName(anchor.isEmpty() ? null : evidence.get(0))
              .setVia(null)
              .build());
      if (byUrl.size() >= MAX_LINKS) {
        break;
      }
    }
    return new ArrayList<>(byUrl.values());
  }
}
