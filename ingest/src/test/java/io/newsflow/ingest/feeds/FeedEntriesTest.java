package io.newsflow.ingest.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import io.newsflow.avro.BodyFormat;
import io.newsflow.avro.IngestChannel;
import io.newsflow.avro.RawArticle;
import io.newsflow.ingest.ArticleDraft;
import io.newsflow.ingest.internal.ArticleValidator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** From RSS 2.0 and Atom documents to article drafts and seen-keys. */
class FeedEntriesTest {
  private static final String RSS_URL = "https://gazette.example/feed.rss";
  private static final String ATOM_URL = "https://berg.example/feeds/atom.xml";

  static final String RSS =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
        <channel>
          <title>Harbour Gazette</title>
          <link>https://gazette.example/</link>
          <description>News from the harbour</description>
          <language>en-gb</language>
          <item>
            <title>Ferry timetable changes</title>
            <link>https://gazette.example/ferry</link>
            <guid isPermaLink="false">gazette-1001</guid>
            <pubDate>Fri, 15 Jul 2016 10:00:00 GMT</pubDate>
            <description>The ferry leaves earlier.</description>
            <content:encoded><![CDATA[<p>The ferry <b>leaves</b> at six from Monday.</p>]]></content:encoded>
          </item>
          <item>
            <title>Market day moves</title>
            <link>https://gazette.example/market</link>
            <pubDate>Sat, 16 Jul 2016 08:00:00 +0200</pubDate>
            <description>Stalls open at nine &amp; close at two.</description>
          </item>
          <item>
            <title>Tides</title>
            <pubDate>Sun, 17 Jul 2016 06:00:00 GMT</pubDate>
            <description>High water at noon.</description>
          </item>
        </channel>
      </rss>
      """;

  static final String ATOM =
      """
      <?xml version="1.0" encoding="utf-8"?>
      <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">
        <title>Bergblatt</title>
        <id>urn:uuid:3a1c0f52-bergblatt</id>
        <updated>2016-07-15T12:00:00Z</updated>
        <link href="https://berg.example/"/>
        <entry>
          <title>Seilbahn eröffnet</title>
          <id>urn:uuid:3a1c0f52-1</id>
          <link rel="alternate" href="https://berg.example/seilbahn"/>
          <published>2016-07-15T09:30:00+02:00</published>
          <updated>2016-07-15T11:00:00Z</updated>
          <summary>Kurz gesagt</summary>
          <content type="html">&lt;p&gt;Die Seilbahn fährt wieder.&lt;/p&gt;</content>
        </entry>
        <entry>
          <title>Wetter</title>
          <id>urn:uuid:3a1c0f52-2</id>
          <link href="/wetter"/>
          <updated>2016-07-14T08:00:00Z</updated>
          <summary type="text">Sonnig, später Gewitter.</summary>
        </entry>
      </feed>
      """;

  static SyndFeed parse(String xml) throws Exception {
    return FeedEntries.parse(xml.getBytes(StandardCharsets.UTF_8), "application/xml");
  }

  private static List<ArticleDraft> drafts(String url, SyndFeed feed) {
    return feed.getEntries().stream().map(e -> FeedEntries.draft(url, feed, e)).toList();
  }

  @Test
  void rssItemsBecomeDraftsWithContentLinkDateSourceAndLanguage() throws Exception {
    List<ArticleDraft> drafts = drafts(RSS_URL, parse(RSS));

    assertThat(drafts).hasSize(3);
    ArticleDraft ferry = drafts.get(0);
    assertThat(ferry.title()).isEqualTo("Ferry timetable changes");
    assertThat(ferry.body()).isEqualTo("<p>The ferry <b>leaves</b> at six from Monday.</p>");
    assertThat(ferry.bodyFormat()).isEqualTo("html");
    assertThat(ferry.url()).isEqualTo("https://gazette.example/ferry");
    assertThat(ferry.publishedAt()).isEqualTo("2016-07-15T10:00:00Z");
    assertThat(ferry.source()).isEqualTo("Harbour Gazette");
    assertThat(ferry.language()).isEqualTo("en-gb");
    assertThat(ferry.origin()).isEqualTo(RSS_URL + "#gazette-1001");
  }

  @Test
  void anRssItemWithoutContentTakesItsDescriptionAndWithoutGuidIsKnownByItsLink() throws Exception {
    ArticleDraft market = drafts(RSS_URL, parse(RSS)).get(1);

    // RSS 2.0 descriptions are HTML by definition (entity-encoded)
    assertThat(market.body()).isEqualTo("Stalls open at nine & close at two.");
    assertThat(market.bodyFormat()).isEqualTo("html");
    assertThat(market.publishedAt()).isEqualTo("2016-07-16T06:00:00Z");
    assertThat(market.origin()).isEqualTo(RSS_URL + "#https://gazette.example/market");
  }

  @Test
  void atomEntriesBecomeDraftsWithContentElseSummaryAndPublishedElseUpdated() throws Exception {
    List<ArticleDraft> drafts = drafts(ATOM_URL, parse(ATOM));

    assertThat(drafts).hasSize(2);
    ArticleDraft cableCar = drafts.get(0);
    assertThat(cableCar.title()).isEqualTo("Seilbahn eröffnet");
    assertThat(cableCar.body()).isEqualTo("<p>Die Seilbahn fährt wieder.</p>");
    assertThat(cableCar.bodyFormat()).isEqualTo("html");
    assertThat(cableCar.url()).isEqualTo("https://berg.example/seilbahn");
    assertThat(cableCar.publishedAt()).isEqualTo("2016-07-15T07:30:00Z");
    assertThat(cableCar.source()).isEqualTo("Bergblatt");
    assertThat(cableCar.language()).isEqualTo("de");
    assertThat(cableCar.origin()).isEqualTo(ATOM_URL + "#urn:uuid:3a1c0f52-1");

    ArticleDraft weather = drafts.get(1);
    assertThat(weather.body()).isEqualTo("Sonnig, später Gewitter.");
    assertThat(weather.bodyFormat()).isEqualTo("text");
    assertThat(weather.publishedAt()).isEqualTo("2016-07-14T08:00:00Z");
    assertThat(weather.url())
        .as("relative link, against the feed URL")
        .isEqualTo("https://berg.example/wetter");
  }

  @Test
  void theDraftsPassTheValidator() throws Exception {
    ArticleValidator validator = new ArticleValidator(100_000, null);
    Instant now = Instant.parse("2026-11-26T08:00:00Z");
    for (ArticleDraft draft :
        List.of(drafts(RSS_URL, parse(RSS)).get(0), drafts(ATOM_URL, parse(ATOM)).get(1))) {
      RawArticle article = validator.validate(draft, IngestChannel.FEED, now);
      assertThat(article.getChannel()).isEqualTo(IngestChannel.FEED);
      assertThat(article.getOrigin()).isEqualTo(draft.origin());
    }
    RawArticle ferry =
        validator.validate(drafts(RSS_URL, parse(RSS)).get(0), IngestChannel.FEED, now);
    assertThat(ferry.getBodyFormat()).isEqualTo(BodyFormat.HTML);
    assertThat(ferry.getPublishedAt()).isEqualTo(Instant.parse("2016-07-15T10:00:00Z"));
  }

  @Test
  void keysAreStableAcrossFetchesAndDistinctWithinAFeed() throws Exception {
    List<String> first = parse(RSS).getEntries().stream().map(FeedEntries::key).toList();
    List<String> again = parse(RSS).getEntries().stream().map(FeedEntries::key).toList();

    assertThat(first).isEqualTo(again).doesNotHaveDuplicates();
    assertThat(first).allSatisfy(k -> assertThat(k).matches("[0-9a-f]{32}"));
  }

  @Test
  void anEntryWithNeitherGuidNorLinkIsKnownByItsTitleAndDate() throws Exception {
    SyndEntry tides = parse(RSS).getEntries().get(2);
    SyndEntry laterTides =
        parse(RSS.replace("Sun, 17 Jul 2016 06:00:00 GMT", "Sun, 17 Jul 2016 18:00:00 GMT"))
            .getEntries()
            .get(2);

    assertThat(FeedEntries.identity(tides)).isNull();
    assertThat(FeedEntries.key(tides)).isNotEqualTo(FeedEntries.key(laterTides));
    assertThat(FeedEntries.draft(RSS_URL, parse(RSS), tides).origin())
        .isEqualTo(RSS_URL + "#" + FeedEntries.key(tides));
  }

  @Test
  void findsTheEncodingFromTheXmlPrologOrTheContentType() throws Exception {
    String latin1 =
        RSS.replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"")
            .replace("Ferry timetable changes", "Fähre fährt früher");
    SyndFeed fromProlog =
        FeedEntries.parse(latin1.getBytes(StandardCharsets.ISO_8859_1), "application/rss+xml");
    SyndFeed fromHeader =
        FeedEntries.parse(
            latin1
                .replace("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>", "")
                .strip()
                .getBytes(StandardCharsets.ISO_8859_1),
            "text/xml; charset=ISO-8859-1");

    assertThat(fromProlog.getEntries().get(0).getTitle()).isEqualTo("Fähre fährt früher");
    assertThat(fromHeader.getEntries().get(0).getTitle()).isEqualTo("Fähre fährt früher");
  }

  @Test
  void refusesWhatIsNoFeed() {
    assertThatThrownBy(() -> parse("<html><body>Not a feed</body></html>"))
        .isInstanceOfAny(FeedException.class, IllegalArgumentException.class);
    assertThatThrownBy(() -> parse("<rss version=\"2.0\"><channel><title>cut off"))
        .isInstanceOf(FeedException.class);
  }

  @Test
  void refusesDocumentsWithADoctypeSoNoExternalEntityIsRead() {
    String withEntity =
        RSS.replace(
                "<rss version",
                "<!DOCTYPE rss [<!ENTITY secret SYSTEM \"file:///etc/hostname\">]>\n<rss version")
            .replace("Harbour Gazette", "&secret;");

    assertThatThrownBy(() -> parse(withEntity)).isInstanceOf(FeedException.class);
  }

  @Test
  void mapsContentTypesToBodyFormats() {
    assertThat(FeedEntries.bodyFormat("html")).isEqualTo("html");
    assertThat(FeedEntries.bodyFormat("xhtml")).isEqualTo("html");
    assertThat(FeedEntries.bodyFormat("text/html")).isEqualTo("html");
    assertThat(FeedEntries.bodyFormat("text")).isEqualTo("text");
    assertThat(FeedEntries.bodyFormat("application/pdf")).isNull();
    assertThat(FeedEntries.bodyFormat(null)).isNull();
  }
}
