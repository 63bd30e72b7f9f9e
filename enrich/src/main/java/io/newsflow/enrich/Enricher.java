package io.newsflow.enrich;

import io.newsflow.avro.BodyFormat;
import io.newsflow.avro.EnrichedArticle;
import io.newsflow.avro.Entity;
import io.newsflow.avro.Link;
import io.newsflow.avro.Quote;
import io.newsflow.avro.RawArticle;
import io.newsflow.nlp.entities.EntityExtractor;
import io.newsflow.nlp.quotes.CitationExtractor;
import io.newsflow.nlp.quotes.QuoteExtractor;
import io.newsflow.nlp.text.LanguageDetector;
import io.newsflow.nlp.text.TextCleaner;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The enrichment of one article: {@link RawArticle} in, {@link EnrichedArticle} out. It cleans the
 * text, counts words, detects the language when none was declared, and extracts and links the
 * entities of English articles; other languages pass with their language marked and no entities.
 * What an article carries itself is found here too: in English, its direct quotes with their
 * speakers and the outlets it cites as sources; in HTML, its hyperlinks. Links between articles are
 * built later in the stream (see {@link io.newsflow.enrich.links.LinkTopology}). Thread-safe.
 */
final class Enricher {
  private final TextCleaner cleaner;
  private final EntityExtractor extractor;
  private final Clock clock;
  private final QuoteExtractor quotes = new QuoteExtractor();
  private final CitationExtractor citations = new CitationExtractor();

  public Enricher(TextCleaner cleaner, EntityExtractor extractor, Clock clock) {
    this.cleaner = cleaner;
    this.extractor = extractor;
    this.clock = clock;
  }

  public EnrichedArticle enrich(RawArticle raw) {
    String cleanTitle = cleaner.cleanTitle(raw.getTitle(), raw.getBodyFormat());
    String cleanText = cleaner.cleanBody(raw.getBody(), raw.getBodyFormat());
    String detected =
        raw.getLanguage() == null ? LanguageDetector.detect(cleanTitle + "\n\n" + cleanText) : null;
    String language = raw.getLanguage() != null ? raw.getLanguage() : detected;
    List<Entity> entities =
        isEnglish(language) ? extractor.extract(cleanTitle, cleanText) : List.of();
    List<Link> links = new ArrayList<>();
    List<Quote> quoted = List.of();
    if (isEnglish(language)) {
      links.addAll(citations.extract(cleanText, entities));
      quoted = quotes.extract(cleanText, entities);
    }
    if (raw.getBodyFormat() == BodyFormat.HTML) {
      links.addAll(HtmlLinks.extract(raw.getBody(), raw.getUrl()));
    }
    return EnrichedArticle.newBuilder()
        .setId(raw.getId())
        .setTitle(raw.getTitle())
        .setBody(raw.getBody())
        .setBodyFormat(raw.getBodyFormat())
        .setUrl(raw.getUrl())
        .setPublishedAt(raw.getPublishedAt())
        .setReceivedAt(raw.getReceivedAt())
        .setSource(raw.getSource())
        .setLanguage(raw.getLanguage())
        .setPublisher(raw.getPublisher())
        .setChannel(raw.getChannel())
        .setOrigin(raw.getOrigin())
        .setCleanTitle(cleanTitle)
        .setCleanText(cleanText)
        .setWordCount(TextCleaner.wordCount(cleanText))
        .setDetectedLanguage(detected)
        .setEnrichedAt(clock.instant())
        .setEntities(entities)
        .setLinks(links)
        .setQuotes(quoted)
        .build();
  }

  /** English, or unknown (a text too short to tell is read as English). */
  static boolean isEnglish(String language) {
    return language == null || language.toLowerCase(Locale.ROOT).startsWith("en");
  }
}
