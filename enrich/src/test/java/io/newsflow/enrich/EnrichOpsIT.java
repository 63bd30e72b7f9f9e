package io.newsflow.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.newsflow.avro.BodyFormat;
import io.newsflow.avro.RawArticle;
import io.newsflow.runtime.config.PipelineConfig;
import io.newsflow.runtime.ops.OpsServer;
import io.newsflow.schemas.SerdeFactory;
import io.newsflow.schemas.Topics;
import io.newsflow.testkit.EmbeddedServersExtension;
import io.newsflow.testkit.KafkaTestSupport;
import io.newsflow.testkit.PipelineEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Issue 7: {@code newsflow enrich}'s metrics and health endpoints on a real broker. */
@ExtendWith(EmbeddedServersExtension.class)
class EnrichOpsIT {
  private static final HttpClient http = HttpClient.newHttpClient();

  @Test
  void readyOnlyOnceStreamsRunsAndMetricsShowKafkaStreams(
      PipelineEnvironment env, TestInfo info, @TempDir Path stateDir) throws Exception {
    String prefix = KafkaTestSupport.uniquePrefix(info.getDisplayName());
    Map<String, String> props = new HashMap<>(env.pipelineProperties());
    props.put(PipelineConfig.TOPIC_RAW, prefix + "raw");
    props.put(PipelineConfig.TOPIC_ENRICHED, prefix + "enriched");
    props.put(PipelineConfig.TOPIC_LINKS, prefix + "links");
    props.put(PipelineConfig.TOPIC_DLQ, prefix + "dlq");
    props.put(PipelineConfig.TOPIC_ENTITIES, prefix + "entities");
    props.put(PipelineConfig.TOPICS_REPLICATION, "1");
    props.put(EnrichConfig.APPLICATION_ID, prefix + "enrich");
    props.put(EnrichConfig.STATE_DIR, stateDir.toString());
    props.put(EnrichConfig.KB_DEFAULT, "false");
    props.put(EnrichConfig.LINKS_ENABLED, "false");
    props.put(EnrichConfig.HTTP_PORT, "0");
    EnrichConfig config = new EnrichConfig(props);
    Topics topics =
        Topics.create(config.topicNames(), new SerdeFactory(config.schemaRegistryClient()));
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (EnrichService service = new EnrichService(config, metrics);
        OpsServer ops = EnrichCommand.startOps(config, service, metrics)) {
      String base = "http://127.0.0.1:" + ops.port();

      assertThat(get(base + "/health/live").statusCode()).isEqualTo(200);
      HttpResponse<String> notYet = get(base + "/health/ready");
      assertThat(notYet.statusCode()).isEqualTo(503);
      assertThat(notYet.body()).contains("\"failing\":[\"streams\"]").contains("CREATED");

      service.start(Duration.ofSeconds(90));

      HttpResponse<String> ready = get(base + "/health/ready");
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      assertThat(ready.body()).contains("\"streams\":\"UP\"");
      HttpResponse<String> scrape = get(base + "/metrics");
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body()).contains("kafka_stream_").contains("jvm_memory_used_bytes");

      // the enricher's own counters are created with its tasks; the binder picks them up on its
      // next refresh (once a minute)
      produce(env, topics, EnrichTopologyTest.article("r1", "Title", "Body", BodyFormat.TEXT));
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(2))
          .untilAsserted(
              () ->
                  assertThat(get(base + "/metrics").body())
                      .containsPattern("kafka_newsflow_enrich_articles_enriched_total\\{.*} 1.0")
                      // issue 7: windowed, so only its presence is sure by the time it is scraped
                      .containsPattern("kafka_newsflow_enrich_enrichment_time_avg_ms\\{")
                      .containsPattern("kafka_newsflow_enrich_enrichment_time_max_ms\\{"));

      service.close(Duration.ofSeconds(30));
      HttpResponse<String> stopped = get(base + "/health/ready");
      assertThat(stopped.statusCode()).isEqualTo(503);
      assertThat(stopped.body()).contains("NOT_RUNNING");
    }
  }

  private static void produce(PipelineEnvironment env, Topics topics, RawArticle article)
      throws Exception {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", env.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  topics.raw().name(),
                  article.getId().getBytes(StandardCharsets.UTF_8),
                  topics.raw().serializeValue(article)))
          .get();
    }
  }

  static HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
