package io.newsflow.query;

import static io.newsflow.query.QueryStore.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.newsflow.query.QueryModel.ArticleSummary;
import io.newsflow.query.QueryModel.EntityRef;
import io.newsflow.query.QueryModel.RelatedArticle;
import io.newsflow.query.QueryModel.Story;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
    ArticleSummary article;
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + SUMMARY_COLUMNS + " FROM articles a WHERE a.id = ?")) {
      ps.setString(1, articleId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        article = summary(rs);
      }
    }
    record Row(
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
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT l.type, l.to_id, l.score, l.evidence::text AS evidence,"
                + " t.id IS NOT NULL AS stored, t.title, t.url, t.published_at,"
                + " t.sort_time, t.source"
                + " FROM links l LEFT JOIN articles t ON t.id = l.to_id"
                + " WHERE l.from_id = ? AND l.type = ANY (?)"
                + " ORDER BY l.type = 'DUPLICATE' DESC, l.score DESC, l.to_id"
                + " LIMIT ?")) {
      ps.setString(1, articleId);
      ps.setArray(2, c.createArrayOf("text", types.toArray(String[]::new)));
      ps.setInt(3, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(
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
                  json(rs.getString("evidence"))));
        }
      }
    }
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
    Story story = ArticleQueries.story(c, articleId);
    List<ArticleSummary> members = new ArrayList<>();
    if (story != null) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT "
                  + SUMMARY_COLUMNS
                  + " FROM story_members s JOIN articles a ON a.id = s.article_id"
                  + " WHERE s.story_id = ? AND s.article_id <> ?"
                  + " ORDER BY a.sort_time DESC, a.id DESC LIMIT ?")) {
        ps.setString(1, story.id());
        ps.setString(2, articleId);
        ps.setInt(3, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            members.add(summary(rs));
          }
        }
      }
    }
    return Optional.of(new RelatedAnswer(article, related, story, members));
  }
}
