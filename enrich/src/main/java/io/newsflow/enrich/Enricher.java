package io.newsflow.enrich;

import io.newsflow.avro.EnrichedArticle;
import io.newsflow.avro.RawArticle;
import java.time.Clock;
import java.util.List;

/**
 * The enrichment of one article: {@link RawArticle} in, {@link EnrichedArticle} out. Today it
 * cleans the text and counts words; entities and links stay empty until their stages exist (no
 * invented entities). Thread-safe.
 */
public final class Enricher {
  private final TextCleaner cleaner;
  private final Clock clock;

  public Enricher(TextCleaner cleaner, Clock clock) {
    this.cleaner = cleaner;
    this.clock = clock;
  }

  public EnrichedArticle enrich(RawArticle raw) {
    String cleanText = cleaner.cleanBody(raw.getBody(), raw.getBodyFormat());
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
        .setCleanTitle(cleaner.cleanTitle(raw.getTitle(), raw.getBodyFormat()))
        .setCleanText(cleanText)
        .setWordCount(TextCleaner.wordCount(cleanText))
        .setEnrichedAt(clock.instant())
        .setEntities(List.of())
        .setLinks(List.of())
        .build();
  }
}
