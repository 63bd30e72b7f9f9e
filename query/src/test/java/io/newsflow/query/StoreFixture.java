package io.newsflow.query;

import io.newsflow.store.NameKeys;
import io.newsflow.store.PostgresSchema;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.ThreadLocalRandom;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Rows of the downstream store written directly with SQL, as the PostgreSQL sink would write them,
 * in a schema of the test's own inside the run's database (so that other test classes sharing the
 * database never see them).
 */
final class StoreFixture implements AutoCloseable {
  private final String databaseUrl;
  private final String jdbcUrl;
  private final Connection connection;

  private StoreFixture(String databaseUrl, String schema) throws SQLException {
    this.databaseUrl = databaseUrl;
    this.jdbcUrl = jdbcUrl(schema);
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(jdbcUrl);
    PostgresSchema.migrate(ds);
    this.connection = DriverManager.getConnection(jdbcUrl);
  }

  /** A fresh schema named after {@code prefix} in the database of {@code databaseUrl}, migrated. */
  static StoreFixture create(String databaseUrl, String prefix) throws SQLException {
    String schema =
        prefix + "_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24), 36);
    return new StoreFixture(databaseUrl, schema);
  }

  /** The JDBC URL of another schema of the same database (which need not exist). */
  String jdbcUrl(String schema) {
    return databaseUrl + (databaseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** The JDBC URL of the fixture's schema. */
  String jdbcUrl() {
    return jdbcUrl;
  }

  Connection connection() {
    return connection;
  }

  /** The same URL through another host and port, e.g. a proxy's. */
  String jdbcUrlVia(String host, int port) {
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    return "jdbc:postgresql://"
        + host
        + ":"
        + port
        + uri.getRawPath()
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  /** Where the fixture's database server listens. */
  URI server() {
    return URI.create(jdbcUrl.substring("jdbc:".length()));
  }

  /** Starts an article; {@link ArticleRow#insert()} writes it. */
  ArticleRow article(String id, String title, String text) {
    return new ArticleRow(id, title, text);
  }

  final class ArticleRow {
    private final String id;
    private final String title;
    private final String text;
    private Instant publishedAt;
    private Instant receivedAt = Instant.parse("2016-07-01T00:00:00Z");
    private String url;
    private String source = "Example News";
    private String language = "en";

    private ArticleRow(String id, String title, String text) {
      this.id = id;
      this.title = title;
      this.text = text;
    }

    ArticleRow published(String time) {
      this.publishedAt = Instant.parse(time);
      return this;
    }

    ArticleRow received(String time) {
      this.receivedAt = Instant.parse(time);
      return this;
    }

    ArticleRow url(String url) {
      this.url = url;
      return this;
    }

    ArticleRow source(String source) {
      this.source = source;
      return this;
    }

    /** Writes the article; returns its id. */
    String insert() throws SQLException {
      try (PreparedStatement ps =
          connection.prepareStatement(
              "INSERT INTO articles (id, title, clean_title, body, body_format, clean_text, url,"
                  + " published_at, received_at, enriched_at, source, language,"
                  + " detected_language, publisher, channel, origin, word_count, kafka_topic,"
                  + " kafka_partition, kafka_offset)"
                  + " VALUES (?, ?, ?, ?, 'text', ?, ?, ?, ?, ?, ?, ?, 'en', null, 'HTTP', 'test',"
                  + " ?, 'news.enriched.v1', 0, 0)")) {
        ps.setString(1, id);
        ps.setString(2, title);
        ps.setString(3, title);
        ps.setString(4, text);
        ps.setString(5, text);
        ps.setString(6, url);
        ps.setObject(7, utc(publishedAt));
        ps.setObject(8, utc(receivedAt));
        ps.setObject(9, utc(receivedAt.plusSeconds(1)));
        ps.setString(10, source);
        ps.setString(11, language);
        ps.setInt(12, text.split("\\s+").length);
        ps.executeUpdate();
      }
      return id;
    }
  }

  /** An entity with its canonical name and aliases in entity_names, keyed as the sink keys them. */
  void entity(String id, String name, String type, String... aliases) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO entities (id, name, type, source, last_seen_at) VALUES (?, ?, ?, 'test',"
                + " now())")) {
      ps.setString(1, id);
      ps.setString(2, name);
      ps.setString(3, type);
      ps.executeUpdate();
    }
    name(id, name);
    for (String alias : aliases) {
      name(id, alias);
    }
  }

  private void name(String entityId, String name) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO entity_names (entity_id, name_key, name) VALUES (?, ?, ?)"
                + " ON CONFLICT DO NOTHING")) {
      ps.setString(1, entityId);
      ps.setString(2, NameKeys.key(name));
      ps.setString(3, name);
      ps.executeUpdate();
    }
  }

  /**
   * The article mentions the entity, at each {@code field:start:end:text} given; the sort time is
   * copied from the article, as the sink does.
   */
  void mentions(String articleId, String entityId, double confidence, String... mentions)
      throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO article_entities (article_id, entity_id, confidence, mention_count,"
                + " sort_time) SELECT id, ?, ?, ?, sort_time FROM articles WHERE id = ?")) {
      ps.setString(1, entityId);
      ps.setFloat(2, (float) confidence);
      ps.setInt(3, Math.max(1, mentions.length));
      ps.setString(4, articleId);
      if (ps.executeUpdate() != 1) {
        throw new IllegalStateException("no article " + articleId);
      }
    }
    for (String mention : mentions) {
      String[] parts = mention.split(":", 4);
      try (PreparedStatement ps =
          connection.prepareStatement(
              "INSERT INTO mentions (article_id, entity_id, field, start_offset, end_offset, text)"
                  + " VALUES (?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, articleId);
        ps.setString(2, entityId);
        ps.setString(3, parts[0]);
        ps.setInt(4, Integer.parseInt(parts[1]));
        ps.setInt(5, Integer.parseInt(parts[2]));
        ps.setString(6, parts[3]);
        ps.executeUpdate();
      }
    }
  }

  void quote(
      String articleId, int start, int end, String text, String speakerId, String speakerName)
      throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO quotes (article_id, start_offset, end_offset, text, speaker_id,"
                + " speaker_name, cue, block, confidence) VALUES (?, ?, ?, ?, ?, ?, 'said',"
                + " false, 0.8)")) {
      ps.setString(1, articleId);
      ps.setInt(2, start);
      ps.setInt(3, end);
      ps.setString(4, text);
      ps.setString(5, speakerId);
      ps.setString(6, speakerName);
      ps.executeUpdate();
    }
  }

  /** A link with its evidence as JSON text. */
  void link(
      String from,
      String type,
      String to,
      double score,
      String evidenceJson,
      String targetName,
      String via)
      throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO links (from_id, type, to_id, score, evidence, target_name, via,"
                + " created_at) VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, '2016-07-20T00:00:00Z')")) {
      ps.setString(1, from);
      ps.setString(2, type);
      ps.setString(3, to);
      ps.setDouble(4, score);
      ps.setString(5, evidenceJson);
      ps.setString(6, targetName);
      ps.setString(7, via);
      ps.executeUpdate();
    }
  }

  void story(String storyId, String... articleIds) throws SQLException {
    for (String articleId : articleIds) {
      try (PreparedStatement ps =
          connection.prepareStatement(
              "INSERT INTO story_members (article_id, story_id, created_at)"
                  + " VALUES (?, ?, '2016-07-20T00:00:00Z')")) {
        ps.setString(1, articleId);
        ps.setString(2, storyId);
        ps.executeUpdate();
      }
    }
  }

  void execute(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  private static OffsetDateTime utc(Instant time) {
    return time == null ? null : OffsetDateTime.ofInstant(time, ZoneOffset.UTC);
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
