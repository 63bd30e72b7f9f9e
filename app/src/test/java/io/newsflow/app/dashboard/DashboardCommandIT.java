package io.newsflow.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.newsflow.app.DeliveryTracker;
import io.newsflow.app.Newsflow;
import io.newsflow.app.Pipeline;
import io.newsflow.app.PipelineTestOptions;
import io.newsflow.enrich.EnrichConfig;
import io.newsflow.ingest.FileIngestor;
import io.newsflow.runtime.config.PipelineConfig;
import io.newsflow.sink.SinkConfig;
import io.newsflow.testkit.EmbeddedServersExtension;
import io.newsflow.testkit.KafkaTestSupport;
import io.newsflow.testkit.PipelineEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code newsflow dashboard} against a running pipeline: the throughput comes from the ingest
 * service's real {@code /metrics}, the lag from the cluster, and Ctrl-C (here: an interrupt) stops
 * it cleanly.
 */
@ExtendWith(EmbeddedServersExtension.class)
class DashboardCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void readsTheServicesMetricsAndTheConsumerGroups(
      PipelineEnvironment env, TestInfo info, @TempDir Path dir) throws Exception {
    String prefix = KafkaTestSupport.uniquePrefix(info.getDisplayName());
    Map<String, String> options = new HashMap<>(PipelineTestOptions.of(env, prefix, dir));
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(
        in.resolve("a.jsonl"),
        "{\"title\":\"One\",\"body\":\"First.\"}\n{\"title\":\"Two\",\"body\":\"Second.\"}");

    DeliveryTracker tracker = new DeliveryTracker();
    try (Pipeline pipeline = new Pipeline(options, tracker).start(Duration.ofMinutes(2))) {
      FileIngestor.Report report = pipeline.ingest(List.of(in));
      assertThat(
              tracker.await(
                  report.stored().stream().map(FileIngestor.Stored::id).toList(),
                  Duration.ofSeconds(60)))
          .isTrue();

      StringWriter out = new StringWriter();
      AtomicInteger status = new AtomicInteger(-1);
      String[] args = {
        "dashboard",
        "--port",
        "0",
        "--bootstrap-servers",
        env.bootstrapServers(),
        "--schema-registry-url",
        env.schemaRegistryUrl(),
        "--metrics",
        "http://127.0.0.1:" + pipeline.ingest().port() + "/metrics",
        "-D",
        PipelineConfig.TOPIC_RAW + "=" + prefix + "raw",
        "-D",
        PipelineConfig.TOPIC_ENRICHED + "=" + prefix + "enriched",
        "-D",
        PipelineConfig.TOPIC_LINKS + "=" + prefix + "links",
        "-D",
        PipelineConfig.TOPIC_DLQ + "=" + prefix + "dlq",
        "-D",
        PipelineConfig.TOPIC_ENTITIES + "=" + prefix + "entities",
        "-D",
        EnrichConfig.APPLICATION_ID + "=" + prefix + "enrich",
        "-D",
        SinkConfig.GROUP_ID + "=" + prefix + "sink"
      };
      Thread command =
          new Thread(
              () ->
                  status.set(
                      Newsflow.commandLine().setOut(new PrintWriter(out, true)).execute(args)),
              "dashboard-command");
      command.start();
      try {
        Pattern printed = Pattern.compile("newsflow dashboard: (http://\\S+/)");
        await().atMost(Duration.ofSeconds(60)).until(() -> printed.matcher(out.toString()).find());
        Matcher url = printed.matcher(out.toString());
        assertThat(url.find()).isTrue();
        HttpClient http = HttpClient.newHttpClient();
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .untilAsserted(
                () -> {
                  String body =
                      http.send(
                              HttpRequest.newBuilder(URI.create(url.group(1) + "api/overview"))
                                  .build(),
                              HttpResponse.BodyHandlers.ofString())
                          .body();
                  JsonNode o = JSON.readTree(body);
                  assertThat(o.at("/throughput/totals/ingest").asDouble()).as(body).isEqualTo(2.0);
                  assertThat(o.at("/throughput/source").asText()).contains("/metrics");
                  assertThat(o.at("/lag/groups").findValuesAsText("groupId"))
                      .as(body)
                      .contains(prefix + "enrich", prefix + "sink");
                  assertThat(o.at("/articles/latest").findValuesAsText("title"))
                      .as(body)
                      .contains("One", "Two");
                  assertThat(o.at("/deadLetters/total").asInt()).as(body).isZero();
                });
        // the dashboard is a service like the others: health and the process's meters beside it
        HttpResponse<String> ready =
            http.send(
                HttpRequest.newBuilder(URI.create(url.group(1) + "health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(JSON.readTree(ready.body()).at("/service").asText()).isEqualTo("dashboard");
        assertThat(JSON.readTree(ready.body()).at("/checks/kafka").asText()).isEqualTo("UP");
        String metrics =
            http.send(
                    HttpRequest.newBuilder(URI.create(url.group(1) + "metrics")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(metrics).contains("jvm_memory_used_bytes");
        HttpResponse<String> unknown =
            http.send(
                HttpRequest.newBuilder(URI.create(url.group(1) + "no/such/page")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).at("/error").asText())
            .isEqualTo("no such endpoint: GET /no/such/page");
      } finally {
        command.interrupt();
        command.join(30_000);
      }
      assertThat(command.isAlive()).isFalse();
      assertThat(status.get()).as(out.toString()).isZero();
    }
  }
}
