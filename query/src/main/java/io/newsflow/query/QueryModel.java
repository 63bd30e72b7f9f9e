package io.newsflow.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The answers of the query API as records: component names are the JSON field names (see
 * openapi.yaml), times are ISO-8601 instants in UTC, absent values are null.
 */
final class QueryModel {
  private QueryModel() {}

  /** An article in a list. {@code sortTime}: publication time, else arrival; lists order by it. */
  record ArticleSummary(
      String id,
      String title,
      String url,
      String publishedAt,
      String receivedAt,
      String sortTime,
      String source,
      String publisher,
      String language) {}

  record Article(
      String id,
      String title,
      String cleanTitle,
      String url,
      String publishedAt,
      String receivedAt,
      String enrichedAt,
      String sortTime,
      String source,
      String publisher,
      String language,
      String detectedLanguage,
      String channel,
      int wordCount,
      String text,
      Story story,
      List<ArticleEntity> entities,
      List<Quote> quotes,
      List<Link> links) {}

  /** The story an article is in: its id (its first article's) and how many stored articles. */
  record Story(String id, long articleCount, String firstAt, String lastAt) {}

  record ArticleEntity(
      String id,
      String name,
      String type,
      float confidence,
      int mentionCount,
      List<Mention> mentions) {}

  /** Offsets into {@code text} (field BODY) or {@code cleanTitle} (TITLE). */
  record Mention(String field, int start, int end, String text) {}

  record Quote(
      String text,
      int start,
      int end,
      String speakerId,
      String speakerName,
      String cue,
      boolean block,
      float confidence) {}

  /** An outgoing link; {@code targetTitle} when the target is a stored article. */
  record Link(
      String type,
      String to,
      double score,
      JsonNode evidence,
      String targetName,
      String via,
      String createdAt,
      String targetTitle) {}

  record EntityRef(String id, String name, String type) {}

  /** An entity with the names it is known by (up to {@link QueryStore#MAX_NAMES}). */
  record Entity(String id, String name, String type, List<String> names) {}

  record EntityArticle(
      String id,
      String title,
      String url,
      String publishedAt,
      String sortTime,
      String source,
      String language,
      float confidence,
      int mentionCount) {}

  record EntityArticles(Entity entity, List<EntityArticle> articles, String next) {}

  /**
   * A related or duplicate article. {@code stored}: whether the target article is in the store (its
   * title, url and times are null when not). {@code role} of a DUPLICATE: whether the target is the
   * {@code original} or the {@code copy}. {@code sharedEntities} of a RELATED: the shared entities
   * of its evidence that are in the store.
   */
  record RelatedArticle(
      String type,
      String id,
      double score,
      boolean stored,
      String title,
      String url,
      String publishedAt,
      String sortTime,
      String source,
      String role,
      List<EntityRef> sharedEntities,
      JsonNode evidence) {}

  record StoryArticles(String id, long articleCount, List<ArticleSummary> articles) {}

  record Related(ArticleSummary article, List<RelatedArticle> related, StoryArticles story) {}

  /** A search hit; {@code rank} and {@code headline} when searched by words. */
  record SearchHit(
      String id,
      String title,
      String url,
      String publishedAt,
      String sortTime,
      String source,
      String language,
      Float rank,
      String headline) {}

  /** {@code order}: {@code rank} when searched by words, else {@code time} (newest first). */
  record SearchResults(String order, List<SearchHit> results, String next) {}

  /** {@code match}: {@code exact} (a name folds to the key) or {@code prefix}. */
  record EntityMatch(
      String id,
      String name,
      String type,
      List<String> names,
      long articleCount,
      String match,
      String matchedName) {}

  record EntityLookup(String name, String key, List<EntityMatch> entities) {}
}
