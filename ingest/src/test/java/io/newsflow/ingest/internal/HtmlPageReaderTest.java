package io.newsflow.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsflow.ingest.ArticleDraft;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

class HtmlPageReaderTest {

  private static final String NEWS_PAGE =
      """
      <!DOCTYPE html>
      <html lang="en_GB">
      <head>
        <meta charset="utf-8">
        <title>Harbour reopens after storm - The Coast Herald</title>
        <link rel="canonical" href="https://herald.example/news/2024/harbour-reopens?utm_source=x">
        <meta property="og:url" content="https://herald.example/other">
        <meta property="og:site_name" content="The Coast Herald">
        <meta property="article:published_time" content="2024-03-05T09:30:00+0100">
        <script>var tracking = "<a href='/ads'>";</script>
        <style>p { color: red }</style>
      </head>
      <body>
        <header><a href="/">Home</a></header>
        <nav><a href="/news">News</a></nav>
        <article class="teaser"><h2>Also read</h2></article>
        <article>
          <header><h1>Harbour reopens after the storm</h1>
            <time datetime="2024-03-05T10:00:00Z">5 March</time></header>
          <p>The port of <a href="/places/kingsport">Kingsport</a> reopened on Tuesday,
             said <a href="../../people/ana-costa">Ana Costa</a>.</p>
          <!-- an editor's note -->
          <figure><img src="img/harbour.jpg" alt="The harbour"></figure>
          <p>See <a href="https://other.example/report">the report</a>.</p>
          <aside><a href="/newsletter">Subscribe</a></aside>
          <form action="/comment"><input name="c"></form>
          <script>track();</script>
        </article>
        <footer><a href="/about">About</a></footer>
      </body>
      </html>
      """;

  @Test
  void readsTheArticleOfANewsPageWithAbsoluteLinks() {
    ArticleDraft draft = HtmlPageReader.read(NEWS_PAGE, "in/page.html");

    assertThat(draft.url())
        .isEqualTo("https://herald.example/news/2024/harbour-reopens?utm_source=x");
    assertThat(draft.title()).isEqualTo("Harbour reopens after the storm");
    assertThat(draft.publishedAt()).isEqualTo("2024-03-05T08:30:00Z");
    assertThat(draft.source()).isEqualTo("The Coast Herald");
    assertThat(draft.language()).isEqualTo("en-GB");
    assertThat(draft.bodyFormat()).isEqualTo("html");
    assertThat(draft.origin()).isEqualTo("in/page.html");

    Document body = Jsoup.parseBodyFragment(draft.body());
    assertThat(body.select("a[href]").eachAttr("href"))
        .containsExactly(
            "https://herald.example/places/kingsport",
            "https://herald.example/people/ana-costa",
            "https://other.example/report");
    assertThat(body.select("img").attr("src"))
        .isEqualTo("https://herald.example/news/2024/img/harbour.jpg");
    assertThat(draft.body())
        .contains("reopened on Tuesday")
        .doesNotContain("Harbour reopens after the storm") // in the article's <header>
        .doesNotContain("Also read")
        .doesNotContain("Subscribe")
        .doesNotContain("track()")
        .doesNotContain("editor's note")
        .doesNotContain("<form")
        .doesNotContain("About");
  }

  @Test
  void fallsBackToOgMetadataTitleTagAndTimeElement() {
    String page =
        """
        <html><head>
          <title>Rates held | Money Daily</title>
          <meta property="og:title" content="Central bank holds rates">
          <meta property="og:url" content="https://money.example/rates">
          <meta property="og:site_name" content="Money Daily">
        </head><body>
          <div itemprop="articleBody">
            <p>Held at <time datetime="2024-01-31 14:00:00-05:00">2 pm</time>,
               <a href="/markets">markets</a> calm.</p>
          </div>
        </body></html>
        """;
    ArticleDraft draft = HtmlPageReader.read(page, "rates.html");

    assertThat(draft.title()).isEqualTo("Central bank holds rates");
    assertThat(draft.url()).isEqualTo("https://money.example/rates");
    assertThat(draft.publishedAt()).isEqualTo("2024-01-31T19:00:00Z");
    assertThat(draft.language()).isNull();
    assertThat(draft.body())
        .startsWith("<p>Held at")
        .contains("href=\"https://money.example/markets\"");
  }

  @Test
  void titleTagLosesTheSiteNameOnlyWhenItIsTheSite() {
    assertThat(HtmlPageReader.withoutSiteName("Rates held | Money Daily", "Money Daily"))
        .isEqualTo("Rates held");
    assertThat(HtmlPageReader.withoutSiteName("Rates held - money daily", "Money Daily"))
        .isEqualTo("Rates held");
    assertThat(HtmlPageReader.withoutSiteName("Q&A - The Answer", "Money Daily"))
        .isEqualTo("Q&A - The Answer");
    assertThat(HtmlPageReader.withoutSiteName("Q&A - The Answer", null))
        .isEqualTo("Q&A - The Answer");

    String page =
        "<html><head><title>Storm warning - Coast News</title>"
            + "<meta property=og:site_name content='Coast News'></head>"
            + "<body><main><p>Text</p></main></body></html>";
    assertThat(HtmlPageReader.read(page, "p.html").title()).isEqualTo("Storm warning");
  }

  @Test
  void withoutAUrlLinksStayAsWrittenAndAPageWithoutTextHasNoBody() {
    String page = "<html><body><main><p><a href='/a'>A</a> text</p></main></body></html>";
    ArticleDraft draft = HtmlPageReader.read(page, "p.html");
    assertThat(draft.url()).isNull();
    assertThat(draft.title()).isEmpty();
    assertThat(draft.body()).isEqualTo("<p><a href=\"/a\">A</a> text</p>");

    ArticleDraft empty =
        HtmlPageReader.read("<html><body><nav>Menu</nav><img src=x></body></html>", "e.html");
    assertThat(empty.body()).isEmpty();
  }

  @Test
  void aBaseTagIsTheBaseOfRelativeLinks() {
    String page =
        "<html><head><base href='/archive/'>"
            + "<link rel=canonical href='https://site.example/story'></head>"
            + "<body><article><p><a href='older'>older</a></p></article></body></html>";
    assertThat(HtmlPageReader.read(page, "p.html").body())
        .contains("href=\"https://site.example/archive/older\"");
  }

  @Test
  void publishedTimesAreInstantsInUtc() {
    assertThat(HtmlPageReader.instant("2016-07-15")).hasToString("2016-07-15T00:00:00Z");
    assertThat(HtmlPageReader.instant("2016-07-15T10:00:00.5+02:00"))
        .hasToString("2016-07-15T08:00:00.500Z");
    assertThat(HtmlPageReader.instant("2016-07-15T10:00:00-0330"))
        .hasToString("2016-07-15T13:30:00Z");
    assertThat(HtmlPageReader.instant("2016-07-15T10:00")).isNull(); // no offset: zone unknown
    assertThat(HtmlPageReader.instant("yesterday")).isNull();

    String unreadable =
        "<html><head><meta property='article:published_time' content='last Tuesday'></head>"
            + "<body><p>x</p></body></html>";
    assertThat(HtmlPageReader.read(unreadable, "p.html").publishedAt()).isEqualTo("last Tuesday");
  }
}
