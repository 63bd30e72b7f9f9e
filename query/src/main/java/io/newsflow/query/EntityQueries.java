package io.newsflow.query;

import static io.newsflow.query.QueryStore.*;

import io.newsflow.query.Cursors.TimeKey;
import io.newsflow.query.QueryModel.Entity;
import io.newsflow.query.QueryModel.EntityArticle;
import io.newsflow.query.QueryModel.EntityMatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reads of {@code GET /v1/entities/{id}/articles} and {@code GET /v1/entities}: an entity, its
 * articles page by page, and entities by name or alias.
 */
final class EntityQueries {
  private EntityQueries() {}

  private static Optional<Entity> entity(Connection c, String id) throws SQLException {
    String name;
    String type;
    try (PreparedStatement ps =
        c.prepareStatement("SELECT name, type FROM entities WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        name = rs.getString("name");
        type = rs.getString("type");
      }
    }
    return Optional.of(
        new Entity(id, name, type, names(c, List.of(id)).getOrDefault(id, List.of())));
  }

  /** The entity and one page of its articles, newest first; empty when the entity is unknown. */
  static Optional<EntityPage> entityArticles(
      Connection c, String entityId, int limit, TimeKey after) throws SQLException {
    Optional<Entity> entity = entity(c, entityId);
    if (entity.isEmpty()) {
      return Optional.empty();
    }
    // the first page starts after a key above any stored one
    TimeKey start = after != null ? after : new TimeKey(Instant.parse("9999-12-31T00:00:00Z"), "");
    List<EntityArticle> rows = new ArrayList<>();
    List<TimeKey> keys = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(ENTITY_ARTICLES_SQL)) {
      ps.setString(1, entityId);
      ps.setObject(2, OffsetDateTime.ofInstant(start.sortTime(), ZoneOffset.UTC));
      ps.setString(3, start.id());
      ps.setInt(4, limit + 1);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new EntityArticle(
                  rs.getString("id"),
                  rs.getString("title"),
                  rs.getString("url"),
                  time(rs, "published_at"),
                  time(rs, "sort_time"),
                  rs.getString("source"),
                  rs.getString("language"),
                  rs.getFloat("confidence"),
                  rs.getInt("mention_count")));
          keys.add(new TimeKey(instant(rs, "sort_time"), rs.getString("id")));
        }
      }
    }
    return Optional.of(new EntityPage(entity.get(), page(rows, keys, limit)));
  }

  /**
   * Entities by name or alias: the name folded with {@link io.newsflow.store.NameKeys#key}, exact
   * key matches first, then (for keys of {@code minPrefix} characters or more) names that start
   * with it; within each, most articles first.
   */
  static List<EntityMatch> lookup(Connection c, String key, String type, int limit, int minPrefix)
      throws SQLException {
    boolean prefix = key.length() >= minPrefix;
    Sql sql =
        new Sql()
            .add(
                "SELECT e.id, e.name, e.type, m.exact, m.matched_name,"
                    + " (SELECT count(*) FROM article_entities ae WHERE ae.entity_id = e.id)"
                    + " AS article_count FROM (SELECT n.entity_id,"
                    + " bool_or(n.name_key = ?) AS exact,"
                    + " (array_agg(n.name ORDER BY n.name_key = ? DESC, length(n.name_key),"
                    + " n.name))[1] AS matched_name"
                    + " FROM entity_names n WHERE n.name_key = ?",
                key,
                key,
                key);
    if (prefix) {
      sql.add(" OR n.name_key LIKE ?", likePrefix(key));
    }
    sql.add(" GROUP BY n.entity_id) m JOIN entities e ON e.id = m.entity_id");
    if (type != null) {
      sql.add(" WHERE e.type = ?", type);
    }
    sql.add(" ORDER BY m.exact DESC, article_count DESC, e.name, e.id LIMIT ?", limit);
    record Row(
        String id,
        String name,
        String type,
        boolean exact,
        String matchedName,
        long articleCount) {}
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement ps = sql.prepare(c);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(
            new Row(
                rs.getString("id"),
                rs.getString("name"),
                rs.getString("type"),
                rs.getBoolean("exact"),
                rs.getString("matched_name"),
                rs.getLong("article_count")));
      }
    }
    Map<String, List<String>> names = names(c, rows.stream().map(Row::id).toList());
    return rows.stream()
        .map(
            r ->
                new EntityMatch(
                    r.id(),
                    r.name(),
                    r.type(),
                    names.getOrDefault(r.id(), List.of()),
                    r.articleCount(),
                    r.exact() ? "exact" : "prefix",
                    r.matchedName()))
        .toList();
  }

  private static String likePrefix(String key) {
    return key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }
}
