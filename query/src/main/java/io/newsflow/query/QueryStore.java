package io.newsflow.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.newsflow.query.Cursors.RankKey;
import io.newsflow.query.Cursors.TimeKey;
import io.newsflow.query.QueryModel.Article;
import io.newsflow.query.QueryModel.ArticleEntity;
import io.newsflow.query.QueryModel.ArticleSummary;
import io.newsflow.query.QueryModel.Entity;
import io.newsflow.query.QueryModel.EntityArticle;
import io.newsflow.query.QueryModel.EntityMatch;
import io.newsflow.query.QueryModel.EntityRef;
import io.newsflow.query.QueryModel.Link;
import io.newsflow.query.QueryModel.Mention;
import io.newsflow.query.QueryModel.Quote;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * <p>Failures come out as {@link SQLException}; {@link DatabaseErrors} tells the kinds apart.
 */
final class QueryStore {
  /** Most names listed per entity. */
  static final int MAX_NAMES = 100;

  /** Characters of an article's text that a search headline is cut from (ts_headline's cost). */
  static final int HEADLINE_TEXT_CHARS = 20_000;

  private static final char MARK_START = '\u0002';
  private static final char MARK_STOP = '\u0003';
  private static final String HEADLINE_OPTIONS =
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

  private static final String SUMMARY_COLUMNS =
      "a.id, a.title, a.url, a.published_at, a.received_at, a.sort_time, a.source, a.publisher,"
          + " a.language";

  private static final ObjectMapper MAPPER = new ObjectMapper();

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
  private static final List<String> TABLES =
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

  Optional<Article> article(String id) throws SQLException {
    return read(
        c -> {
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
        });
  }

  private static Story story(Connection c, String articleId) throws SQLException {
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

  // ---------------------------------------------------- GET /v1/entities/{id}/articles

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

  /** An entity and one page of its articles. */
  record EntityPage(Entity entity, Page<EntityArticle, TimeKey> page) {}

  /** The entity and one page of its articles, newest first; empty when the entity is unknown. */
  Optional<EntityPage> entityArticles(String entityId, int limit, TimeKey after)
      throws SQLException {
    return read(
        c -> {
          Optional<Entity> entity = entity(c, entityId);
          if (entity.isEmpty()) {
            return Optional.empty();
          }
          // the first page starts after a key above any stored one
          TimeKey start =
              after != null ? after : new TimeKey(Instant.parse("9999-12-31T00:00:00Z"), "");
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
        });
  }

  // ---------------------------------------------------- GET /v1/articles/{id}/related

  record RelatedAnswer(
      ArticleSummary article,
      List<RelatedArticle> related,
      Story story,
      List<ArticleSummary> storyArticles) {}

  /**
   * The article's RELATED and DUPLICATE links of the given types, duplicates first, each type
   * strongest first, and the other articles of its story, newest first; empty when the article is
   * unknown.
   */
  Optional<RelatedAnswer> related(String articleId, Set<String> types, int limit)
      throws SQLException {
    return read(
        c -> {
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
                  evidence.contains("original")
                      ? "original"
                      : evidence.contains("copy") ? "copy" : null;
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
          Story story = story(c, articleId);
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
        });
  }

  // ---------------------------------------------------------------- GET /v1/search

  /**
   * One page of a search. With words: matches of {@code websearch_to_tsquery('english', q)} on the
   * indexed title and text, best rank ({@code ts_rank_cd}) first, each with a headline. Without:
   * the articles that mention the first entity, newest first, through its index range. Every entity
   * filter must be mentioned; {@code type} asks that the words name entities of that type in the
   * article.
   *
   * @throws InvalidRequestException when an entity filter names no stored entity, or the words are
   *     all stop words
   */
  Page<SearchHit, Object> search(Search search) throws SQLException {
    return read(
        c -> {
          checkEntitiesExist(c, search.entities());
          if (search.byRank()) {
            checkSearchable(c, search.q());
            return searchByRank(c, search);
          }
          return searchByTime(c, search);
        });
  }

  private static void checkEntitiesExist(Connection c, List<String> ids) throws SQLException {
    if (ids.isEmpty()) {
      return;
    }
    Set<String> missing = new LinkedHashSet<>(ids);
    missing.removeAll(entityRefs(c, ids).keySet());
    if (!missing.isEmpty()) {
      throw new InvalidRequestException(
          "entity",
          "no entity with id "
              + String.join(", ", missing)
              + " is stored; look ids up with /v1/entities?name=...");
    }
  }

  private static void checkSearchable(Connection c, String q) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT numnode(websearch_to_tsquery('english', ?))")) {
      ps.setString(1, q);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (rs.getInt(1) == 0) {
          throw new InvalidRequestException(
              "q",
              "has no words to search for (only stop words or punctuation); add a word, or"
                  + " search by entity alone");
        }
      }
    }
  }

  private static Page<SearchHit, Object> searchByRank(Connection c, Search s) throws SQLException {
    String query = "websearch_to_tsquery('english', ?)";
    Sql inner = new Sql();
    inner.add(
        "SELECT a.id, a.title, a.url, a.published_at, a.sort_time, a.source, a.language,"
            + " ts_rank_cd(a.search, "
            + query
            + ") AS rank FROM articles a WHERE a.search @@ "
            + query,
        s.q(),
        s.q());
    filters(inner, s, "a.id", "a.sort_time");
    if (s.type() != null) {
      // the words must name entities of the type that the article mentions (by any known name)
      inner.add(
          " AND (SELECT to_tsvector('english', string_agg(n.name, ' '))"
              + " FROM article_entities f JOIN entities e ON e.id = f.entity_id"
              + " JOIN entity_names n ON n.entity_id = e.id"
              + " WHERE f.article_id = a.id AND e.type = ?) @@ "
              + query,
          s.type(),
          s.q());
    }
    if (s.afterRank() != null) {
      // the float rank goes in as text: the server parses it to the same real, no double rounding
      inner.add(
          " AND (ts_rank_cd(a.search, " + query + "), a.sort_time, a.id) < (CAST(? AS real), ?, ?)",
          s.q(),
          Float.toString(s.afterRank().rank()),
          s.afterRank().sortTime(),
          s.afterRank().id());
    }
    inner.add(" ORDER BY rank DESC, a.sort_time DESC, a.id DESC LIMIT ?", s.limit() + 1);
    // the headline only for the rows of the page: ts_headline reads the text again
    Sql sql =
        new Sql()
            .add(
                "SELECT page.*, ts_headline('english', translate(left(a.clean_text, ?), ?, ''), "
                    + query
                    + ", ?) AS headline FROM (",
                HEADLINE_TEXT_CHARS,
                "" + MARK_START + MARK_STOP,
                s.q(),
                HEADLINE_OPTIONS)
            .add(inner)
            .add(
                ") page JOIN articles a ON a.id = page.id"
                    + " ORDER BY page.rank DESC, page.sort_time DESC, page.id DESC");
    List<SearchHit> hits = new ArrayList<>();
    List<Object> keys = new ArrayList<>();
    try (PreparedStatement ps = sql.prepare(c);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        float rank = rs.getFloat("rank");
        hits.add(hit(rs, rank, headlineHtml(rs.getString("headline"))));
        keys.add(new RankKey(rank, instant(rs, "sort_time"), rs.getString("id")));
      }
    }
    return page(hits, keys, s.limit());
  }

  private static Page<SearchHit, Object> searchByTime(Connection c, Search s) throws SQLException {
    List<String> others = s.entities().subList(1, s.entities().size());
    Sql sql =
        new Sql()
            .add(
                "SELECT a.id, a.title, a.url, a.published_at, f0.sort_time, a.source, a.language"
                    + " FROM article_entities f0 JOIN articles a ON a.id = f0.article_id"
                    + " WHERE f0.entity_id = ?",
                s.entities().get(0));
    filters(
        sql,
        new Search(s.q(), others, s.type(), s.from(), s.to(), s.limit(), null, null),
        "f0.article_id",
        "f0.sort_time");
    if (s.afterTime() != null) {
      sql.add(
          " AND (f0.sort_time, f0.article_id) < (?, ?)",
          s.afterTime().sortTime(),
          s.afterTime().id());
    }
    sql.add(" ORDER BY f0.sort_time DESC, f0.article_id DESC LIMIT ?", s.limit() + 1);
    List<SearchHit> hits = new ArrayList<>();
    List<Object> keys = new ArrayList<>();
    try (PreparedStatement ps = sql.prepare(c);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        hits.add(hit(rs, null, null));
        keys.add(new TimeKey(instant(rs, "sort_time"), rs.getString("id")));
      }
    }
    return page(hits, keys, s.limit());
  }

  /** The entity filters and the time range, on the given article id and sort time columns. */
  private static void filters(Sql sql, Search s, String articleId, String sortTime) {
    for (String entity : s.entities()) {
      sql.add(
          " AND EXISTS (SELECT 1 FROM article_entities f WHERE f.article_id = "
              + articleId
              + " AND f.entity_id = ?)",
          entity);
    }
    if (s.from() != null) {
      sql.add(" AND " + sortTime + " >= ?", s.from());
    }
    if (s.to() != null) {
      sql.add(" AND " + sortTime + " < ?", s.to());
    }
  }

  private static SearchHit hit(ResultSet rs, Float rank, String headline) throws SQLException {
    return new SearchHit(
        rs.getString("id"),
        rs.getString("title"),
        rs.getString("url"),
        time(rs, "published_at"),
        time(rs, "sort_time"),
        rs.getString("source"),
        rs.getString("language"),
        rank,
        headline);
  }

  /**
   * The headline as an HTML fragment: the text escaped, the matched words in {@code <b>}. The
   * database marks them with control characters that the text cannot contain (they are removed from
   * it first), so that the text's own {@code <} and {@code &} can be escaped here.
   */
  static String headlineHtml(String marked) {
    if (marked == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(marked.length() + 32);
    for (int i = 0; i < marked.length(); i++) {
      char ch = marked.charAt(i);
      switch (ch) {
        case MARK_START -> out.append("<b>");
        case MARK_STOP -> out.append("</b>");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }

  // ---------------------------------------------------------------- GET /v1/entities

  /**
   * Entities by name or alias: the name folded with {@link Names#key}, exact key matches first,
   * then (for keys of {@code minPrefix} characters or more) names that start with it; within each,
   * most articles first.
   */
  List<EntityMatch> lookup(String key, String type, int limit, int minPrefix) throws SQLException {
    return read(
        c -> {
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
        });
  }

  private static String likePrefix(String key) {
    return key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  // ---------------------------------------------------------------- shared pieces

  /** The names of each entity, up to {@link #MAX_NAMES} each, alphabetically. */
  private static Map<String, List<String>> names(Connection c, List<String> entityIds)
      throws SQLException {
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

  private static Map<String, EntityRef> entityRefs(Connection c, Collection<String> ids)
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

  private static ArticleSummary summary(ResultSet rs) throws SQLException {
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
  private static <T, K> Page<T, K> page(List<T> rows, List<? extends K> keys, int limit) {
    if (rows.size() <= limit) {
      return new Page<>(rows, null);
    }
    return new Page<>(List.copyOf(rows.subList(0, limit)), keys.get(limit - 1));
  }

  private static String time(ResultSet rs, String column) throws SQLException {
    Instant t = instant(rs, column);
    return t == null ? null : t.toString();
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /** The evidence column (jsonb) as a tree; a value that does not parse comes back as text. */
  private static JsonNode json(String text) {
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
  private static List<String> strings(JsonNode evidence) {
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
  private static final class Sql {
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
