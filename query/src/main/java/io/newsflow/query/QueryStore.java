package io.newsflow.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.newsflow.query.Cursors.RankKey;
import io.newsflow.query.Cursors.TimeKey;
import io.newsflow.query.QueryModel.Article;
import io.newsflow.query.QueryModel.ArticleSummary;
import io.newsflow.query.QueryModel.Entity;
import io.newsflow.query.QueryModel.EntityArticle;
import io.newsflow.query.QueryModel.EntityMatch;
import io.newsflow.query.QueryModel.EntityRef;
import io.newsflow.query.QueryModel.RelatedArticle;
import io.newsflow.query.QueryModel.SearchHit;
import io.newsflow.query.QueryModel.Story;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The queries of the query API over the downstream store (see the migration {@code
 * V1__articles_entities_links.sql}), in plain JDBC. Each call is one read-only transaction at
 * REPEATABLE READ, so the several queries of one answer see one snapshot while the sink writes,
 * with {@code statement_timeout} set for each of its statements (not for the transaction as a
 * whole: an article takes seven in turn), so that one heavy search cannot hold a connection and the
 * database's time for long. Lists are keyset-paged: a page asks for one row more than it shows to
 * know whether there is a next one, and the next page starts after the last row shown.
 *
 * <p>Each endpoint group's reads are in {@link ArticleQueries}, {@link EntityQueries}, {@link
 * RelatedQueries} and {@link SearchQueries}; this class runs them in their transaction and holds
 * what they share. Failures come out as {@link SQLException}; {@link DatabaseErrors} tells the
 * kinds apart.
 */
final class QueryStore {
  /** Most names listed per entity. */
  static final int MAX_NAMES = 100;

  /** Characters of an article's text that a search headline is cut from (ts_headline's cost). */
  static final int HEADLINE_TEXT_CHARS = 20_000;

  static final char MARK_START = '\u0002';
  static final char MARK_STOP = '\u0003';
  static final String HEADLINE_OPTIONS =
      "MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=\" ... \", StartSel=\""
          + MARK_START
          + "\", StopSel=\""
          + MARK_STOP
          + "\"";

  /** An entity's articles, newest first: one range scan of article_entities_by_entity. */
  static final String ENTITY_ARTICLES_SQL =
      "SELECT a.id, a.title, a.url, a.published_at, ae.sort_time, a.source, a.language,"
          + " ae.confidence, ae.mention_count"
          + " FROM article_entities ae JOIN articles a ON a.id = ae.article_id"
          + " WHERE ae.entity_id = ? AND (ae.sort_time, ae.article_id) < (?, ?)"
          + " ORDER BY ae.sort_time DESC, ae.article_id DESC LIMIT ?";

  static final String SUMMARY_COLUMNS =
      "a.id, a.title, a.url, a.published_at, a.received_at, a.sort_time, a.source, a.publisher,"
          + " a.language";

  static final ObjectMapper MAPPER = new ObjectMapper();

  /** A search: words and/or entities, optionally a type and a time range, one page of it. */
  record Search(
      String q,
      List<String> entities,
      String type,
      Instant from,
      Instant to,
      int limit,
      RankKey afterRank,
      TimeKey afterTime) {
    boolean byRank() {
      return q != null;
    }
  }

  /** One page and the key to start the next one after; null when this is the last page. */
  record Page<T, K>(List<T> items, K next) {}

  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final DataSource dataSource;
  private final long statementTimeoutMs;

  QueryStore(DataSource dataSource, long statementTimeoutMs) {
    this.dataSource = dataSource;
    this.statementTimeoutMs = statementTimeoutMs;
  }

  /**
   * Runs {@code work} in one read-only transaction in which each statement has the statement
   * timeout.
   */
  <T> T read(Work<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (Statement s = c.createStatement()) {
          // one round trip: the transaction's mode, then its timeout (a number from the config)
          s.execute(
              "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY;"
                  + " SET LOCAL statement_timeout = "
                  + statementTimeoutMs);
        }
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    }
  }

  /** The tables the API reads; readiness asks that each is there. */
  static final List<String> TABLES =
      List.of(
          "articles",
          "article_entities",
          "entities",
          "entity_names",
          "links",
          "mentions",
          "quotes",
          "stories",
          "story_members");

  /**
   * Whether the database answers and has the tables the API reads: throws an SQLException of
   * SQLSTATE 42P01 (see {@link DatabaseErrors#missingTables}) when one is missing.
   */
  void ping() throws SQLException {
    read(
        c -> {
          try (Statement s = c.createStatement()) {
            // reads no row; fails at planning when the table is not there
            for (String table : TABLES) {
              s.execute("SELECT 1 FROM " + table + " WHERE false");
            }
          }
          return null;
        });
  }

  // ---------------------------------------------------------------- GET /v1/articles/{id}

  // ---------------------------------------------------------------- the API's reads

  /** {@code GET /v1/articles/{id}}: see {@link ArticleQueries#article}. */
  Optional<Article> article(String id) throws SQLException {
    return read(c -> ArticleQueries.article(c, id));
  }

  /** An entity and one page of its articles. */
  record EntityPage(Entity entity, Page<EntityArticle, TimeKey> page) {}

  /** {@code GET /v1/entities/{id}/articles}: see {@link EntityQueries#entityArticles}. */
  Optional<EntityPage> entityArticles(String entityId, int limit, TimeKey after)
      throws SQLException {
    return read(c -> EntityQueries.entityArticles(c, entityId, limit, after));
  }

  record RelatedAnswer(
      ArticleSummary article,
      List<RelatedArticle> related,
      Story story,
      List<ArticleSummary> storyArticles) {}

  /** {@code GET /v1/articles/{id}/related}: see {@link RelatedQueries#related}. */
  Optional<RelatedAnswer> related(String articleId, Set<String> types, int limit)
      throws SQLException {
    return read(c -> RelatedQueries.related(c, articleId, types, limit));
  }

  /** {@code GET /v1/search}: see {@link SearchQueries#search}. */
  Page<SearchHit, Object> search(Search search) throws SQLException {
    return read(c -> SearchQueries.search(c, search));
  }

  /** {@code GET /v1/entities}: see {@link EntityQueries#lookup}. */
  List<EntityMatch> lookup(String key, String type, int limit, int minPrefix) throws SQLException {
    return read(c -> EntityQueries.lookup(c, key, type, limit, minPrefix));
  }

  // ---------------------------------------------------------------- shared pieces

  /** The names of each entity, up to {@link #MAX_NAMES} each, alphabetically. */
  static Map<String, List<String>> names(Connection c, List<String> entityIds) throws SQLException {
    Map<String, List<String>> out = new HashMap<>();
    if (entityIds.isEmpty()) {
      return out;
    }
    Rows.each(
        c,
        "SELECT entity_id, name FROM (SELECT entity_id, name, row_number() OVER"
            + " (PARTITION BY entity_id ORDER BY name) AS n FROM entity_names"
            + " WHERE entity_id = ANY (?)) ranked WHERE n <= ? ORDER BY entity_id, name",
        rs -> {
          out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
        },
        entityIds,
        MAX_NAMES);
    return out;
  }

  static Map<String, EntityRef> entityRefs(Connection c, Collection<String> ids)
      throws SQLException {
    Map<String, EntityRef> out = new LinkedHashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    Rows.each(
        c,
        "SELECT id, name, type FROM entities WHERE id = ANY (?)",
        rs -> {
          out.put(
              rs.getString("id"),
              new EntityRef(rs.getString("id"), rs.getString("name"), rs.getString("type")));
        },
        ids);
    return out;
  }

  static ArticleSummary summary(ResultSet rs) throws SQLException {
    return new ArticleSummary(
        rs.getString("id"),
        rs.getString("title"),
        rs.getString("url"),
        time(rs, "published_at"),
        time(rs, "received_at"),
        time(rs, "sort_time"),
        rs.getString("source"),
        rs.getString("publisher"),
        rs.getString("language"));
  }

  /** The first {@code limit} rows, and the key of the last one shown when more rows follow. */
  static <T, K> Page<T, K> page(List<T> rows, List<? extends K> keys, int limit) {
    if (rows.size() <= limit) {
      return new Page<>(rows, null);
    }
    return new Page<>(List.copyOf(rows.subList(0, limit)), keys.get(limit - 1));
  }

  static String time(ResultSet rs, String column) throws SQLException {
    Instant t = instant(rs, column);
    return t == null ? null : t.toString();
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /** The evidence column (jsonb) as a tree; a value that does not parse comes back as text. */
  static JsonNode json(String text) {
    if (text == null) {
      return null;
    }
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(text);
    }
  }

  /** The strings of evidence: an array's text items, or a single text. */
  static List<String> strings(JsonNode evidence) {
    List<String> out = new ArrayList<>();
    if (evidence == null) {
      return out;
    }
    if (evidence.isTextual()) {
      out.add(evidence.textValue());
    } else if (evidence.isArray()) {
      evidence.forEach(
          item -> {
            if (item.isTextual()) {
              out.add(item.textValue());
            }
          });
    }
    return out;
  }

  /** SQL text with its parameters in order, bound by type. */
  static final class Sql {
    private final StringBuilder text = new StringBuilder();
    private final List<Object> params = new ArrayList<>();

    Sql add(String fragment, Object... values) {
      text.append(fragment);
      params.addAll(Arrays.asList(values));
      return this;
    }

    Sql add(Sql other) {
      text.append(other.text);
      params.addAll(other.params);
      return this;
    }

    PreparedStatement prepare(Connection c) throws SQLException {
      PreparedStatement ps = c.prepareStatement(text.toString());
      try {
        for (int i = 0; i < params.size(); i++) {
          Object value = params.get(i);
          if (value instanceof String s) {
            ps.setString(i + 1, s);
          } else if (value instanceof Integer n) {
            ps.setInt(i + 1, n);
          } else if (value instanceof Instant t) {
            ps.setObject(i + 1, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
          } else {
            throw new IllegalArgumentException("cannot bind " + value);
          }
        }
        return ps;
      } catch (SQLException | RuntimeException e) {
        ps.close();
        throw e;
      }
    }
  }
}
