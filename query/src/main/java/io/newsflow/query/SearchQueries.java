package io.newsflow.query;

import static io.newsflow.query.QueryStore.*;

import io.newsflow.query.Cursors.RankKey;
import io.newsflow.query.Cursors.TimeKey;
import io.newsflow.query.QueryModel.SearchHit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The reads of {@code GET /v1/search}: full-text matches by rank with headlines, or an entity's
 * articles by time, with entity, type and time filters.
 */
final class SearchQueries {
  private SearchQueries() {}

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
  static Page<SearchHit, Object> search(Connection c, Search search) throws SQLException {
    checkEntitiesExist(c, search.entities());
    if (search.byRank()) {
      checkSearchable(c, search.q());
      return searchByRank(c, search);
    }
    return searchByTime(c, search);
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
}
