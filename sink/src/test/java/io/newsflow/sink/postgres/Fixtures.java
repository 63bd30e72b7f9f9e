package io.newsflow.sink.postgres;

import io.newsflow.avro.ArticleLink;
import io.newsflow.avro.EnrichedArticle;
import io.newsflow.avro.Entity;
import io.newsflow.avro.EntityType;
import io.newsflow.avro.IngestChannel;
import io.newsflow.avro.Link;
import io.newsflow.avro.LinkType;
import io.newsflow.avro.Mention;
import io.newsflow.avro.Quote;
import io.newsflow.avro.TextField;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Enriched articles and links as the enrich stage makes them, and a way to read tables back. */
final class Fixtures {
  static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

  private Fixtures() {}

  /**
   * An article mentioning the Islamic State as "ISIL" and "Daesh", Reuters cited, a quote by Ban
   * Ki-moon, and a hyperlink; version {@code v} was received {@code v} minutes after T0.
   */
  static EnrichedArticle article(String id, int v) {
    String title = "Talks on ISIL in Geneva " + id + " v" + v;
    String text =
        "Ban Ki-moon said \"we must act now\" about ISIL. Reuters reported that Daesh lost ground"
            + " near Mosul. Version "
            + v
            + ".";
    Instant received = T0.plusSeconds(60L * v);
    return EnrichedArticle.newBuilder()
        .setId(id)
        .setTitle(title)
        .setBody(text)
        .setUrl("https://news.example/" + id)
        .setPublishedAt(received.minusSeconds(30))
        .setReceivedAt(received)
        .setChannel(IngestChannel.HTTP)
        .setPublisher("example")
        .setCleanTitle(title)
        .setCleanText(text)
        .setWordCount(text.split("\\s+").length)
        .setEnrichedAt(received.plusSeconds(1))
        .setEntities(
            List.of(
                entity("Q2429253", "Islamic State", EntityType.ORGANIZATION, text, "ISIL", "Daesh"),
                entity("Q1253", "Ban Ki-moon", EntityType.PERSON, text, "Ban Ki-moon"),
                entity("Q130091", "Reuters", EntityType.ORGANIZATION, text, "Reuters"),
                entity("Q209", "Mosul", EntityType.LOCATION, text, "Mosul")))
        .setQuotes(
            List.of(
                Quote.newBuilder()
                    .setText("we must act now")
                    .setStart(text.indexOf("we must"))
                    .setEnd(text.indexOf("we must") + "we must act now".length())
                    .setSpeakerId("Q1253")
                    .setSpeakerName("Ban Ki-moon")
                    .setCue("said")
                    .setConfidence(0.9f)
                    .build()))
        .setLinks(
            List.of(
                Link.newBuilder()
                    .setType(LinkType.CITES)
                    .setTarget("Q130091")
                    .setTargetName("Reuters")
                    .setEvidence(List.of("Reuters reported"))
                    .build(),
                Link.newBuilder()
                    .setType(LinkType.HYPERLINK)
                    .setTarget("https://other.example/v" + v)
                    .setTargetName("source v" + v)
                    .build()))
        .build();
  }

  static Entity entity(String id, String name, EntityType type, String text, String... forms) {
    List<Mention> mentions = new ArrayList<>();
    for (String form : forms) {
      int at = text.indexOf(form);
      if (at >= 0) {
        mentions.add(
            Mention.newBuilder()
                .setStart(at)
                .setEnd(at + form.length())
                .setText(form)
                .setField(TextField.BODY)
                .build());
      }
    }
    return Entity.newBuilder()
        .setId(id)
        .setName(name)
        .setType(type)
        .setConfidence(0.8f)
        .setSource("wikidata")
        .setMentions(mentions)
        .build();
  }

  static ArticleLink link(LinkType type, String from, String to, double score, Instant at) {
    return ArticleLink.newBuilder()
        .setType(type)
        .setFrom(from)
        .setTo(to)
        .setScore(score)
        .setEvidence(List.of("Q2429253"))
        .setTargetName(null)
        .setCreatedAt(at)
        .build();
  }

  /** Every table's rows, each row as text, sorted: equal maps mean equal table contents. */
  static Map<String, List<String>> dump(String jdbcUrl) throws SQLException {
    Map<String, List<String>> tables = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl);
        Statement s = c.createStatement()) {
      for (String table :
          List.of(
              "articles",
              "entities",
              "entity_names",
              "article_entities",
              "mentions",
              "quotes",
              "links",
              "story_members")) {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT t::text FROM " + table + " t ORDER BY 1")) {
          while (rs.next()) {
            rows.add(rs.getString(1));
          }
        }
        tables.put(table, rows);
      }
    }
    return tables;
  }
}
