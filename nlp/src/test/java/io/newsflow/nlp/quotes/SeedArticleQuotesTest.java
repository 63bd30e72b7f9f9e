package io.newsflow.nlp.quotes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.newsflow.avro.BodyFormat;
import io.newsflow.avro.Entity;
import io.newsflow.avro.Link;
import io.newsflow.avro.LinkType;
import io.newsflow.avro.Quote;
import io.newsflow.nlp.entities.EntityExtractor;
import io.newsflow.nlp.text.Boilerplate;
import io.newsflow.nlp.text.TextCleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 4, points 3 and 4, on the sample article of {@code ../shared/samples/seed-article.txt}
 * (system property {@code newsflow.shared.dir}; skipped where it is absent), cleaned and read by
 * the entity extractor as the pipeline does: John Kerry's quotes are his, the spokesperson's
 * statement is John Kirby's, an official stays unnamed, and three outlets are cited, one through
 * its reporter.
 */
@DisplayName("issue 4: quotes and cited sources of the sample article")
class SeedArticleQuotesTest {
  private static String text;
  private static List<Entity> entities;
  private static List<Quote> quotes;
  private static List<Link> links;

  @BeforeAll
  static void readTheSample() throws Exception {
    Path sample =
        Path.of(
            System.getProperty("newsflow.shared.dir", "../../shared"),
            "samples",
            "seed-article.txt");
    assumeTrue(Files.isRegularFile(sample), "no " + sample + " (../shared is absent here)");
    List<String> lines = Files.readAllLines(sample);
    TextCleaner cleaner = new TextCleaner(Boilerplate.builtIn());
    String title = cleaner.cleanTitle(lines.get(0), BodyFormat.TEXT);
    text = cleaner.cleanBody(String.join("\n", lines.subList(1, lines.size())), BodyFormat.TEXT);
    entities = EntityExtractor.withDefaultKnowledgeBase().extract(title, text);
    quotes = new QuoteExtractor().extract(text, entities);
    links = new CitationExtractor().extract(text, entities);
  }

  private static String id(String name) {
    return entities.stream()
        .filter(e -> e.getName().equals(name))
        .map(Entity::getId)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no entity named " + name));
  }

  private static List<Quote> by(String name) {
    String id = id(name);
    return quotes.stream().filter(q -> id.equals(q.getSpeakerId())).toList();
  }

  @Test
  void everyQuoteIsTheCleanTextBetweenItsOffsets() {
    assertThat(quotes).isNotEmpty();
    assertThat(quotes)
        .allSatisfy(
            q -> assertThat(text.substring(q.getStart(), q.getEnd())).isEqualTo(q.getText()));
  }

  @Test
  void kerrysQuotesAreKerrys() {
    List<Quote> kerry = by("John Kerry");
    assertThat(kerry)
        .anySatisfy(
            q -> {
              assertThat(q.getBlock()).isTrue();
              assertThat(q.getCue()).isEqualTo("noted:");
              assertThat(q.getText()).contains("\n\n"); // his block runs over two paragraphs
            });
    // the quote in quotation marks after "the secretary of State noted"
    assertThat(kerry).anySatisfy(q -> assertThat(q.getBlock()).isFalse());
  }

  @Test
  void theSpokespersonsStatementIsKirbys() {
    assertThat(by("John Kirby"))
        .singleElement()
        .satisfies(
            q -> {
              assertThat(q.getBlock()).isTrue();
              assertThat(q.getCue()).isEqualTo("said");
            });
  }

  @Test
  void theUnnamedOfficialHasANameButNoEntity() {
    assertThat(quotes)
        .filteredOn(q -> q.getSpeakerName() != null && q.getSpeakerName().endsWith("official"))
        .isNotEmpty()
        .allSatisfy(q -> assertThat(q.getSpeakerId()).isNull());
  }

  @Test
  void thePassagesOfTheOutletsAreTheirsOrTheirReportersBlocks() {
    assertThat(by("The New York Times"))
        .singleElement()
        .satisfies(q -> assertThat(q.getBlock()).isTrue());
    assertThat(by("Reuters"))
        .singleElement()
        .satisfies(q -> assertThat(q.getCue()).isEqualTo("explains:"));
    assertThat(by("Josh Rogin")).singleElement().satisfies(q -> assertThat(q.getBlock()).isTrue());
  }

  @Test
  void theThreeOutletsAreCitedTheWashingtonPostThroughItsReporter() {
    assertThat(links).allSatisfy(l -> assertThat(l.getType()).isEqualTo(LinkType.CITES));
    assertThat(links)
        .extracting(Link::getTarget)
        .containsExactlyInAnyOrder(
            id("The New York Times"), id("The Washington Post"), id("Reuters"));
    Link wapo =
        links.stream()
            .filter(l -> l.getTarget().equals(id("The Washington Post")))
            .findFirst()
            .orElseThrow();
    assertThat(wapo.getVia()).isEqualTo("Josh Rogin");
    assertThat(wapo.getTargetName()).isEqualTo("The Washington Post");
    assertThat(wapo.getEvidence()).hasSize(2);
    Link nyt =
        links.stream()
            .filter(l -> l.getTarget().equals(id("The New York Times")))
            .findFirst()
            .orElseThrow();
    assertThat(nyt.getEvidence())
        .anySatisfy(e -> assertThat(e).startsWith("reports The New York Times"));
    assertThat(links).allSatisfy(l -> assertThat(l.getScore()).isEqualTo(1.0));
  }
}
