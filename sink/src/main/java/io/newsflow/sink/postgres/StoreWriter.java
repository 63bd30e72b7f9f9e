package io.newsflow.sink.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.newsflow.avro.ArticleLink;
import io.newsflow.avro.EnrichedArticle;
import io.newsflow.avro.Entity;
import io.newsflow.avro.LinkType;
import io.newsflow.avro.Mention;
import io.newsflow.avro.Quote;
import io.newsflow.schemas.IntrinsicLinks;
import io.newsflow.store.NameKeys;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Writes a batch of enriched articles and links into the downstream store's tables, inside the
 * caller's transaction. Each table is written with one statement per batch (arrays unnested on the
 * server), and every write is an upsert keyed by ids from the records, guarded so that an older
 * version never replaces a newer one:
 *
 * <ul>
 *   <li>an article row is replaced only by a newer version, by (receivedAt, enrichedAt, offset on
 *       its partition): the statement itself decides, so two writers racing on one article cannot
 *       leave the row of one version with the entities of another; its entities, mentions, quotes
 *       and intrinsic links (cited outlets, quoted speakers, hyperlinks as written: see {@link
 *       IntrinsicLinks}) are replaced with it, derived from the article itself, so the same records
 *       on news.links.v1 are not needed and are skipped;
 *   <li>any other link replaces the one of the same (from, type, to) when it is at least as new;
 *   <li>an entity's name and type are those of the newest article that mentioned it; every name it
 *       was written as is kept as an alias;
 *   <li>an article's story is that of its newest STORY link.
 * </ul>
 *
 * <p>So writing the same records again, in any number of batches, leaves every table as it was.
 */
final class StoreWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An enriched article and where it was read. */
  record ArticleRecord(EnrichedArticle article, String topic, int partition, long offset) {}

  /**
   * Which of two records of one article is newer: received later, else enriched later, else later
   * on its partition (an article's records share one partition, its key's).
   */
  private static final Comparator<ArticleRecord> VERSION =
      Comparator.comparing((ArticleRecord r) -> r.article().getReceivedAt())
          .thenComparing(r -> r.article().getEnrichedAt())
          .thenComparingLong(ArticleRecord::offset);

  /**
   * Writes the batch; records are in stream order. Returns the ids of the articles whose version
   * was stored (new or newer than the one in the table).
   */
  List<String> write(Connection c, List<ArticleRecord> articles, List<ArticleLink> links)
      throws SQLException {
    List<ArticleRecord> candidates = newerThanStored(c, newestPerId(articles));
    List<ArticleRecord> accepted = List.of();
    Set<String> replaced = new HashSet<>();
    if (!candidates.isEmpty()) {
      accepted = upsertArticles(c, candidates, replaced);
    }
    if (!accepted.isEmpty()) {
      upsertEntities(c, accepted);
      replaceChildren(c, accepted, replaced);
    }
    List<ArticleLink> all = new ArrayList<>();
    for (ArticleLink l : links) {
      if (!IntrinsicLinks.isIntrinsic(l.getType(), l.getTo())) {
        all.add(l);
      }
    }
    for (ArticleRecord r : accepted) {
      all.addAll(IntrinsicLinks.of(r.article()));
    }
    upsertLinks(c, all);
    return accepted.stream().map(r -> r.article().getId()).toList();
  }

  /** The newest version of each article in the batch. */
  private static List<ArticleRecord> newestPerId(List<ArticleRecord> records) {
    Map<String, ArticleRecord> newest = new LinkedHashMap<>();
    for (ArticleRecord r : records) {
      newest.merge(r.article().getId(), r, (old, now) -> VERSION.compare(now, old) > 0 ? now : old);
    }
    return new ArrayList<>(newest.values());
  }

  /**
   * Drops the articles whose stored version is as new or newer, so that a replay does not send
   * their text again. Only a shortcut: the upsert's own condition is what decides.
   */
  private static List<ArticleRecord> newerThanStored(Connection c, List<ArticleRecord> candidates)
      throws SQLException {
    if (candidates.isEmpty()) {
      return candidates;
    }
    Map<String, ArticleRecord> stored = new HashMap<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT id, received_at, enriched_at, kafka_offset FROM articles WHERE id = ANY(?)")) {
      s.setArray(1, c.createArrayOf("text", ids(candidates)));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          EnrichedArticle version =
              EnrichedArticle.newBuilder()
                  .setId(rs.getString(1))
                  .setTitle("")
                  .setBody("")
                  .setCleanTitle("")
                  .setCleanText("")
                  .setWordCount(0)
                  .setReceivedAt(rs.getObject(2, OffsetDateTime.class).toInstant())
                  .setEnrichedAt(rs.getObject(3, OffsetDateTime.class).toInstant())
                  .build();
          stored.put(rs.getString(1), new ArticleRecord(version, "", 0, rs.getLong(4)));
        }
      }
    }
    List<ArticleRecord> newer = new ArrayList<>();
    for (ArticleRecord r : candidates) {
      ArticleRecord version = stored.get(r.article().getId());
      if (version == null || VERSION.compare(r, version) > 0) {
        newer.add(r);
      }
    }
    return newer;
  }

  private static void upsertEntities(Connection c, List<ArticleRecord> accepted)
      throws SQLException {
    Map<String, Entity> newest = new LinkedHashMap<>();
    Map<String, Instant> seen = new HashMap<>();
    Map<String, String[]> names = new LinkedHashMap<>();
    for (ArticleRecord r : accepted) {
      Instant at = r.article().getEnrichedAt();
      for (Entity e : r.article().getEntities()) {
        Instant before = seen.get(e.getId());
        if (before == null || at.isAfter(before)) {
          newest.put(e.getId(), e);
          seen.put(e.getId(), at);
        }
        addName(names, e.getId(), e.getName());
        for (Mention m : e.getMentions()) {
          addName(names, e.getId(), m.getText());
        }
      }
    }
    if (newest.isEmpty()) {
      return;
    }
    List<Entity> entities = new ArrayList<>(newest.values());
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO entities (id, name, type, source, last_seen_at)"
                + " SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])"
                // rows shared between sink instances are locked in one order: no deadlocks
                + " ORDER BY 1"
                + " ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type,"
                + " source = excluded.source, last_seen_at = excluded.last_seen_at"
                + " WHERE entities.last_seen_at < excluded.last_seen_at")) {
      s.setArray(1, texts(c, entities, Entity::getId));
      s.setArray(2, texts(c, entities, Entity::getName));
      s.setArray(3, texts(c, entities, e -> e.getType().name()));
      s.setArray(4, texts(c, entities, Entity::getSource));
      s.setArray(5, times(c, entities, e -> seen.get(e.getId())));
      s.executeUpdate();
    }
    List<String[]> rows = new ArrayList<>(names.values());
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO entity_names (entity_id, name_key, name)"
                + " SELECT * FROM unnest(?::text[], ?::text[], ?::text[]) ORDER BY 1, 2"
                + " ON CONFLICT (entity_id, name_key) DO NOTHING")) {
      s.setArray(1, texts(c, rows, row -> row[0]));
      s.setArray(2, texts(c, rows, row -> row[1]));
      s.setArray(3, texts(c, rows, row -> row[2]));
      s.executeUpdate();
    }
  }

  private static void addName(Map<String, String[]> names, String entityId, String name) {
    String key = NameKeys.key(name);
    if (!key.isEmpty()) {
      names.putIfAbsent(entityId + '\n' + key, new String[] {entityId, key, name.strip()});
    }
  }

  /**
   * Writes the newer versions; returns the records the table took, and adds to {@code replaced} the
   * ids whose row was there before (the others were inserted, so nothing hangs off them yet).
   */
  private static List<ArticleRecord> upsertArticles(
      Connection c, List<ArticleRecord> accepted, Set<String> replaced) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO articles (id, title, clean_title, body, body_format, clean_text, url,"
                + " published_at, received_at, enriched_at, source, language, detected_language,"
                + " publisher, channel, origin, word_count, kafka_topic, kafka_partition, kafka_offset)"
                + " SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
                + " ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[],"
                + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[],"
                + " ?::text[], ?::int[], ?::bigint[])"
                + " ON CONFLICT (id) DO UPDATE SET title = excluded.title,"
                + " clean_title = excluded.clean_title, body = excluded.body,"
                + " body_format = excluded.body_format, clean_text = excluded.clean_text,"
                + " url = excluded.url, published_at = excluded.published_at,"
                + " received_at = excluded.received_at, enriched_at = excluded.enriched_at,"
                + " source = excluded.source, language = excluded.language,"
                + " detected_language = excluded.detected_language, publisher = excluded.publisher,"
                + " channel = excluded.channel, origin = excluded.origin,"
                + " word_count = excluded.word_count, kafka_topic = excluded.kafka_topic,"
                + " kafka_partition = excluded.kafka_partition, kafka_offset = excluded.kafka_offset"
                + " WHERE (articles.received_at, articles.enriched_at, articles.kafka_offset)"
                + " < (excluded.received_at, excluded.enriched_at, excluded.kafka_offset)"
                // a row the statement inserted has no xmax; one it updated carries this
                // transaction's: decided under the row's lock, so exact even with another writer
                + " RETURNING id, xmax <> 0")) {
      int i = 1;
      s.setArray(i++, texts(c, accepted, r -> r.article().getId()));
      s.setArray(i++, texts(c, accepted, r -> r.article().getTitle()));
      s.setArray(i++, texts(c, accepted, r -> r.article().getCleanTitle()));
      s.setArray(i++, texts(c, accepted, r -> r.article().getBody()));
      s.setArray(i++, texts(c, accepted, r -> r.article().getBodyFormat().name()));
      s.setArray(i++, texts(c, accepted, r -> r.article().getCleanText()));
      s.setArray(i++, texts(c, accepted, r -> r.article().getUrl()));
      s.setArray(i++, times(c, accepted, r -> r.article().getPublishedAt()));
      s.setArray(i++, times(c, accepted, r -> r.article().getReceivedAt()));
      s.setArray(i++, times(c, accepted, r -> r.article().getEnrichedAt()));
      s.setArray(i++, texts(c, accepted, r -> r.article().getSource()));
      s.setArray(i++, texts(c, accepted, r -> r.article().getLanguage()));
      s.setArray(i++, texts(c, accepted, r -> r.article().getDetectedLanguage()));
      s.setArray(i++, texts(c, accepted, r -> r.article().getPublisher()));
      s.setArray(i++, texts(c, accepted, r -> r.article().getChannel().name()));
      s.setArray(i++, texts(c, accepted, r -> r.article().getOrigin()));
      s.setArray(
          i++,
          c.createArrayOf(
              "int4", accepted.stream().map(r -> r.article().getWordCount()).toArray()));
      s.setArray(i++, texts(c, accepted, ArticleRecord::topic));
      s.setArray(i++, c.createArrayOf("int4", accepted.stream().map(r -> r.partition()).toArray()));
      s.setArray(i, c.createArrayOf("int8", accepted.stream().map(r -> r.offset()).toArray()));
      Set<String> taken = new HashSet<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          taken.add(rs.getString(1));
          if (rs.getBoolean(2)) {
            replaced.add(rs.getString(1));
          }
        }
      }
      return accepted.stream().filter(r -> taken.contains(r.article().getId())).toList();
    }
  }

  /**
   * Writes what hangs off each stored article: its entities, mentions, quotes, own links; those of
   * the version it replaced are deleted first. A new article has none, and skipping the deletes for
   * it keeps a batch of new articles from searching tables for rows that are not there.
   */
  private static void replaceChildren(
      Connection c, List<ArticleRecord> accepted, Set<String> replaced) throws SQLException {
    if (!replaced.isEmpty()) {
      deleteChildren(c, c.createArrayOf("text", replaced.toArray()));
    }
    insertChildren(c, accepted);
  }

  private static void deleteChildren(Connection c, Array ids) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM article_entities WHERE article_id = ANY(?)")) {
      s.setArray(1, ids);
      s.executeUpdate();
    }
    try (PreparedStatement s = c.prepareStatement("DELETE FROM quotes WHERE article_id = ANY(?)")) {
      s.setArray(1, ids);
      s.executeUpdate();
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "DELETE FROM links WHERE from_id = ANY(?) AND (type IN ('CITES', 'QUOTE')"
                + " OR (type = 'HYPERLINK' AND to_id LIKE 'http%'))")) {
      s.setArray(1, ids);
      s.executeUpdate();
    }
  }

  /** Rows for the tables under the articles, in batch order: entities, mentions, quotes. */
  private record ChildRows(
      List<Object[]> entities, List<Object[]> mentions, List<Object[]> quotes) {}

  private static void insertChildren(Connection c, List<ArticleRecord> accepted)
      throws SQLException {
    ChildRows rows = childRows(accepted);
    if (!rows.entities().isEmpty()) {
      insertArticleEntities(c, rows.entities());
    }
    if (!rows.mentions().isEmpty()) {
      insertMentions(c, rows.mentions());
    }
    if (!rows.quotes().isEmpty()) {
      insertQuotes(c, rows.quotes());
    }
  }

  private static ChildRows childRows(List<ArticleRecord> accepted) {
    ChildRows rows = new ChildRows(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (ArticleRecord r : accepted) {
      addEntityRows(r.article(), rows.entities(), rows.mentions());
      addQuoteRows(r.article(), rows.quotes());
    }
    return rows;
  }

  /** One row per distinct entity of the article, and one per distinct mention of each. */
  private static void addEntityRows(
      EnrichedArticle a, List<Object[]> entityRows, List<Object[]> mentionRows) {
    Instant sortTime = a.getPublishedAt() != null ? a.getPublishedAt() : a.getReceivedAt();
    Map<String, Entity> byId = new LinkedHashMap<>();
    a.getEntities().forEach(e -> byId.putIfAbsent(e.getId(), e));
    Map<String, Object[]> mentions = new LinkedHashMap<>();
    for (Entity e : byId.values()) {
      entityRows.add(
          new Object[] {a.getId(), e.getId(), e.getConfidence(), e.getMentions().size(), sortTime});
      for (Mention m : e.getMentions()) {
        mentions.putIfAbsent(
            m.getField() + "\n" + m.getStart() + "\n" + m.getEnd() + "\n" + e.getId(),
            new Object[] {
              a.getId(), e.getId(), m.getField().name(), m.getStart(), m.getEnd(), m.getText()
            });
      }
    }
    mentionRows.addAll(mentions.values());
  }

  /** One row per quote of the article, the first of those starting at the same offset. */
  private static void addQuoteRows(EnrichedArticle a, List<Object[]> quoteRows) {
    Map<Integer, Quote> quotes = new LinkedHashMap<>();
    a.getQuotes().forEach(q -> quotes.putIfAbsent(q.getStart(), q));
    for (Quote q : quotes.values()) {
      quoteRows.add(
          new Object[] {
            a.getId(),
            q.getStart(),
            q.getEnd(),
            q.getText(),
            q.getSpeakerId(),
            q.getSpeakerName(),
            q.getCue(),
            q.getBlock(),
            q.getConfidence()
          });
    }
  }

  private static void insertArticleEntities(Connection c, List<Object[]> entityRows)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO article_entities (article_id, entity_id, confidence, mention_count, sort_time)"
                + " SELECT * FROM unnest(?::text[], ?::text[], ?::real[], ?::int[], ?::timestamptz[])")) {
      s.setArray(1, column(c, "text", entityRows, 0));
      s.setArray(2, column(c, "text", entityRows, 1));
      s.setArray(3, column(c, "float4", entityRows, 2));
      s.setArray(4, column(c, "int4", entityRows, 3));
      s.setArray(5, times(c, entityRows, row -> (Instant) row[4]));
      s.executeUpdate();
    }
  }

  private static void insertMentions(Connection c, List<Object[]> mentionRows) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO mentions (article_id, entity_id, field, start_offset, end_offset, text)"
                + " SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::int[], ?::int[], ?::text[])")) {
      s.setArray(1, column(c, "text", mentionRows, 0));
      s.setArray(2, column(c, "text", mentionRows, 1));
      s.setArray(3, column(c, "text", mentionRows, 2));
      s.setArray(4, column(c, "int4", mentionRows, 3));
      s.setArray(5, column(c, "int4", mentionRows, 4));
      s.setArray(6, column(c, "text", mentionRows, 5));
      s.executeUpdate();
    }
  }

  private static void insertQuotes(Connection c, List<Object[]> quoteRows) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO quotes (article_id, start_offset, end_offset, text, speaker_id,"
                + " speaker_name, cue, block, confidence)"
                + " SELECT * FROM unnest(?::text[], ?::int[], ?::int[], ?::text[], ?::text[],"
                + " ?::text[], ?::text[], ?::boolean[], ?::real[])")) {
      s.setArray(1, column(c, "text", quoteRows, 0));
      s.setArray(2, column(c, "int4", quoteRows, 1));
      s.setArray(3, column(c, "int4", quoteRows, 2));
      s.setArray(4, column(c, "text", quoteRows, 3));
      s.setArray(5, column(c, "text", quoteRows, 4));
      s.setArray(6, column(c, "text", quoteRows, 5));
      s.setArray(7, column(c, "text", quoteRows, 6));
      s.setArray(8, column(c, "bool", quoteRows, 7));
      s.setArray(9, column(c, "float4", quoteRows, 8));
      s.executeUpdate();
    }
  }

  private static void upsertLinks(Connection c, List<ArticleLink> links) throws SQLException {
    Map<String, ArticleLink> newest = new LinkedHashMap<>();
    Map<String, ArticleLink> stories = new LinkedHashMap<>();
    for (ArticleLink l : links) {
      if (l.getType() == LinkType.STORY) {
        stories.merge(l.getFrom(), l, StoreWriter::newer);
      } else {
        newest.merge(l.getFrom() + "\n" + l.getType() + "\n" + l.getTo(), l, StoreWriter::newer);
      }
    }
    if (!newest.isEmpty()) {
      List<ArticleLink> rows = new ArrayList<>(newest.values());
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO links (from_id, type, to_id, score, evidence, target_name, via, created_at)"
                  + " SELECT v.* FROM unnest(?::text[], ?::text[], ?::text[], ?::float8[],"
                  + " ?::jsonb[], ?::text[], ?::text[], ?::timestamptz[])"
                  + " AS v(from_id, type, to_id, score, evidence, target_name, via, created_at)"
                  // by the hash of to_id: a URL may be longer than a b-tree entry may be
                  + " ON CONFLICT (from_id, type, md5(to_id)) DO UPDATE SET score = excluded.score,"
                  + " evidence = excluded.evidence, target_name = excluded.target_name,"
                  + " via = excluded.via, created_at = excluded.created_at"
                  + " WHERE links.created_at <= excluded.created_at")) {
        s.setArray(1, texts(c, rows, ArticleLink::getFrom));
        s.setArray(2, texts(c, rows, l -> l.getType().name()));
        s.setArray(3, texts(c, rows, ArticleLink::getTo));
        s.setArray(4, c.createArrayOf("float8", rows.stream().map(l -> l.getScore()).toArray()));
        s.setArray(5, texts(c, rows, l -> json(l.getEvidence())));
        s.setArray(6, texts(c, rows, ArticleLink::getTargetName));
        s.setArray(7, texts(c, rows, ArticleLink::getVia));
        s.setArray(8, times(c, rows, ArticleLink::getCreatedAt));
        s.executeUpdate();
      }
    }
    if (!stories.isEmpty()) {
      List<ArticleLink> rows = new ArrayList<>(stories.values());
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO story_members (article_id, story_id, created_at)"
                  + " SELECT * FROM unnest(?::text[], ?::text[], ?::timestamptz[])"
                  + " ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id,"
                  + " created_at = excluded.created_at"
                  + " WHERE story_members.created_at <= excluded.created_at")) {
        s.setArray(1, texts(c, rows, ArticleLink::getFrom));
        s.setArray(2, texts(c, rows, ArticleLink::getTo));
        s.setArray(3, times(c, rows, ArticleLink::getCreatedAt));
        s.executeUpdate();
      }
    }
  }

  private static ArticleLink newer(ArticleLink old, ArticleLink now) {
    return now.getCreatedAt().compareTo(old.getCreatedAt()) >= 0 ? now : old;
  }

  private static String json(List<String> values) {
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write link evidence as JSON", e);
    }
  }

  private static Object[] ids(List<ArticleRecord> records) {
    return records.stream().map(r -> r.article().getId()).toArray();
  }

  private static <T> Array texts(Connection c, List<T> rows, Function<T, String> value)
      throws SQLException {
    Object[] out = new Object[rows.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = value.apply(rows.get(i));
    }
    return c.createArrayOf("text", out);
  }

  private static <T> Array times(Connection c, List<T> rows, Function<T, Instant> value)
      throws SQLException {
    Object[] out = new Object[rows.size()];
    for (int i = 0; i < out.length; i++) {
      Instant at = value.apply(rows.get(i));
      out[i] = at == null ? null : at.toString();
    }
    // ISO-8601 instants in UTC, cast on the server: no time-zone conversion in the driver
    return c.createArrayOf("text", out);
  }

  private static Array column(Connection c, String type, List<Object[]> rows, int index)
      throws SQLException {
    Object[] out = new Object[rows.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = rows.get(i)[index];
    }
    return c.createArrayOf(type, out);
  }
}
