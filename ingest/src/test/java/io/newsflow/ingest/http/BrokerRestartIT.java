package io.newsflow.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsflow.embedded.EmbeddedKafkaBroker;
import io.newsflow.embedded.FreePorts;
import io.newsflow.ingest.IngestConfig;
import io.newsflow.ingest.IngestServer;
import io.newsflow.testkit.EmbeddedServersExtension;
import io.newsflow.testkit.KafkaTestSupport;
import io.newsflow.testkit.PipelineEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing lost: the broker is stopped while publishers post, and started again. While it is down
 * the API answers 503 with Retry-After; the publishers retry; afterwards every article answered 202
 * is on the topic exactly once, and nothing else is.
 */
@ExtendWith(EmbeddedServersExtension.class)
class BrokerRestartIT {
  private static final int PUBLISHERS = 4;
  private static final int ARTICLES_EACH = 60; // a multiple of BATCH

  @Test
  void everyAcknowledgedArticleIsStoredExactlyOnceAcrossABrokerRestart(
      PipelineEnvironment env, @TempDir Path data) throws Exception {
    try (EmbeddedKafkaBroker broker = startBroker(data)) {
      Map<String, String> values = options(env, broker, "restart-raw");
      values.put("topics.partitions", "2");
      values.put(IngestConfig.KAFKA_CHECK_INTERVAL_MS, "300");
      values.put(IngestConfig.RETRY_AFTER_SECONDS, "1");
      IngestConfig config = new IngestConfig(values);
      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      AtomicInteger unavailable = new AtomicInteger();
      AtomicInteger answered = new AtomicInteger();
      try (IngestServer server = IngestServer.start(config, Clock.systemUTC())) {
        ApiClient api = new ApiClient(server.port());
        ExecutorService publishers = Executors.newFixedThreadPool(PUBLISHERS + 1);
        List<Future<?>> done = new ArrayList<>();
        for (int p = 0; p < PUBLISHERS; p++) {
          int publisher = p;
          done.add(
              publishers.submit(
                  () -> publish(api, publisher, acknowledged, unavailable, answered)));
        }
        while (answered.get() < PUBLISHERS * ARTICLES_EACH / 4) {
          Thread.sleep(20);
        }
        broker.stop(); // mid-run: the requests in flight wait for the producer's retries
        Thread.sleep(1_500);
        assertThat(api.get("/health").status()).isEqualTo(503);
        // issue 7: ready follows Kafka, live does not (a restart would not bring the broker back)
        assertThat(api.get("/health/ready").status()).isEqualTo(503);
        assertThat(api.get("/health/live").status()).isEqualTo(200);
        // a publisher arriving while the broker is down is told to come back
        done.add(
            publishers.submit(() -> publish(api, PUBLISHERS, acknowledged, unavailable, answered)));
        Thread.sleep(3_000);
        broker.start();
        for (Future<?> f : done) {
          f.get(3, TimeUnit.MINUTES);
        }
        publishers.shutdown();
        // every publisher got through, so the broker is back: ready again
        assertThat(api.get("/health/ready").status()).isEqualTo(200);
        assertThat(api.get("/health/ready").json().get("status").asText()).isEqualTo("UP");
      }

      assertThat(unavailable.get()).as("503 answers while the broker was down").isPositive();
      assertThat(acknowledged).hasSize((PUBLISHERS + 1) * ARTICLES_EACH);
      List<ConsumerRecord<byte[], byte[]>> records =
          KafkaTestSupport.readAll(broker.bootstrapServers(), "restart-raw");
      List<String> storedIds =
          records.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
      assertThat(storedIds).doesNotHaveDuplicates();
      assertThat(storedIds).containsExactlyInAnyOrderElementsOf(acknowledged);
    }
  }

  @Test
  void shutdownAnswersTheRequestsInHandOnceTheirArticlesAreStored(
      PipelineEnvironment env, @TempDir Path data) throws Exception {
    try (EmbeddedKafkaBroker broker = startBroker(data)) {
      Map<String, String> values = options(env, broker, "drain-raw");
      values.put(IngestConfig.KAFKA_CHECK_INTERVAL_MS, "60000"); // the probe must not say 503
      IngestServer server = IngestServer.start(new IngestConfig(values), Clock.systemUTC());
      ApiClient api = new ApiClient(server.port());
      broker.stop(); // sends now wait in the producer: the requests stay in hand
      ExecutorService publishers = Executors.newFixedThreadPool(4);
      List<Future<ApiClient.Answer>> inHand = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String article =
            ApiClient.article("Held " + i, "Body " + i + ".", "https://news.example/held/" + i);
        inHand.add(publishers.submit(() -> api.post(article, "application/json", null)));
      }
      Thread.sleep(1_000);
      Thread closing = new Thread(server::close);
      closing.start(); // waits for the requests in hand
      Thread.sleep(1_000);
      var late = api.post(ApiClient.article("Late", "Too late.", null), "application/json", null);
      assertThat(late.status()).isEqualTo(503);
      assertThat(late.json().get("error").asText()).contains("shutting down");
      broker.start();
      List<String> ids = new ArrayList<>();
      for (Future<ApiClient.Answer> f : inHand) {
        ApiClient.Answer answer = f.get(60, TimeUnit.SECONDS);
        assertThat(answer.status()).as(answer.text()).isEqualTo(202);
        ids.add(answer.json().get("id").asText());
      }
      closing.join(60_000);
      assertThat(closing.isAlive()).isFalse();
      publishers.shutdown();
      List<String> stored =
          KafkaTestSupport.readAll(broker.bootstrapServers(), "drain-raw").stream()
              .map(r -> new String(r.key(), StandardCharsets.UTF_8))
              .toList();
      assertThat(stored).containsExactlyInAnyOrderElementsOf(ids);
    }
  }

  private static final int BATCH = 5;

  /** A broker of the test's own, so that it can be stopped and started again. */
  private static EmbeddedKafkaBroker startBroker(Path data) {
    return EmbeddedKafkaBroker.builder()
        .port(FreePorts.pick())
        .controllerPort(FreePorts.pick())
        .dataDir(data)
        .build()
        .start();
  }

  private static Map<String, String> options(
      PipelineEnvironment env, EmbeddedKafkaBroker broker, String topic) {
    Map<String, String> values = new HashMap<>();
    values.put("bootstrap.servers", broker.bootstrapServers());
    values.put("schema.registry.url", env.schemaRegistryUrl());
    values.put("topic.raw", topic);
    values.put(IngestConfig.HTTP_PORT, "0");
    return values;
  }

  /**
   * Posts one publisher's articles until each is answered 202, retrying after each 503: odd
   * publishers one article per request, even ones NDJSON batches (a batch answered 503 is posted
   * again whole; its stored lines come back as duplicates).
   */
  private static Void publish(
      ApiClient api,
      int publisher,
      Set<String> acknowledged,
      AtomicInteger unavailable,
      AtomicInteger answered)
      throws Exception {
    boolean batches = publisher % 2 == 0;
    int step = batches ? BATCH : 1;
    for (int i = 0; i < ARTICLES_EACH; i += step) {
      StringBuilder body = new StringBuilder();
      for (int k = i; k < i + step; k++) {
        body.append(
                ApiClient.article(
                    "Article " + publisher + "-" + k,
                    "Body of article " + publisher + "-" + k + ".",
                    "https://news.example/" + publisher + "/" + k))
            .append('\n');
      }
      while (true) {
        var answer =
            api.post(body.toString(), batches ? "application/x-ndjson" : "application/json", null);
        if (answer.status() == 202) {
          if (batches) {
            for (var line : answer.json().get("results")) {
              assertThat(line.get("status").asText()).isIn("accepted", "duplicate");
              acknowledged.add(line.get("id").asText());
            }
          } else {
            acknowledged.add(answer.json().get("id").asText());
          }
          answered.addAndGet(step);
          break;
        }
        assertThat(answer.status()).as(answer.text()).isEqualTo(503);
        assertThat(answer.header("Retry-After")).isEqualTo("1");
        unavailable.incrementAndGet();
        Thread.sleep(200); // shorter than Retry-After: the test has a time budget
      }
    }
    return null;
  }
}
