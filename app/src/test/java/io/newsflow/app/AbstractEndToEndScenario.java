package io.newsflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.newsflow.avro.DeadLetter;
import io.newsflow.enrich.EnrichTopology;
import io.newsflow.ingest.FileIngestor;
import io.newsflow.sink.SinkConfig;
import io.newsflow.testkit.KafkaTestSupport;
import io.newsflow.testkit.PipelineEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking skeleton end to end (issue 2): files in, every article out exactly once in the sink,
 * a poison pill on the raw topic in the dead-letter topic with its offset, and the pipeline still
 * running after it. Subclasses choose the servers: {@link EmbeddedEndToEndIT} (tier 2) and {@link
 * ContainersEndToEndIT} (tier 3).
 */
abstract class AbstractEndToEndScenario {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Map<String, String> options(PipelineEnvironment env, String prefix, Path dir) {
    return PipelineTestOptions.of(env, prefix, dir);
  }

  @Test
  void filesInEveryArticleOutOnceAndAPoisonPillInTheDeadLetterTopic(
      PipelineEnvironment env, TestInfo info, @TempDir Path dir) throws Exception {
    String prefix = KafkaTestSupport.uniquePrefix(info.getDisplayName());
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(
        in.resolve("a.txt"),
        "Talks resume in Geneva\n\nDiplomats met on Monday.\n\nShare this article\n");
    Files.writeString(
        in.resolve("b.json"),
        "{\"title\":\"Port strike\",\"body\":\"<p>Workers <b>walked out</b>.</p>\",\"url\":\"https://x.example/port\"}");
    Files.writeString(
        in.resolve("c.jsonl"),
        String.join(
            "\n",
            "{\"title\":\"Rates held\",\"body\":\"The bank held rates.\",\"url\":\"https://x.example/rates\"}",
            "{\"title\":\"\",\"body\":\"no title\"}",
            "{\"title\":\"Flood barrier\",\"body\":\"The council voted.\",\"publishedAt\":\"2026-03-12T18:45:00Z\"}"));

    DeliveryTracker tracker = new DeliveryTracker();
    try (Pipeline pipeline =
        new Pipeline(options(env, prefix, dir), tracker).start(Duration.ofMinutes(2))) {
      FileIngestor.Report first = pipeline.ingest(List.of(in));
      assertThat(first.stored()).hasSize(4);
      assertThat(first.rejected())
          .singleElement()
          .satisfies(
              e ->
                  assertThat(e.toString())
                      .contains("c.jsonl:2")
                      .contains("title: must not be empty"));

      RecordMetadata poison =
          KafkaTestSupport.producePoison(
              env.bootstrapServers(), pipeline.topics().raw().name(), "poison-1");

      // after the poison pill: a new article, and a new version of the rates article (same URL,
      // same id)
      Path later = Files.createDirectories(dir.resolve("later"));
      Files.writeString(
          later.resolve("d.jsonl"),
          String.join(
              "\n",
              "{\"title\":\"After the poison\",\"body\":\"Still flowing.\"}",
              "{\"title\":\"Rates held (updated)\",\"body\":\"The bank held rates again.\",\"url\":\"https://x.example/rates\"}"));
      FileIngestor.Report second = pipeline.ingest(List.of(later));
      assertThat(second.stored()).hasSize(2);

      List<FileIngestor.Stored> stored = new ArrayList<>(first.stored());
      stored.addAll(second.stored());
      List<String> idsIn = stored.stream().map(FileIngestor.Stored::id).distinct().toList();
      List<String> expected =
          new ArrayList<>(stored.stream().map(FileIngestor.Stored::id).toList());
      expected.add("poison-1");
      assertThat(tracker.await(expected, Duration.ofSeconds(60)))
          .as("every article delivered")
          .isTrue();

      // 1. the ids that went in are the ids that came out (sink plus dead-letter topic)
      List<JsonNode> lines = new ArrayList<>();
      for (String line : SinkOutput.lines(pipeline.sink().files())) {
        lines.add(JSON.readTree(line));
      }
      List<ConsumerRecord<byte[], byte[]>> dlq =
          KafkaTestSupport.readAll(env.bootstrapServers(), pipeline.topics().deadLetters().name());
      assertThat(lines.stream().map(l -> l.get("id").asText()).distinct())
          .containsExactlyInAnyOrderElementsOf(idsIn);
      assertThat(dlq).hasSize(1);

      // 2. no duplicates: each stored record once (the rates article has two versions, one line
      // each)
      assertThat(lines).hasSize(stored.size());
      assertThat(lines.stream().map(l -> l.get("id").asText() + "|" + l.get("body").asText()))
          .doesNotHaveDuplicates();

      // 3. per-key order kept: the rates article's versions in the order they were sent
      String ratesId =
          first.stored().stream()
              .filter(s -> s.origin().endsWith("c.jsonl:1"))
              .findFirst()
              .orElseThrow()
              .id();
      assertThat(
              lines.stream()
                  .filter(l -> l.get("id").asText().equals(ratesId))
                  .map(l -> l.get("title").asText()))
          .containsExactly("Rates held", "Rates held (updated)");

      DeadLetter letter = pipeline.topics().deadLetters().deserializeValue(dlq.get(0).value());
      assertThat(letter.getSourceTopic()).isEqualTo(pipeline.topics().raw().name());
      assertThat(letter.getPartition()).isEqualTo(poison.partition());
      assertThat(letter.getOffset()).isEqualTo(poison.offset());
      assertThat(letter.getStage()).isEqualTo(EnrichTopology.STAGE_DESERIALIZE);
      assertThat(new String(letter.getValue().array(), StandardCharsets.UTF_8))
          .isEqualTo("this is not avro");

      JsonNode talks =
          lines.stream()
              .filter(l -> l.get("title").asText().equals("Talks resume in Geneva"))
              .findFirst()
              .orElseThrow();
      assertThat(talks.get("cleanText").asText()).isEqualTo("Diplomats met on Monday.");
      JsonNode port =
          lines.stream()
              .filter(l -> l.get("title").asText().equals("Port strike"))
              .findFirst()
              .orElseThrow();
      assertThat(port.get("bodyFormat").asText()).isEqualTo("HTML");
      assertThat(port.get("cleanText").asText()).isEqualTo("Workers walked out.");

      // entities: in the enriched article, and one record per entity on the entities topic
      JsonNode geneva = talks.get("entities").get(0);
      assertThat(geneva.get("name").asText()).isEqualTo("Geneva");
      assertThat(geneva.get("type").asText()).isEqualTo("LOCATION");
      List<ConsumerRecord<byte[], byte[]>> entityRecords =
          KafkaTestSupport.readAll(env.bootstrapServers(), pipeline.topics().entities().name());
      assertThat(entityRecords)
          .anySatisfy(
              r -> {
                assertThat(new String(r.key(), StandardCharsets.UTF_8))
                    .isEqualTo(geneva.get("id").asText());
                assertThat(pipeline.topics().entities().deserializeValue(r.value()).getArticleId())
                    .isEqualTo(talks.get("id").asText());
              });

      assertThat(pipeline.enrich().state()).isEqualTo(KafkaStreams.State.RUNNING);
      assertThat(pipeline.sink().failure()).isNotDone();
    }
  }

  @Test
  void bothSinksAtOnceTheDatabaseHoldsTheNewestVersionOfEachArticle(
      PipelineEnvironment env, TestInfo info, @TempDir Path dir) throws Exception {
    String prefix = KafkaTestSupport.uniquePrefix(info.getDisplayName());
    String schema = "e2e_" + prefix.replaceAll("[^A-Za-z0-9]", "_").toLowerCase();
    try (Connection c = DriverManager.getConnection(env.jdbcUrl());
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    String jdbcUrl =
        env.jdbcUrl() + (env.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
    Map<String, String> options = new HashMap<>(options(env, prefix, dir));
    options.put(SinkConfig.JDBC_URL, jdbcUrl);
    options.put(SinkConfig.JDBC_GROUP_ID, prefix + "pg");
    options.put("query.http.port", "0");
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(
        in.resolve("a.jsonl"),
        String.join(
            "\n",
            "{\"title\":\"Talks resume in Geneva\",\"body\":\"Diplomats met in Geneva on Monday.\",\"url\":\"https://x.example/talks\"}",
            "{\"title\":\"Port strike\",\"body\":\"Workers walked out in Rotterdam.\"}",
            "{\"title\":\"Talks resume in Geneva (updated)\",\"body\":\"Diplomats met in Geneva again.\",\"url\":\"https://x.example/talks\"}"));

    DeliveryTracker tracker = new DeliveryTracker();
    try (Pipeline pipeline = new Pipeline(options, tracker).start(Duration.ofMinutes(2))) {
      FileIngestor.Report report = pipeline.ingest(List.of(in));
      List<String> records = report.stored().stream().map(FileIngestor.Stored::id).toList();
      assertThat(records).hasSize(3);
      // the tracker counts a record once both sinks have it
      assertThat(tracker.await(records, Duration.ofSeconds(90))).isTrue();
      assertThat(pipeline.postgres().failure()).isNotDone();

      try (Connection c = DriverManager.getConnection(jdbcUrl);
          Statement s = c.createStatement()) {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT id, title FROM articles ORDER BY title")) {
          while (rs.next()) {
            rows.add(rs.getString(1) + " " + rs.getString(2));
          }
        }
        List<String> distinct = records.stream().distinct().toList();
        assertThat(rows).hasSize(distinct.size());
        assertThat(rows)
            .containsExactly(
                records.get(1) + " Port strike",
                records.get(0) + " Talks resume in Geneva (updated)");
        try (ResultSet rs =
            s.executeQuery(
                "SELECT e.name FROM article_entities ae JOIN entities e ON e.id = ae.entity_id"
                    + " WHERE ae.article_id = '"
                    + records.get(0)
                    + "'")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).isEqualTo("Geneva");
        }
      }

      // and the query API, started with the database, answers over what the sink stored
      HttpResponse<String> answer =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:"
                                  + pipeline.query().port()
                                  + "/v1/articles/"
                                  + records.get(0)))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      JsonNode article = JSON.readTree(answer.body());
      assertThat(article.path("title").asText()).isEqualTo("Talks resume in Geneva (updated)");
      assertThat(article.path("entities").findValuesAsText("name")).contains("Geneva");
    }
  }
}
