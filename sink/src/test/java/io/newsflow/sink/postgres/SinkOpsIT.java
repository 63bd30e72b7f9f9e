package io.newsflow.sink.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.newsflow.avro.EnrichedArticle;
import io.newsflow.schemas.SerdeFactory;
import io.newsflow.schemas.TopicNames;
import io.newsflow.schemas.Topics;
import io.newsflow.sink.JsonLinesSink;
import io.newsflow.sink.SinkConfig;
import io.newsflow.sink.SinkOps;
import io.newsflow.testkit.EmbeddedServersExtension;
import io.newsflow.testkit.KafkaTestSupport;
import io.newsflow.testkit.PipelineEnvironment;
import io.newsflow.testkit.TcpProxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7: {@code newsflow sink}'s metrics and health endpoints, with both sinks on a real broker
 * and PostgreSQL (reached through a proxy that the test cuts).
 */
@ExtendWith(EmbeddedServersExtension.class)
class SinkOpsIT {
  private static final Pattern HOST_PORT = Pattern.compile("^jdbc:postgresql://([^:/]+):(\\d+)/");
  private static final HttpClient http = HttpClient.newHttpClient();

  @Test
  void metricsCountRecordsAndDeadLettersAndReadinessFollowsTheDatabase(
      PipelineEnvironment env, TestInfo info, @TempDir Path out) throws Exception {
    String prefix = KafkaTestSupport.uniquePrefix(info.getDisplayName());
    String schema = "t_" + prefix.replaceAll("[^A-Za-z0-9]", "_").toLowerCase();
    try (Connection c = DriverManager.getConnection(env.jdbcUrl());
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    String schemaUrl =
        env.jdbcUrl() + (env.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
    Matcher m = HOST_PORT.matcher(schemaUrl);
    assertThat(m.find()).isTrue();
    KafkaTestSupport.createTopics(
        env.bootstrapServers(), 2, prefix + "enriched", prefix + "links", prefix + "dlq");

    try (TcpProxy proxy = TcpProxy.start(m.group(1), Integer.parseInt(m.group(2)))) {
      Map<String, String> props = new HashMap<>(env.pipelineProperties());
      props.put("topic.raw", prefix + "raw");
      props.put("topic.enriched", prefix + "enriched");
      props.put("topic.links", prefix + "links");
      props.put("topic.dlq", prefix + "dlq");
      props.put(
          SinkConfig.JDBC_URL,
          schemaUrl.replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/"));
      props.put(SinkConfig.JDBC_GROUP_ID, prefix + "pg");
      props.put(SinkConfig.GROUP_ID, prefix + "jsonl");
      props.put(SinkConfig.OUTPUT_DIR, out.toString());
      props.put(SinkConfig.POLL_TIMEOUT_MS, "100");
      props.put(SinkConfig.JDBC_RETRY_BACKOFF_MAX_MS, "500");
      props.put(SinkConfig.HTTP_PORT, "0");
      SinkConfig config = new SinkConfig(props);
      Topics topics =
          Topics.create(
              TopicNames.withPrefix(prefix), new SerdeFactory(config.schemaRegistryClient()));
      PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

      try (JsonLinesSink jsonl =
              new JsonLinesSink(config, topics, metrics, article -> {}, Clock.systemUTC());
          PostgresSink postgres =
              new PostgresSink(config, topics, metrics, article -> {}, Clock.systemUTC());
          SinkOps ops = SinkOps.start(config, metrics, jsonl, postgres)) {
        String base = "http://127.0.0.1:" + ops.port();
        assertThat(get(base + "/health/live").statusCode()).isEqualTo(200);
        jsonl.start();
        postgres.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> ready(base) == 200);
        assertThat(get(base + "/metrics").body())
            .contains("newsflow_sink_records_total{store=\"jsonl\",type=\"article\"} 0.0")
            .contains("newsflow_sink_records_total{store=\"postgres\",type=\"article\"} 0.0")
            .contains("jvm_memory_used_bytes")
            .contains("newsflow_pipeline_latency_seconds_count{store=\"jsonl\"} 0")
            .contains("newsflow_pipeline_latency_seconds_count{store=\"postgres\"} 0")
            .contains("newsflow_sink_lag_seconds{store=\"postgres\"} NaN");

        produce(
            env,
            topics,
            List.of(justIngested(prefix + "a"), justIngested(prefix + "b")),
            "not avro".getBytes(StandardCharsets.UTF_8));
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> jsonl.deadLetteredCount() == 1 && postgres.deadLetteredCount() == 1);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> jsonl.writtenCount() == 2 && postgres.articlesWritten() == 2);
        String scrape = get(base + "/metrics").body();
        assertThat(scrape)
            .contains("newsflow_sink_records_total{store=\"jsonl\",type=\"article\"} 2.0")
            .contains("newsflow_sink_records_total{store=\"postgres\",type=\"article\"} 2.0")
            .containsPattern(
                "newsflow_sink_dead_letters_total\\{reason=\"\\w+\",stage=\"sink.deserialize\","
                    + "store=\"jsonl\"} 1.0")
            .containsPattern(
                "newsflow_sink_dead_letters_total\\{reason=\"\\w+\","
                    + "stage=\"sink.postgres.deserialize\",store=\"postgres\"} 1.0")
            .contains("kafka_consumer_")
            // issue 7: end-to-end latency per article written, and the age of the newest record
            .contains("newsflow_pipeline_latency_seconds_count{store=\"jsonl\"} 2")
            .contains("newsflow_pipeline_latency_seconds_count{store=\"postgres\"} 2")
            .contains("newsflow_pipeline_latency_seconds_bucket{store=\"postgres\",le=\"+Inf\"} 2")
            .containsPattern("newsflow_sink_lag_seconds\\{store=\"jsonl\"} \\d+\\.\\d+")
            .containsPattern("newsflow_sink_lag_seconds\\{store=\"postgres\"} \\d+\\.\\d+");
        for (String store : List.of("jsonl", "postgres")) {
          // received just before the test produced them: seconds, not the fixtures' months
          assertThat(
                  value(scrape, "newsflow_pipeline_latency_seconds_max{store=\"" + store + "\"}"))
              .isBetween(0.0, 60.0);
          assertThat(value(scrape, "newsflow_sink_lag_seconds{store=\"" + store + "\"}"))
              .isBetween(0.0, 60.0);
        }

        proxy.cut();
        await().atMost(Duration.ofSeconds(30)).until(() -> ready(base) == 503);
        HttpResponse<String> down = get(base + "/health/ready");
        assertThat(down.body()).contains("\"failing\":[\"postgres\"]").contains("\"kafka\":\"UP\"");

        proxy.restore();
        await().atMost(Duration.ofSeconds(60)).until(() -> ready(base) == 200);
      }
    }
  }

  private static void produce(
      PipelineEnvironment env, Topics topics, List<EnrichedArticle> articles, byte[] raw)
      throws Exception {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", env.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (EnrichedArticle a : articles) {
        producer
            .send(
                new ProducerRecord<>(
                    topics.enriched().name(),
                    a.getId().getBytes(StandardCharsets.UTF_8),
                    topics.enriched().serializeValue(a)))
            .get();
      }
      producer
          .send(
              new ProducerRecord<>(
                  topics.enriched().name(), "raw".getBytes(StandardCharsets.UTF_8), raw))
          .get();
    }
  }

  /** An article as ingest would have received it just now. */
  private static EnrichedArticle justIngested(String id) {
    EnrichedArticle article = Fixtures.article(id, 1);
    article.setReceivedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    return article;
  }

  /** The value of one sample in a Prometheus scrape. */
  private static double value(String scrape, String sample) {
    return scrape
        .lines()
        .filter(l -> l.startsWith(sample + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(sample.length() + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no sample " + sample + " in the scrape"));
  }

  private static int ready(String base) throws Exception {
    return get(base + "/health/ready").statusCode();
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
