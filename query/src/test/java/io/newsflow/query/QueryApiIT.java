package io.newsflow.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.newsflow.query.QueryClient.Answer;
import io.newsflow.testkit.EmbeddedServersExtension;
import io.newsflow.testkit.PipelineEnvironment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The query API against a real PostgreSQL store: rows written with SQL as the sink writes them,
 * every endpoint's JSON read over HTTP.
 */
@ExtendWith(EmbeddedServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryApiIT {
  static final String ISIS = "Q2429253";
  static final String KERRY = "newsflow:person/john-kerry";
  static final String LAVROV = "Q119";
  static final String SYRIA = "iso3166:SY";
  static final String GEORGE_WASHINGTON = "Q23";
  static final String WASHINGTON_DC = "geonames:4140963";
  static final String ISRAEL = "iso3166:IL";

  static final String KERRY_TEXT =
      "US Secretary of State John Kerry met Sergei Lavrov in Moscow to discuss a ceasefire in"
          + " Syria. \"We are close,\" Kerry said. Islamic State fighters were not part of the"
          + " talks.";

  private String databaseUrl;
  private StoreFixture store;
  private QueryServer server;
  private QueryClient api;

  /** The sort time of every article that mentions Syria, as seeded. */
  private final Map<String, Instant> syria = new HashMap<>();

  @BeforeAll
  void seed(PipelineEnvironment env) throws Exception {
    databaseUrl = env.jdbcUrl();
    store = StoreFixture.create(databaseUrl, "query_api_it");
    store.entity(ISIS, "Islamic State", "ORGANIZATION", "ISIS", "ISIL", "Daesh");
    store.entity(KERRY, "John Kerry", "PERSON", "Kerry");
    store.entity(LAVROV, "Sergei Lavrov", "PERSON", "Lavrov");
    store.entity(SYRIA, "Syria", "LOCATION");
    store.entity(GEORGE_WASHINGTON, "George Washington", "PERSON", "Washington");
    store.entity(WASHINGTON_DC, "Washington", "LOCATION", "Washington, D.C.");
    store.entity(ISRAEL, "Israel", "LOCATION");

    store
        .article("a-kerry", "Kerry meets Lavrov in Moscow", KERRY_TEXT)
        .published("2016-07-15T10:00:00Z")
        .url("https://news.example/kerry-lavrov")
        .insert();
    int said = KERRY_TEXT.indexOf("Kerry said");
    store.mentions(
        "a-kerry",
        KERRY,
        0.95,
        "BODY:" + at(KERRY_TEXT, "John Kerry") + ":John Kerry",
        "TITLE:0:5:Kerry",
        "BODY:" + said + ":" + (said + 5) + ":Kerry");
    store.mentions(
        "a-kerry", LAVROV, 0.9, "BODY:" + at(KERRY_TEXT, "Sergei Lavrov") + ":Sergei Lavrov");
    store.mentions("a-kerry", SYRIA, 0.8, "BODY:" + at(KERRY_TEXT, "Syria") + ":Syria");
    store.mentions(
        "a-kerry", ISIS, 0.7, "BODY:" + at(KERRY_TEXT, "Islamic State") + ":Islamic State");
    store.quote(
        "a-kerry",
        KERRY_TEXT.indexOf("We are close"),
        KERRY_TEXT.indexOf("We are close") + 12,
        "We are close",
        KERRY,
        "Kerry");
    syria.put("a-kerry", Instant.parse("2016-07-15T10:00:00Z"));

    store
        .article(
            "a-truce",
            "Syria ceasefire holds",
            "The ceasefire in Syria held for a second day. Observers said the ceasefire was"
                + " fragile.")
        .published("2016-07-16T09:00:00Z")
        .insert();
    store.mentions("a-truce", SYRIA, 0.9);
    syria.put("a-truce", Instant.parse("2016-07-16T09:00:00Z"));

    store
        .article("a-copy", "Kerry meets Lavrov in Moscow (copy)", "A copy of the Moscow report.")
        .published("2016-07-15T11:00:00Z")
        .insert();
    store.mentions("a-copy", KERRY, 0.9);

    store
        .article(
            "a-gw",
            "Washington's farewell address",
            "George Washington warned against factions. Washington left office in 1797.")
        .published("2016-07-10T08:00:00Z")
        .insert();
    store.mentions("a-gw", GEORGE_WASHINGTON, 0.9);
    store
        .article(
            "a-dc",
            "Snow falls on Washington",
            "Heavy snow closed schools across Washington on Monday (<b>minus</b> 5 < 0) & more.")
        .published("2016-07-11T08:00:00Z")
        .insert();
    store.mentions("a-dc", WASHINGTON_DC, 0.9);
    store
        .article("a-dc2", "Roads reopen", "Roads reopened in the capital.")
        .published("2016-07-12T08:00:00Z")
        .insert();
    store.mentions("a-dc2", WASHINGTON_DC, 0.6);

    // 25 articles with the same words (so the same rank) and sort times that tie in threes; every
    // seventh has no publication time and sorts by its arrival
    for (int i = 1; i <= 25; i++) {
      String id = String.format("s%02d", i);
      Instant time = Instant.parse("2016-06-01T00:00:00Z").plusSeconds(3600L * (i / 3));
      var row = store.article(id, "Aleppo update", "Fighting continued around Aleppo.");
      if (i % 7 == 0) {
        row.received(time.toString());
      } else {
        row.published(time.toString()).received("2016-07-30T00:00:00Z");
      }
      row.insert();
      store.mentions(id, SYRIA, 0.5);
      syria.put(id, time);
    }

    store.link("a-kerry", "DUPLICATE", "a-copy", 0.92, "[\"copy\"]", null, null);
    store.link("a-copy", "DUPLICATE", "a-kerry", 0.92, "[\"original\"]", null, null);
    store.link(
        "a-kerry", "RELATED", "a-truce", 2.5, "[\"" + SYRIA + "\", \"" + KERRY + "\"]", null, null);
    store.link("a-truce", "RELATED", "a-kerry", 2.5, "[\"" + SYRIA + "\"]", null, null);
    store.link("a-kerry", "RELATED", "a-gone", 1.1, "[\"Q404\", \"" + SYRIA + "\"]", null, null);
    store.link("a-kerry", "RELATED", "a-dc", 0.6, "[\"" + SYRIA + "\"]", null, null);
    store.link("a-kerry", "CITES", "Q130879", 0.8, "[\"told Reuters\"]", "Reuters", "Jane Doe");
    store.link("a-kerry", "STORY", "story:a-kerry", 1, "[\"a-kerry\"]", null, null);
    store.story("story:a-kerry", "a-kerry", "a-truce", "a-copy");

    server = QueryServer.start(new QueryConfig(config(store.jdbcUrl())));
    api = new QueryClient(server.port());
  }

  static Map<String, String> config(String jdbcUrl) {
    Map<String, String> values = new HashMap<>();
    values.put(QueryConfig.JDBC_URL, jdbcUrl);
    values.put(QueryConfig.HTTP_PORT, "0");
    values.put(QueryConfig.MAX_PAGE_SIZE, "50");
    values.put(QueryConfig.DEFAULT_PAGE_SIZE, "10");
    values.put(QueryConfig.JDBC_POOL_SIZE, "2");
    return values;
  }

  @AfterAll
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (store != null) {
      store.close();
    }
  }

  /** {@code start:end} of the first {@code text} in {@code in}. */
  static String at(String in, String text) {
    int start = in.indexOf(text);
    assertThat(start).as(text).isNotNegative();
    return start + ":" + (start + text.length());
  }

  static List<String> ids(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(n -> n.get("id").asText()).toList();
  }

  static List<String> strings(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  static List<String> texts(JsonNode array, String field) {
    return StreamSupport.stream(array.spliterator(), false)
        .map(n -> n.get(field).asText())
        .toList();
  }

  /** The Syria articles newest first: by sort time, then id, both descending. */
  private List<String> syriaNewestFirst() {
    return syria.entrySet().stream()
        .sorted(
            Comparator.comparing(Map.Entry<String, Instant>::getValue)
                .thenComparing(Map.Entry::getKey)
                .reversed())
        .map(Map.Entry::getKey)
        .toList();
  }

  private Answer ok(String path) throws Exception {
    Answer answer = api.get(path);
    assertThat(answer.status()).as("%s: %s", path, answer).isEqualTo(200);
    assertThat(answer.json()).as(path).isNotNull();
    return answer;
  }

  /** The 400 answer of {@code path}, and the parameters it names. */
  private List<String> badParameters(String path) throws Exception {
    Answer answer = api.get(path);
    assertThat(answer.status()).as("%s: %s", path, answer).isEqualTo(400);
    assertThat(answer.json().get("status").asInt()).isEqualTo(400);
    assertThat(answer.json().get("error").asText()).isNotBlank();
    return texts(answer.json().get("errors"), "parameter");
  }

  // ---------------------------------------------------------------- the article

  @Test
  void anArticleComesWithItsStoryEntitiesMentionsQuotesAndLinks() throws Exception {
    JsonNode a = ok("/v1/articles/a-kerry").json();

    assertThat(a.get("id").asText()).isEqualTo("a-kerry");
    assertThat(a.get("title").asText()).isEqualTo("Kerry meets Lavrov in Moscow");
    assertThat(a.get("text").asText()).isEqualTo(KERRY_TEXT);
    assertThat(a.get("url").asText()).isEqualTo("https://news.example/kerry-lavrov");
    assertThat(a.get("publishedAt").asText()).isEqualTo("2016-07-15T10:00:00Z");
    assertThat(a.get("receivedAt").asText()).isEqualTo("2016-07-01T00:00:00Z");
    assertThat(a.get("enrichedAt").asText()).isEqualTo("2016-07-01T00:00:01Z");
    assertThat(a.get("source").asText()).isEqualTo("Example News");
    assertThat(a.get("language").asText()).isEqualTo("en");
    assertThat(a.get("channel").asText()).isEqualTo("HTTP");
    assertThat(a.get("wordCount").asInt()).isEqualTo(KERRY_TEXT.split("\\s+").length);
    assertThat(a.get("story").get("id").asText()).isEqualTo("story:a-kerry");
    assertThat(a.get("story").get("articleCount").asInt()).isEqualTo(3);

    assertThat(ids(a.get("entities"))).containsExactly(KERRY, LAVROV, SYRIA, ISIS);
    JsonNode kerry = a.get("entities").get(0);
    assertThat(kerry.get("name").asText()).isEqualTo("John Kerry");
    assertThat(kerry.get("type").asText()).isEqualTo("PERSON");
    assertThat(kerry.get("confidence").asDouble())
        .isCloseTo(0.95, org.assertj.core.data.Offset.offset(1e-6));
    JsonNode mentions = kerry.get("mentions");
    assertThat(texts(mentions, "field")).containsExactly("TITLE", "BODY", "BODY");
    int start = mentions.get(1).get("start").asInt();
    int end = mentions.get(1).get("end").asInt();
    assertThat(KERRY_TEXT.substring(start, end)).isEqualTo("John Kerry");
    assertThat(mentions.get(1).get("text").asText()).isEqualTo("John Kerry");

    JsonNode quote = a.get("quotes").get(0);
    assertThat(quote.get("text").asText()).isEqualTo("We are close");
    assertThat(quote.get("speakerId").asText()).isEqualTo(KERRY);
    assertThat(KERRY_TEXT.substring(quote.get("start").asInt(), quote.get("end").asInt()))
        .isEqualTo("We are close");

    JsonNode links = a.get("links");
    assertThat(texts(links, "type"))
        .containsExactly("CITES", "DUPLICATE", "RELATED", "RELATED", "RELATED", "STORY");
    assertThat(texts(links, "to"))
        .containsExactly("Q130879", "a-copy", "a-truce", "a-gone", "a-dc", "story:a-kerry");
    assertThat(links.get(0).get("targetName").asText()).isEqualTo("Reuters");
    assertThat(links.get(0).get("via").asText()).isEqualTo("Jane Doe");
    assertThat(links.get(0).get("evidence").get(0).asText()).isEqualTo("told Reuters");
    assertThat(links.get(2).get("targetTitle").asText()).isEqualTo("Syria ceasefire holds");
    assertThat(links.get(2).get("score").asDouble()).isEqualTo(2.5);
    assertThat(links.get(3).get("targetTitle").isNull()).as("a-gone is not stored").isTrue();
  }

  @Test
  void unknownArticlesEntitiesAndRoutesAre404Json() throws Exception {
    for (String path :
        List.of(
            "/v1/articles/nope",
            "/v1/articles/nope/related",
            "/v1/entities/Q0/articles",
            "/v1/entities/newsflow:person/nobody/articles",
            "/v2/articles",
            "/nowhere")) {
      Answer answer = api.get(path);
      assertThat(answer.status()).as(path).isEqualTo(404);
      assertThat(answer.json()).as(path + " answers JSON").isNotNull();
      assertThat(answer.json().get("status").asInt()).isEqualTo(404);
      assertThat(answer.json().get("error").asText()).isNotBlank();
    }
    assertThat(api.get("/v1/articles/nope").json().get("error").asText()).contains("nope");
    assertThat(api.get("/nowhere").json().get("error").asText()).contains("/nowhere");
  }

  // ---------------------------------------------------------------- an entity's articles

  @Test
  void anEntitysArticlesPageNewestFirstWithoutDuplicatesOrGaps() throws Exception {
    List<String> expected = new ArrayList<>(syriaNewestFirst());
    assertThat(expected).hasSize(27);

    List<String> seen = new ArrayList<>();
    Answer first = ok("/v1/entities/" + SYRIA + "/articles?limit=4");
    JsonNode entity = first.json().get("entity");
    assertThat(entity.get("id").asText()).isEqualTo(SYRIA);
    assertThat(entity.get("name").asText()).isEqualTo("Syria");
    assertThat(entity.get("type").asText()).isEqualTo("LOCATION");
    assertThat(strings(entity.get("names"))).hasSize(1);
    seen.addAll(ids(first.json().get("articles")));
    assertThat(seen).hasSize(4);

    // written while the client pages: a newer article must not shift the pages, an older one
    // shows up at the end
    store.article("s99", "Late news", "Late news.").published("2016-08-01T00:00:00Z").insert();
    store.mentions("s99", SYRIA, 0.5);
    store.article("s00", "Early news", "Early news.").published("2016-05-01T00:00:00Z").insert();
    store.mentions("s00", SYRIA, 0.5);
    expected.add("s00");
    syria.put("s99", Instant.parse("2016-08-01T00:00:00Z"));
    syria.put("s00", Instant.parse("2016-05-01T00:00:00Z"));

    String next = first.json().get("next").asText();
    int pages = 1;
    while (next != null) {
      JsonNode page = ok("/v1/entities/" + SYRIA + "/articles?limit=4&cursor=" + next).json();
      seen.addAll(ids(page.get("articles")));
      next = page.get("next").isNull() ? null : page.get("next").asText();
      pages++;
      assertThat(pages).as("pages end").isLessThan(20);
    }
    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(new LinkedHashSet<>(seen)).hasSameSizeAs(seen);
    assertThat(pages).isEqualTo(7);

    JsonNode row =
        StreamSupport.stream(
                ok("/v1/entities/" + SYRIA + "/articles?limit=50")
                    .json()
                    .get("articles")
                    .spliterator(),
                false)
            .filter(r -> r.get("id").asText().equals("a-truce"))
            .findFirst()
            .orElseThrow();
    assertThat(row.get("sortTime").asText()).isEqualTo("2016-07-16T09:00:00Z");
    assertThat(row.get("confidence").asDouble())
        .isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void entityIdsWithSlashesWorkInThePath() throws Exception {
    JsonNode answer = ok("/v1/entities/" + KERRY + "/articles").json();
    assertThat(answer.get("entity").get("name").asText()).isEqualTo("John Kerry");
    assertThat(strings(answer.get("entity").get("names"))).isNotEmpty();
    assertThat(ids(answer.get("articles"))).containsExactly("a-copy", "a-kerry");
    assertThat(answer.get("next").isNull()).isTrue();

    Answer encoded = api.get("/v1/entities/" + QueryClient.encode(KERRY) + "/articles");
    assertThat(encoded.status()).as("percent-encoded: %s", encoded).isEqualTo(200);
  }

  @Test
  void theEntityArticlesQueryIsOneIndexRangeScanWithoutASort() throws Exception {
    try (var c = java.sql.DriverManager.getConnection(store.jdbcUrl());
        var s = c.createStatement()) {
      // the tables are small: make the planner show the plan it would take on large ones
      s.execute("SET enable_seqscan = off");
      s.execute("SET enable_bitmapscan = off");
      StringBuilder plan = new StringBuilder();
      try (var ps = c.prepareStatement("EXPLAIN " + QueryStore.ENTITY_ARTICLES_SQL)) {
        ps.setString(1, SYRIA);
        ps.setObject(2, java.time.OffsetDateTime.parse("2016-07-01T00:00:00Z"));
        ps.setString(3, "s10");
        ps.setInt(4, 5);
        try (var rs = ps.executeQuery()) {
          while (rs.next()) {
            plan.append(rs.getString(1)).append('\n');
          }
        }
      }
      assertThat(plan.toString())
          .contains("Index Scan using article_entities_by_entity")
          .doesNotContain("Sort");
    }
  }

  // ---------------------------------------------------------------- related

  @Test
  void relatedArticlesComeDuplicatesFirstThenStrongestWithTheirStory() throws Exception {
    JsonNode answer = ok("/v1/articles/a-kerry/related").json();

    assertThat(answer.get("article").get("id").asText()).isEqualTo("a-kerry");
    JsonNode related = answer.get("related");
    assertThat(ids(related)).containsExactly("a-copy", "a-truce", "a-gone", "a-dc");
    assertThat(texts(related, "type"))
        .containsExactly("DUPLICATE", "RELATED", "RELATED", "RELATED");
    assertThat(related.get(0).get("role").asText()).isEqualTo("copy");
    assertThat(related.get(0).get("title").asText())
        .isEqualTo("Kerry meets Lavrov in Moscow (copy)");
    assertThat(related.get(1).get("score").asDouble()).isEqualTo(2.5);
    assertThat(related.get(1).get("stored").asBoolean()).isTrue();
    assertThat(related.get(1).get("title").asText()).isEqualTo("Syria ceasefire holds");
    assertThat(related.get(1).get("sortTime").asText()).isEqualTo("2016-07-16T09:00:00Z");
    assertThat(texts(related.get(1).get("sharedEntities"), "name"))
        .containsExactly("Syria", "John Kerry");
    assertThat(related.get(2).get("stored").asBoolean()).isFalse();
    assertThat(related.get(2).get("title").isNull()).isTrue();
    assertThat(texts(related.get(2).get("sharedEntities"), "id")).containsExactly(SYRIA);
    assertThat(strings(related.get(2).get("evidence"))).hasSize(2);

    JsonNode story = answer.get("story");
    assertThat(story.get("id").asText()).isEqualTo("story:a-kerry");
    assertThat(story.get("articleCount").asInt()).isEqualTo(3);
    assertThat(ids(story.get("articles"))).containsExactly("a-truce", "a-copy");

    assertThat(ids(ok("/v1/articles/a-kerry/related?type=related").json().get("related")))
        .containsExactly("a-truce", "a-gone", "a-dc");
    assertThat(ids(ok("/v1/articles/a-kerry/related?type=DUPLICATE").json().get("related")))
        .containsExactly("a-copy");
    assertThat(ids(ok("/v1/articles/a-kerry/related?limit=2").json().get("related")))
        .containsExactly("a-copy", "a-truce");
    JsonNode copy = ok("/v1/articles/a-copy/related").json();
    assertThat(copy.get("related").get(0).get("role").asText()).isEqualTo("original");
    assertThat(ids(copy.get("story").get("articles"))).containsExactly("a-truce", "a-kerry");
    JsonNode alone = ok("/v1/articles/a-gw/related").json();
    assertThat(alone.get("related")).isEmpty();
    assertThat(alone.get("story").isNull()).isTrue();
  }

  // ---------------------------------------------------------------- search

  @Test
  void searchRanksMatchesAndMarksThemInAnEscapedHeadline() throws Exception {
    JsonNode answer = ok("/v1/search?q=ceasefire").json();
    assertThat(answer.get("order").asText()).isEqualTo("rank");
    JsonNode results = answer.get("results");
    assertThat(ids(results)).containsExactly("a-truce", "a-kerry");
    assertThat(results.get(0).get("rank").asDouble())
        .isGreaterThan(results.get(1).get("rank").asDouble());
    assertThat(results.get(0).get("headline").asText()).contains("<b>ceasefire</b>");
    assertThat(answer.get("next").isNull()).isTrue();

    String headline = ok("/v1/search?q=snow").json().get("results").get(0).get("headline").asText();
    assertThat(headline)
        .contains("Heavy <b>snow</b> closed")
        .as("the text's own markup is dropped or escaped: only the matches are marked")
        .contains("5 &lt; 0) &amp; more")
        .doesNotContain("<b>minus");

    // web search syntax: a phrase, and a word left out
    assertThat(
            ids(ok("/v1/search?q=" + QueryClient.encode("\"second day\"")).json().get("results")))
        .containsExactly("a-truce");
    assertThat(
            ids(
                ok("/v1/search?q=" + QueryClient.encode("ceasefire -observers"))
                    .json()
                    .get("results")))
        .containsExactly("a-kerry");
  }

  @Test
  void searchFiltersByEntityTypeAndTime() throws Exception {
    assertThat(ids(ok("/v1/search?q=ceasefire&entity=" + KERRY).json().get("results")))
        .containsExactly("a-kerry");
    assertThat(ids(ok("/v1/search?q=ceasefire&from=2016-07-16").json().get("results")))
        .containsExactly("a-truce");
    assertThat(ids(ok("/v1/search?q=ceasefire&to=2016-07-15").json().get("results")))
        .as("a date as the upper bound takes in that whole day")
        .containsExactly("a-kerry");
    assertThat(
            ids(
                ok("/v1/search?q=ceasefire&from=2016-07-15T10:00:00Z&to="
                        + QueryClient.encode("2016-07-15T12:00:01+02:00"))
                    .json()
                    .get("results")))
        .as("from inclusive")
        .containsExactly("a-kerry");
    assertThat(
            ok("/v1/search?q=ceasefire&from=2016-07-15T09:00:00Z&to="
                    + QueryClient.encode("2016-07-15T12:00:00+02:00"))
                .json()
                .get("results"))
        .as("to exclusive")
        .isEmpty();

    assertThat(ids(ok("/v1/search?q=washington").json().get("results")))
        .containsExactlyInAnyOrder("a-gw", "a-dc");
    assertThat(ids(ok("/v1/search?q=washington&type=PERSON").json().get("results")))
        .containsExactly("a-gw");
    assertThat(ids(ok("/v1/search?q=washington&type=location").json().get("results")))
        .containsExactly("a-dc");

    JsonNode byEntity = ok("/v1/search?entity=" + QueryClient.encode(KERRY)).json();
    assertThat(byEntity.get("order").asText()).isEqualTo("time");
    assertThat(ids(byEntity.get("results"))).containsExactly("a-copy", "a-kerry");
    assertThat(byEntity.get("results").get(0).get("rank").isNull()).isTrue();
    assertThat(
            ids(
                ok("/v1/search?entity=" + QueryClient.encode(KERRY) + "&entity=" + SYRIA)
                    .json()
                    .get("results")))
        .as("every entity must be mentioned")
        .containsExactly("a-kerry");
  }

  @Test
  void searchPagesThroughEqualRanksWithoutDuplicatesOrGaps() throws Exception {
    List<String> expected =
        syriaNewestFirst().stream().filter(id -> id.matches("s(0[1-9]|1\\d|2[0-5])")).toList();
    assertThat(expected).hasSize(25);
    List<String> seen = new ArrayList<>();
    List<Double> ranks = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page =
          ok("/v1/search?q=aleppo&limit=4" + (cursor == null ? "" : "&cursor=" + cursor)).json();
      seen.addAll(ids(page.get("results")));
      page.get("results").forEach(r -> ranks.add(r.get("rank").asDouble()));
      cursor = page.get("next").isNull() ? null : page.get("next").asText();
      pages++;
    } while (cursor != null && pages < 20);
    assertThat(ranks)
        .as("the same words: the same rank, so ties are broken by time and id")
        .containsOnly(ranks.get(0));
    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(pages).isEqualTo(7);

    // by time: an entity's search pages the same way
    List<String> byTime = new ArrayList<>();
    cursor = null;
    do {
      JsonNode page =
          ok("/v1/search?entity="
                  + SYRIA
                  + "&to=2016-06-30&limit=6"
                  + (cursor == null ? "" : "&cursor=" + cursor))
              .json();
      byTime.addAll(ids(page.get("results")));
      cursor = page.get("next").isNull() ? null : page.get("next").asText();
    } while (cursor != null && byTime.size() < 100);
    assertThat(byTime)
        .containsExactlyElementsOf(
            syriaNewestFirst().stream()
                .filter(id -> syria.get(id).isBefore(Instant.parse("2016-07-01T00:00:00Z")))
                .toList());
  }

  // ---------------------------------------------------------------- entities by name

  @Test
  void entitiesAreFoundByNameOrAlias() throws Exception {
    JsonNode isil = ok("/v1/entities?name=ISIL").json();
    assertThat(isil.get("key").asText()).isEqualTo("isil");
    JsonNode first = isil.get("entities").get(0);
    assertThat(ids(isil.get("entities"))).containsExactly(ISIS);
    assertThat(first.get("name").asText()).isEqualTo("Islamic State");
    assertThat(first.get("type").asText()).isEqualTo("ORGANIZATION");
    assertThat(first.get("match").asText()).isEqualTo("exact");
    assertThat(first.get("matchedName").asText()).isEqualTo("ISIL");
    assertThat(strings(first.get("names")))
        .containsExactlyInAnyOrder("Daesh", "ISIL", "ISIS", "Islamic State");
    assertThat(first.get("articleCount").asInt()).isEqualTo(1);

    assertThat(ids(ok("/v1/entities?name=" + QueryClient.encode("Dāesh")).json().get("entities")))
        .as("accents and case are folded")
        .containsExactly(ISIS);
    JsonNode prefix = ok("/v1/entities?name=isi").json().get("entities");
    assertThat(ids(prefix)).containsExactly(ISIS);
    assertThat(prefix.get(0).get("match").asText()).isEqualTo("prefix");
    assertThat(ok("/v1/entities?name=is").json().get("entities"))
        .as("two characters match whole names only")
        .isEmpty();

    JsonNode washington = ok("/v1/entities?name=washington").json().get("entities");
    assertThat(ids(washington))
        .as("exact matches, most articles first")
        .containsExactly(WASHINGTON_DC, GEORGE_WASHINGTON);
    assertThat(texts(washington, "articleCount")).containsExactly("2", "1");
    assertThat(ids(ok("/v1/entities?name=washington&type=person").json().get("entities")))
        .containsExactly(GEORGE_WASHINGTON);
    assertThat(ids(ok("/v1/entities?name=wash&limit=1").json().get("entities")))
        .containsExactly(WASHINGTON_DC);
  }

  // ---------------------------------------------------------------- bad requests

  @Test
  void badParametersAre400WithTheParameterAndTheReason() throws Exception {
    String articles = "/v1/entities/" + SYRIA + "/articles";
    assertThat(badParameters(articles + "?limit=abc")).containsExactly("limit");
    assertThat(badParameters(articles + "?limit=0")).containsExactly("limit");
    assertThat(badParameters(articles + "?limit=51")).containsExactly("limit");
    assertThat(api.get(articles + "?limit=51").json().get("errors").get(0).get("message").asText())
        .contains("1 to 50");
    assertThat(badParameters(articles + "?limit=1&limit=2")).containsExactly("limit");
    assertThat(badParameters(articles + "?cursor=bm90IGEgY3Vyc29y")).containsExactly("cursor");
    assertThat(badParameters(articles + "?cursor=%25%25")).containsExactly("cursor");
    String syriaCursor =
        ok("/v1/entities/" + SYRIA + "/articles?limit=1").json().get("next").asText();
    assertThat(
            api.get("/v1/entities/" + ISIS + "/articles?cursor=" + syriaCursor)
                .json()
                .get("error")
                .asText())
        .as("a cursor of another entity")
        .contains("another query");
    assertThat(badParameters("/v1/search?q=aleppo&cursor=" + syriaCursor))
        .as("a cursor of another endpoint")
        .containsExactly("cursor");

    assertThat(badParameters("/v1/search")).containsExactly("q");
    assertThat(badParameters("/v1/search?q=")).containsExactly("q");
    assertThat(badParameters("/v1/search?q=the")).as("only stop words").containsExactly("q");
    assertThat(badParameters("/v1/search?q=" + "x".repeat(501))).containsExactly("q");
    assertThat(badParameters("/v1/search?q=x&type=ANIMAL")).containsExactly("type");
    assertThat(badParameters("/v1/search?entity=" + SYRIA + "&type=PERSON"))
        .containsExactly("type");
    assertThat(badParameters("/v1/search?q=x&from=yesterday")).containsExactly("from");
    assertThat(badParameters("/v1/search?q=x&to=2016-07-15T10:00:00"))
        .as("no offset")
        .containsExactly("to");
    assertThat(badParameters("/v1/search?q=x&from=2016-07-16&to=2016-07-15")).containsExactly("to");
    assertThat(badParameters("/v1/search?query=x")).containsExactlyInAnyOrder("query", "q");
    assertThat(badParameters("/v1/search?entity=Q0")).containsExactly("entity");
    assertThat(badParameters("/v1/search?q=x&limit=abc&type=x&from=x"))
        .as("every mistake at once")
        .containsExactlyInAnyOrder("limit", "type", "from");
    assertThat(badParameters("/v1/articles/a-kerry/related?type=STORY")).containsExactly("type");
    assertThat(badParameters("/v1/articles/a-kerry?limit=1")).containsExactly("limit");
    assertThat(badParameters("/v1/entities")).containsExactly("name");
    assertThat(badParameters("/v1/entities?name=...")).containsExactly("name");
    assertThat(badParameters("/v1/entities?name=x&type=thing")).containsExactly("type");

    Answer answer = api.get("/v1/search?q=x&limit=abc");
    assertThat(answer.json().get("error").asText()).contains("limit").contains("abc");
    assertThat(answer.json().get("errors").get(0).get("message").asText())
        .contains("not a whole number");
  }

  @Test
  void valuesThePostgresqlCannotTakeAre400NotInternalErrors() throws Exception {
    // outside PostgreSQL's timestamptz range (22008 once bound)
    assertThat(badParameters("/v1/search?q=x&from=300000-01-01")).containsExactly("from");
    assertThat(badParameters("/v1/search?q=x&to=" + QueryClient.encode("+300000-01-01T00:00:00Z")))
        .containsExactly("to");
    assertThat(badParameters("/v1/search?entity=" + SYRIA + "&from=-4714-01-01"))
        .containsExactly("from");
    assertThat(badParameters("/v1/search?q=x&from=%2B300000-01-01")).containsExactly("from");
    assertThat(api.get("/v1/search?q=x&from=%2B300000-01-01").json().get("error").asText())
        .contains("0001-01-01")
        .contains("9999-12-31");
    assertThat(
            ids(ok("/v1/search?q=ceasefire&from=0001-01-01&to=9999-12-31").json().get("results")))
        .as("the widest range taken")
        .containsExactlyInAnyOrder("a-truce", "a-kerry");

    // NUL, which no PostgreSQL text can hold (class 22), and other control characters
    assertThat(badParameters("/v1/search?q=cease%00fire")).containsExactly("q");
    assertThat(badParameters("/v1/search?q=ceasefire%01")).containsExactly("q");
    assertThat(badParameters("/v1/search?entity=Q%001")).containsExactly("entity");
    assertThat(badParameters("/v1/search?q=x&entity=" + SYRIA + "&entity=Q%00"))
        .containsExactly("entity");
    assertThat(badParameters("/v1/search?q=x&type=PERSON%00")).containsExactly("type");
    assertThat(badParameters("/v1/search?q=x&cursor=%00")).containsExactly("cursor");
    assertThat(badParameters("/v1/entities?name=is%00il")).containsExactly("name");
    assertThat(badParameters("/v1/entities?name=isil&limit=1%00")).containsExactly("limit");
    assertThat(badParameters("/v1/articles/a-kerry%01")).containsExactly("id");
    assertThat(badParameters("/v1/articles/a%7F/related")).containsExactly("id");
    assertThat(badParameters("/v1/entities/Q%1B/articles")).containsExactly("id");
    for (String path : List.of("/v1/articles/a-kerry%00", "/v1/entities/Q%00/articles")) {
      // the HTTP server refuses an encoded NUL in a path before the API sees it: still JSON
      Answer answer = api.get(path);
      assertThat(answer.status()).as("%s: %s", path, answer).isEqualTo(400);
      assertThat(answer.json()).as("%s answers JSON: %s", path, answer).isNotNull();
      assertThat(answer.json().get("status").asInt()).isEqualTo(400);
      assertThat(answer.json().get("error").asText()).isNotBlank();
    }
    assertThat(
            api.get("/v1/search?q=cease%00fire")
                .json()
                .get("errors")
                .get(0)
                .get("message")
                .asText())
        .contains("U+0000");
    assertThat(ids(ok("/v1/search?q=" + QueryClient.encode("second\tday\n")).json().get("results")))
        .as("tabs and line breaks are white space, not refused")
        .containsExactly("a-truce");

    // a forged cursor (the scope is no secret) whose time or id PostgreSQL cannot take
    String scope = Cursors.scope("entity", SYRIA);
    for (String forged :
        List.of(
            Cursors.encode(
                Cursors.ENTITY_ARTICLES,
                scope,
                new Cursors.TimeKey(Instant.parse("+300000-01-01T00:00:00Z"), "s01")),
            Cursors.encode(
                Cursors.ENTITY_ARTICLES,
                scope,
                new Cursors.TimeKey(Instant.parse("2016-07-01T00:00:00Z"), "s" + '\0' + "01")))) {
      assertThat(badParameters("/v1/entities/" + SYRIA + "/articles?cursor=" + forged))
          .containsExactly("cursor");
    }
  }

  @Test
  void aValueThatPostgresqlRefusesIs400EvenWhereNoCheckForesawIt() throws Exception {
    // a store whose stories view divides by zero (SQLSTATE 22012): no parameter check can see
    // that coming, and the answer must still be a 400 that says what was refused, not a 500
    try (StoreFixture broken = StoreFixture.create(databaseUrl, "query_api_it_22")) {
      broken.article("b1", "Broken story", "A story that cannot be counted.").insert();
      broken.story("story:b1", "b1");
      broken.execute(
          "CREATE OR REPLACE VIEW stories AS SELECT s.story_id AS id,"
              + " count(*) / (count(*) - count(*)) AS article_count,"
              + " min(a.sort_time) AS first_at, max(a.sort_time) AS last_at"
              + " FROM story_members s JOIN articles a ON a.id = s.article_id"
              + " GROUP BY s.story_id");
      try (QueryServer brokenServer =
          QueryServer.start(new QueryConfig(config(broken.jdbcUrl())))) {
        Answer answer = new QueryClient(brokenServer.port()).get("/v1/articles/b1");
        assertThat(answer.status()).as("%s", answer).isEqualTo(400);
        assertThat(answer.json().get("error").asText())
            .startsWith("invalid value: ")
            .contains("division by zero");
        assertThat(brokenServer.metrics().scrape())
            .containsPattern("newsflow_query_database_errors_total\\{kind=\"invalid_value\"} 1");
      }
    }
  }

  // ---------------------------------------------------------------- operations

  @Test
  void healthMetricsAndTheOpenApiDocument() throws Exception {
    Answer health = ok("/health");
    assertThat(health.json().get("status").asText()).isEqualTo("UP");
    assertThat(health.json().get("database").get("available").asBoolean()).isTrue();
    // the shape every service's health answer has
    assertThat(health.json().get("service").asText()).isEqualTo("query");
    assertThat(health.json().get("checks").get("database").asText()).isEqualTo("UP");

    api.get("/v1/search?q=ceasefire");
    api.get("/v1/search?q=");
    api.get("/random/path/1");
    Answer metrics = api.get("/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.header("Content-Type")).startsWith("text/plain");
    List<String> requests =
        metrics
            .text()
            .lines()
            .filter(l -> l.startsWith("newsflow_query_http_requests_seconds_count{"))
            .toList();
    assertThat(requests)
        .anyMatch(l -> l.contains("route=\"/v1/search\"") && l.contains("status=\"200\""))
        .anyMatch(l -> l.contains("route=\"/v1/search\"") && l.contains("status=\"400\""))
        .anyMatch(l -> l.contains("route=\"other\"") && l.contains("status=\"404\""))
        .noneMatch(l -> l.contains("/random/path"));
    assertThat(metrics.text())
        .contains("newsflow_query_database_connections{")
        .contains("jvm_memory_used_bytes");

    Answer openApi = api.get("/openapi.yaml");
    assertThat(openApi.status()).isEqualTo(200);
    assertThat(openApi.header("Content-Type")).startsWith("application/yaml");
    OpenApiCheck.assertDescribes(openApi.text(), server.routes());
  }
}
