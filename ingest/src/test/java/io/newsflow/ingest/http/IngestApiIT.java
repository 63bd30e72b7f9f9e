package io.newsflow.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsflow.avro.IngestChannel;
import io.newsflow.avro.RawArticle;
import io.newsflow.ingest.IngestConfig;
import io.newsflow.ingest.IngestServer;
import io.newsflow.schemas.SerdeFactory;
import io.newsflow.schemas.Topics;
import io.newsflow.testkit.EmbeddedServersExtension;
import io.newsflow.testkit.KafkaTestSupport;
import io.newsflow.testkit.PipelineEnvironment;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/** The publishers' HTTP API against a real broker and registry: each answer, and what is stored. */
@ExtendWith(EmbeddedServersExtension.class)
class IngestApiIT {
  private PipelineEnvironment env;
  private String topic;
  private IngestConfig config;
  private IngestServer server;
  private ApiClient api;

  @BeforeEach
  void start(PipelineEnvironment env, TestInfo info) throws Exception {
    this.env = env;
    this.topic = KafkaTestSupport.uniquePrefix(info.getDisplayName()) + "raw";
    start(Map.of());
  }

  private void start(Map<String, String> extra) throws InterruptedException {
    Map<String, String> values = new HashMap<>(env.pipelineProperties());
    values.put("topic.raw", topic);
    values.put(IngestConfig.HTTP_PORT, "0");
    values.put(IngestConfig.HTTP_MAX_REQUEST_BYTES, "65536");
    values.put(IngestConfig.MAX_ARTICLE_BYTES, "8192");
    values.put(IngestConfig.KAFKA_CHECK_INTERVAL_MS, "500");
    values.putAll(extra);
    config = new IngestConfig(values);
    server = IngestServer.start(config, Clock.systemUTC());
    api = new ApiClient(server.port());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** The articles on the raw topic, by id. */
  private Map<String, RawArticle> stored() {
    Deserializer<RawArticle> values =
        Topics.create(config.topicNames(), new SerdeFactory(config.schemaRegistryClient()))
            .raw()
            .valueSerde()
            .deserializer();
    List<ConsumerRecord<byte[], byte[]>> records =
        KafkaTestSupport.readAll(env.bootstrapServers(), topic);
    Map<String, RawArticle> out = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      RawArticle a = values.deserialize(topic, r.value());
      assertThat(out.put(a.getId(), a)).as("stored once: " + a.getId()).isNull();
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(a.getId());
    }
    return out;
  }

  @Test
  void oneArticleIsStoredBeforeTheAnswerAndNormalised() throws Exception {
    String decomposed = "Cafe\u0301 in Sa\u0303o Paulo";
    var answer =
        api.post(
            "{\"title\":\""
                + decomposed
                + "\",\"body\":\"Body.\",\"url\":\"HTTPS://News.Example/a?utm_source=x&id=1\","
                + "\"publishedAt\":\"2016-07-15T12:00:00+02:00\"}",
            "application/json",
            null);

    assertThat(answer.status()).as(answer.text()).isEqualTo(202);
    String id = answer.json().get("id").asText();
    assertThat(answer.json().get("status").asText()).isEqualTo("accepted");
    RawArticle stored = stored().get(id); // read right after the answer: acknowledged already
    assertThat(stored).isNotNull();
    assertThat(stored.getTitle()).isEqualTo("Caf\u00e9 in S\u00e3o Paulo"); // NFC
    assertThat(stored.getUrl()).isEqualTo("https://news.example/a?id=1");
    assertThat(stored.getPublishedAt()).hasToString("2016-07-15T10:00:00Z");
    assertThat(stored.getChannel()).isEqualTo(IngestChannel.HTTP);
    assertThat(stored.getPublisher()).isNull();
  }

  @Test
  void anInvalidArticleIsAnsweredWithEveryReasonByField() throws Exception {
    var answer =
        api.post(
            "{\"title\":\"\",\"body\":\"x\",\"url\":\"ftp://x\",\"publishedAt\":\"yesterday\",\"colour\":\"red\"}",
            "application/json",
            null);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().get("errors").findValuesAsText("field"))
        .containsExactlyInAnyOrder("colour");
    var invalidFields =
        api.post(
            "{\"title\":\"\",\"body\":\"x\",\"url\":\"ftp://x\",\"publishedAt\":\"yesterday\"}",
            "application/json",
            null);
    assertThat(invalidFields.status()).isEqualTo(400);
    assertThat(invalidFields.json().get("errors").findValuesAsText("field"))
        .containsExactlyInAnyOrder("title", "url", "publishedAt");
    assertThat(api.post("{\"title\": ", "application/json", null).json().toString())
        .contains("invalid JSON");
    assertThat(stored()).isEmpty();
  }

  @Test
  void aBatchReportsEachLineAndStoresTheValidOnes() throws Exception {
    String batch =
        String.join(
            "\n",
            ApiClient.article("One", "Body one.", "https://news.example/1"),
            "{\"title\":\"No body\"}",
            "",
            ApiClient.article("Two", "Body two.", null),
            "not json",
            ApiClient.article("Three", "Body three.", "https://news.example/3"));

    var answer = api.post(batch, "application/x-ndjson", null);

    assertThat(answer.status()).as(answer.text()).isEqualTo(202);
    assertThat(answer.json().get("accepted").asInt()).isEqualTo(3);
    assertThat(answer.json().get("rejected").asInt()).isEqualTo(2);
    var results = answer.json().get("results");
    assertThat(results.findValuesAsText("line"))
        .containsExactly("1", "2", "4", "5", "6"); // blank line 3 skipped
    assertThat(results.get(1).get("errors").get(0).get("field").asText()).isEqualTo("body");
    assertThat(results.get(3).get("errors").get(0).get("message").asText())
        .startsWith("invalid JSON");
    List<String> accepted =
        java.util.stream.StreamSupport.stream(results.spliterator(), false)
            .filter(r -> r.get("status").asText().equals("accepted"))
            .map(r -> r.get("id").asText())
            .toList();
    assertThat(stored().keySet()).containsExactlyInAnyOrderElementsOf(accepted);

    var allBad = api.post("{\"title\":\"x\"}\n", "application/x-ndjson", null);
    assertThat(allBad.status()).isEqualTo(400);
  }

  @Test
  void sizeLimitsAndContentTypesAreEnforced() throws Exception {
    String big = "x".repeat(10_000);
    var tooBigArticle = api.post(ApiClient.article("Big", big, null), "application/json", null);
    assertThat(tooBigArticle.status()).isEqualTo(413);
    assertThat(tooBigArticle.json().get("error").asText()).contains("ingest.max.article.bytes");

    var tooBigRequest =
        api.post(
            (ApiClient.article("Line", "y".repeat(4_000), null) + "\n").repeat(20),
            "application/x-ndjson",
            null);
    assertThat(tooBigRequest.status()).isEqualTo(413);
    assertThat(tooBigRequest.json().get("error").asText())
        .contains("ingest.http.max.request.bytes");

    var plain = api.post("Title\n\nBody", "text/plain", null);
    assertThat(plain.status()).isEqualTo(415);
    assertThat(api.post(ApiClient.article("t", "b", null), null, null).status()).isEqualTo(415);

    var latin1 =
        api.post(
            ApiClient.article("Caf\u00e9", "S\u00e3o Paulo", null)
                .getBytes(StandardCharsets.ISO_8859_1),
            "application/json; charset=ISO-8859-1",
            null);
    assertThat(latin1.status()).as(latin1.text()).isEqualTo(202);
    var badUtf8 =
        api.post(
            ApiClient.article("Caf\u00e9", "x", null).getBytes(StandardCharsets.ISO_8859_1),
            "application/json",
            null);
    assertThat(badUtf8.status()).isEqualTo(400);
    assertThat(badUtf8.text()).contains("not valid UTF-8");
    assertThat(stored().values()).extracting(RawArticle::getTitle).containsExactly("Caf\u00e9");
  }

  @Test
  void theSameArticlePostedTwiceIsStoredOnceEvenAfterARestart() throws Exception {
    String first = ApiClient.article("Story", "The same words.", "https://news.example/story");
    var one = api.post(first, "application/json", null);
    var again = api.post(first, "application/json", null);
    var copy =
        api.post(
            ApiClient.article("Story", "The same words.", "https://mirror.example/copy"),
            "application/json",
            null);

    assertThat(one.json().get("status").asText()).isEqualTo("accepted");
    assertThat(again.status()).isEqualTo(202);
    assertThat(again.json().get("status").asText()).isEqualTo("duplicate");
    assertThat(copy.json().get("status").asText()).isEqualTo("duplicate");
    assertThat(copy.json().get("duplicateOf").asText()).isEqualTo(one.json().get("id").asText());

    server.close();
    start(Map.of()); // a new instance: it learns what was accepted from the raw topic
    var afterRestart = api.post(first, "application/json", null);
    assertThat(afterRestart.json().get("status").asText()).isEqualTo("duplicate");
    assertThat(stored()).hasSize(1);
  }

  @Test
  void withPublishersConfiguredATokenIsRequiredAndThePublisherRecorded() throws Exception {
    server.close();
    start(Map.of(IngestConfig.PUBLISHER_TOKENS, "reuters:s3cret-r,ap:s3cret-a"));
    String article = ApiClient.article("Wire", "Body.", null);

    var none = api.post(article, "application/json", null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(api.post(article, "application/json", "wrong").status()).isEqualTo(403);
    var ok = api.post(article, "application/json", "s3cret-a");
    assertThat(ok.status()).isEqualTo(202);

    assertThat(stored().get(ok.json().get("id").asText()).getPublisher()).isEqualTo("ap");
    assertThat(api.get("/health").json().get("authentication").asText()).isEqualTo("tokens");
  }

  @Test
  void healthMetricsAndTheOpenApiDescriptionAreServed() throws Exception {
    api.post(ApiClient.article("Counted", "Body.", null), "application/json", null);
    api.post("{}", "application/json", null);

    var health = api.get("/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("status").asText()).isEqualTo("UP");
    assertThat(health.json().get("authentication").asText()).isEqualTo("off");
    var ready = api.get("/health/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().get("kafka").get("available").asBoolean()).isTrue();
    // the shape every service's health answer has
    assertThat(ready.json().get("service").asText()).isEqualTo("ingest");
    assertThat(ready.json().get("checks").get("kafka").asText()).isEqualTo("UP");
    var live = api.get("/health/live");
    assertThat(live.status()).isEqualTo(200);
    assertThat(live.json().get("service").asText()).isEqualTo("ingest");

    var metrics = api.get("/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.header("Content-Type")).startsWith("text/plain");
    Map<String, String> counters =
        metrics
            .text()
            .lines()
            .filter(l -> l.startsWith("newsflow_ingest_articles_total{"))
            .collect(
                Collectors.toMap(
                    l -> l.substring(0, l.lastIndexOf(' ')),
                    l -> l.substring(l.lastIndexOf(' ') + 1)));
    assertThat(counters)
        .containsEntry(
            "newsflow_ingest_articles_total{channel=\"http\",outcome=\"accepted\"}", "1.0")
        .containsEntry(
            "newsflow_ingest_articles_total{channel=\"http\",outcome=\"rejected\"}", "1.0");
    assertThat(metrics.text()).contains("newsflow_ingest_http_requests_seconds_count");
    assertThat(metrics.text()).contains("jvm_memory_used_bytes").contains("kafka_producer_");

    var openApi = api.get("/openapi.yaml");
    assertThat(openApi.status()).isEqualTo(200);
    assertThat(openApi.text()).contains("openapi: 3.0.3").contains("/v1/articles:");
    assertThat(api.get("/nowhere").status()).isEqualTo(404);
  }

  @Test
  void healthShowsEachFeedAndWhatWentWrong() throws Exception {
    server.close();
    start(Map.of("ingest.feeds.urls", "http://127.0.0.1:1/nothing-listens-here.xml"));
    var feeds = api.get("/health").json().get("feeds");
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (feeds.get(0).get("lastOutcome").isNull() && System.nanoTime() < deadline) {
      Thread.sleep(100);
      feeds = api.get("/health").json().get("feeds");
    }
    assertThat(feeds.get(0).get("url").asText())
        .isEqualTo("http://127.0.0.1:1/nothing-listens-here.xml");
    assertThat(feeds.get(0).get("lastOutcome").asText()).isEqualTo("ERROR");
    assertThat(feeds.get(0).get("consecutiveFailures").asInt()).isPositive();
  }
}
