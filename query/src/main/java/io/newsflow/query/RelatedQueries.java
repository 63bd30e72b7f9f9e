package io.newsflow.query;

import static io.newsflow.query.QueryStore.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.newsflow.query.QueryModel.ArticleSummary;
import io.newsflow.query.QueryModel.EntityRef;
import io.newsflow.query.QueryModel.RelatedArticle;
import io.newsflow.query.QueryModel.Story;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The reads of {@code GET /v1/articles/{id}/related}: an article's related and duplicate articles
 * and the other articles of its story.
 */
final class RelatedQueries {
  private RelatedQueries() {}

  /**
   * The article's RELATED and DUPLICATE links of the given types, duplicates first, each type
   * strongest first, and the other articles of its story, newest first; empty when the article is
   * unknown.
   */
  static Optional<RelatedAnswer> related(
      Connection c, String articleId, Set<String> types, int limit) throws SQLException {
    List<ArticleSummary> found =
        Rows.list(
            c,
            "SELECT " + SUMMARY_COLUMNS + " FROM articles a WHERE a.id = ?",
            QueryStore::summary,
            articleId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    List<Row> rows = linkRows(c, articleId, types, limit);
    Story story = ArticleQueries.story(c, articleId);
    List<ArticleSummary> members =
        story == null ? new ArrayList<>() : storyMembers(c, story, articleId, limit);
    return Optional.of(new RelatedAnswer(found.get(0), relatedArticles(c, rows), story, members));
  }

  /** A RELATED or DUPLICATE link of the article, with what the store has of its target. */
  private record Row(
      String type,
      String to,
      double score,
      boolean stored,
      String title,
      String url,
      String publishedAt,
      String sortTime,
      String source,
      JsonNode evidence) {}

  private static List<Row> linkRows(Connection c, String articleId, Set<String> types, int limit)
      throws SQLException {
    return Rows.list(
        c,
        "SELECT l.type, l.to_id, l.score, l.evidence::text AS evidence,"
            + " t.id IS NOT NULL AS stored, t.title, t.url, t.published_at,"
            + " t.sort_time, t.source"
            + " FROM links l LEFT JOIN articles t ON t.id = l.to_id"
            + " WHERE l.from_id = ? AND l.type = ANY (?)"
            + " ORDER BY l.type = 'DUPLICATE' DESC, l.score DESC, l.to_id"
            + " LIMIT ?",
        rs ->
            new Row(
                rs.getString("type"),
                rs.getString("to_id"),
                rs.getDouble("score"),
                rs.getBoolean("stored"),
                rs.getString("title"),
                rs.getString("url"),
                time(rs, "published_at"),
                time(rs, "sort_time"),
                rs.getString("source"),
                json(rs.getString("evidence"))),
        articleId,
        types,
        limit);
  }

  /** The links as answered: a duplicate's role, a related link's shared entities. */
  private static List<RelatedArticle> relatedArticles(Connection c, List<Row> rows)
      throws SQLException {
    // the shared entities of every RELATED link of the page, resolved in one query
    Set<String> entityIds = new LinkedHashSet<>();
    for (Row row : rows) {
      if (row.type().equals("RELATED")) {
        entityIds.addAll(strings(row.evidence()));
      }
    }
    Map<String, EntityRef> entities = entityRefs(c, entityIds);
    List<RelatedArticle> related = new ArrayList<>();
    for (Row row : rows) {
      List<String> evidence = strings(row.evidence());
      String role = null;
      List<EntityRef> shared = null;
      if (row.type().equals("DUPLICATE")) {
        role =
            evidence.contains("original") ? "original" : evidence.contains("copy") ? "copy" : null;
      } else {
        shared = evidence.stream().map(entities::get).filter(Objects::nonNull).toList();
      }
      related.add(
          new RelatedArticle(
              row.type(),
              row.to(),
              row.score(),
              row.stored(),
              row.title(),
              row.url(),
              row.publishedAt(),
              row.sortTime(),
              row.source(),
              role,
              shared,
              row.evidence()));
    }
    return related;
  }

  /** The story's other articles, newest first. */
  private static List<ArticleSummary> storyMembers(
      Connection c, Story story, String articleId, int limit) throws SQLException {
    return Rows.list(
        c,
        "SELECT "
            + SUMMARY_COLUMNS
            + " FROM story_members s JOIN articles a ON a.id = s.article_id"
            + " WHERE s.story_id = ? AND s.article_id <> ?"
            + " ORDER BY a.sort_time DESC, a.id DESC LIMIT ?",
        QueryStore::summary,
        story.id(),
        articleId,
        limit);
  }
}
