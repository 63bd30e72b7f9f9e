package io.newsflow.query;

import static io.newsflow.query.QueryStore.*;

import io.newsflow.query.QueryModel.Article;
import io.newsflow.query.QueryModel.ArticleEntity;
import io.newsflow.query.QueryModel.Link;
import io.newsflow.query.QueryModel.Mention;
import io.newsflow.query.QueryModel.Quote;
import io.newsflow.query.QueryModel.Story;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reads of {@code GET /v1/articles/{id}}: the article, its story, entities with their mentions,
 * quotes and links; each takes the connection of one read-only transaction.
 */
final class ArticleQueries {
  private ArticleQueries() {}

  /** The article with its story, entities, quotes and links; empty when it is unknown. */
  static Optional<Article> article(Connection c, String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, title, clean_title, url, published_at, received_at, enriched_at,"
                + " sort_time, source, publisher, language, detected_language, channel,"
                + " word_count, clean_text FROM articles WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        // the driver has read the row already: the other queries may run meanwhile
        return Optional.of(
            new Article(
                rs.getString("id"),
                rs.getString("title"),
                rs.getString("clean_title"),
                rs.getString("url"),
                time(rs, "published_at"),
                time(rs, "received_at"),
                time(rs, "enriched_at"),
                time(rs, "sort_time"),
                rs.getString("source"),
                rs.getString("publisher"),
                rs.getString("language"),
                rs.getString("detected_language"),
                rs.getString("channel"),
                rs.getInt("word_count"),
                rs.getString("clean_text"),
                story(c, id),
                articleEntities(c, id),
                quotes(c, id),
                links(c, id)));
      }
    }
  }

  static Story story(Connection c, String articleId) throws SQLException {
    String storyId = null;
    try (PreparedStatement ps =
        c.prepareStatement("SELECT story_id FROM story_members WHERE article_id = ?")) {
      ps.setString(1, articleId);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          storyId = rs.getString(1);
        }
      }
    }
    if (storyId == null) {
      return null;
    }
    // by id alone, so that the view's grouping is computed for this story only
    try (PreparedStatement ps =
        c.prepareStatement("SELECT article_count, first_at, last_at FROM stories WHERE id = ?")) {
      ps.setString(1, storyId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? new Story(
                storyId, rs.getLong("article_count"), time(rs, "first_at"), time(rs, "last_at"))
            : new Story(storyId, 0, null, null);
      }
    }
  }

  private static List<ArticleEntity> articleEntities(Connection c, String articleId)
      throws SQLException {
    Map<String, List<Mention>> mentions = new HashMap<>();
    Rows.each(
        c,
        "SELECT entity_id, field, start_offset, end_offset, text FROM mentions"
            + " WHERE article_id = ? ORDER BY field = 'TITLE' DESC, start_offset, end_offset",
        rs -> {
          mentions
              .computeIfAbsent(rs.getString("entity_id"), k -> new ArrayList<>())
              .add(
                  new Mention(
                      rs.getString("field"),
                      rs.getInt("start_offset"),
                      rs.getInt("end_offset"),
                      rs.getString("text")));
        },
        articleId);
    List<ArticleEntity> out = new ArrayList<>();
    Rows.each(
        c,
        "SELECT e.id, e.name, e.type, ae.confidence, ae.mention_count"
            + " FROM article_entities ae JOIN entities e ON e.id = ae.entity_id"
            + " WHERE ae.article_id = ?"
            + " ORDER BY ae.confidence DESC, ae.mention_count DESC, e.id",
        rs -> {
          String entityId = rs.getString("id");
          out.add(
              new ArticleEntity(
                  entityId,
                  rs.getString("name"),
                  rs.getString("type"),
                  rs.getFloat("confidence"),
                  rs.getInt("mention_count"),
                  mentions.getOrDefault(entityId, List.of())));
        },
        articleId);
    return out;
  }

  private static List<Quote> quotes(Connection c, String articleId) throws SQLException {
    List<Quote> out = new ArrayList<>();
    Rows.each(
        c,
        "SELECT text, start_offset, end_offset, speaker_id, speaker_name, cue, block,"
            + " confidence FROM quotes WHERE article_id = ? ORDER BY start_offset",
        rs -> {
          out.add(
              new Quote(
                  rs.getString("text"),
                  rs.getInt("start_offset"),
                  rs.getInt("end_offset"),
                  rs.getString("speaker_id"),
                  rs.getString("speaker_name"),
                  rs.getString("cue"),
                  rs.getBoolean("block"),
                  rs.getFloat("confidence")));
        },
        articleId);
    return out;
  }

  private static List<Link> links(Connection c, String articleId) throws SQLException {
    List<Link> out = new ArrayList<>();
    Rows.each(
        c,
        "SELECT l.type, l.to_id, l.score, l.evidence::text AS evidence, l.target_name, l.via,"
            + " l.created_at, t.title AS target_title"
            + " FROM links l LEFT JOIN articles t"
            + " ON t.id = l.to_id AND l.type IN ('RELATED', 'DUPLICATE', 'HYPERLINK')"
            + " WHERE l.from_id = ? ORDER BY l.type, l.score DESC, l.to_id",
        rs -> {
          out.add(
              new Link(
                  rs.getString("type"),
                  rs.getString("to_id"),
                  rs.getDouble("score"),
                  json(rs.getString("evidence")),
                  rs.getString("target_name"),
                  rs.getString("via"),
                  time(rs, "created_at"),
                  rs.getString("target_title")));
        },
        articleId);
    return out;
  }
}
