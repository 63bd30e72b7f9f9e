package io.newsflow.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.newsflow.app.dashboard.Dashboard;
import io.newsflow.ingest.FileIngestor;
import io.newsflow.testkit.EmbeddedServersExtension;
import io.newsflow.testkit.KafkaTestSupport;
import io.newsflow.testkit.PipelineEnvironment;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, point 6: the dashboard in a real browser. Runs the pipeline on an embedded broker,
 * ingests three articles and one poison pill, then opens the dashboard in Debian's headless {@code
 * chromium} and checks the DOM after the page's script ran: the throughput chart shows a rate above
 * 0, the latest-articles table has the titles just ingested with an entity found in one, and the
 * dead-letter table has the poison pill's stage. Saves a screenshot to {@code
 * target/dashboard.png}. Skips when {@code /usr/bin/chromium} is not installed.
 */
@ExtendWith(EmbeddedServersExtension.class)
class DashboardBrowserIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> TITLES =
      List.of("Talks resume in Geneva", "Port strike", "Rates held");

  @Test
  void theDashboardShowsTheArticlesJustIngestedAndTheDeadLetterJustProduced(
      PipelineEnvironment env, TestInfo info, @TempDir Path dir) throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM),
        "no " + CHROMIUM + ": install Debian's chromium (apt-get install chromium) to run this");
    String prefix = KafkaTestSupport.uniquePrefix(info.getDisplayName());
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(
        in.resolve("a.jsonl"),
        String.join(
            "\n",
            "{\"title\":\"Talks resume in Geneva\",\"body\":\"Diplomats met in Geneva on Monday.\"}",
            "{\"title\":\"Port strike\",\"body\":\"Workers walked out.\"}",
            "{\"title\":\"Rates held\",\"body\":\"The bank held rates.\"}"));

    DeliveryTracker tracker = new DeliveryTracker();
    try (Pipeline pipeline =
        new Pipeline(options(env, prefix, dir), tracker).start(Duration.ofMinutes(2))) {
      FileIngestor.Report report = pipeline.ingest(List.of(in));
      assertThat(report.stored()).hasSize(3);
      KafkaTestSupport.producePoison(
          env.bootstrapServers(), pipeline.topics().raw().name(), "poison-1");
      List<String> expected =
          new ArrayList<>(report.stored().stream().map(FileIngestor.Stored::id).toList());
      expected.add("poison-1");
      assertThat(tracker.await(expected, Duration.ofSeconds(60))).as("all delivered").isTrue();

      try (Dashboard dashboard =
          Dashboard.start(
              new Dashboard.Settings(
                  pipeline.config(),
                  pipeline.topics(),
                  pipeline.counters(),
                  pipeline.consumerGroups(),
                  "127.0.0.1",
                  0,
                  Clock.systemUTC()))) {
        // the figures are read in the background; the page shows them once they are in
        JsonNode overview = awaitOverview(dashboard.url());
        String poisonStage = overview.at("/deadLetters/latest/0/stage").asText();

        String dom = chromium(dir, "--dump-dom", dashboard.url());
        Matcher maxRate = Pattern.compile("data-max-rate=\"([0-9.eE+-]+)\"").matcher(dom);
        assertThat(maxRate.find()).as(dom).isTrue();
        assertThat(Double.parseDouble(maxRate.group(1)))
            .as("highest rate on the chart")
            .isPositive();
        assertThat(dom).contains("<path d=\"M");

        String articles = table(dom, "articles-table");
        assertThat(articles).contains(TITLES).contains("Geneva</span>");
        String letters = table(dom, "dlq-table");
        assertThat(poisonStage).startsWith("enrich");
        assertThat(letters)
            .contains("data-stage=\"" + poisonStage + "\"")
            .contains(prefix + "raw")
            .contains("replay");
        assertThat(table(dom, "dlq-summary")).contains(poisonStage);
        assertThat(table(dom, "entities-table")).contains("Geneva");
        assertThat(table(dom, "lag-table")).contains(prefix + "enrich").contains(">0 records<");

        Path screenshot = Path.of("target", "dashboard.png").toAbsolutePath();
        chromium(dir, "--screenshot=" + screenshot, "--window-size=1400,1500", dashboard.url());
        assertThat(screenshot).exists();
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);

        // the replay button's request: refused without the page's confirmation header, then
        // the poison pill goes back to the raw topic, fails again and is a second dead letter
        String replay =
            dashboard.url()
                + "api/dead-letters/"
                + overview.at("/deadLetters/latest/0/partition").asInt()
                + "/"
                + overview.at("/deadLetters/latest/0/offset").asLong()
                + "/replay";
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest.Builder post =
            HttpRequest.newBuilder(URI.create(replay)).POST(HttpRequest.BodyPublishers.noBody());
        assertThat(http.send(post.build(), HttpResponse.BodyHandlers.ofString()).statusCode())
            .isEqualTo(400);
        HttpResponse<String> replayed =
            http.send(
                post.header("X-Newsflow-Confirm", "replay").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        assertThat(JSON.readTree(replayed.body()).get("topic").asText()).isEqualTo(prefix + "raw");
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () ->
                    assertThat(
                            JSON.readTree(
                                    http.send(
                                            HttpRequest.newBuilder(
                                                    URI.create(dashboard.url() + "api/overview"))
                                                .build(),
                                            HttpResponse.BodyHandlers.ofString())
                                        .body())
                                .at("/deadLetters/total")
                                .asInt())
                        .isEqualTo(2));
      }
    }
  }

  /** Waits until the overview has a rate, the three articles and the dead letter. */
  private static JsonNode awaitOverview(String url) {
    HttpClient http = HttpClient.newHttpClient();
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              String body =
                  http.send(
                          HttpRequest.newBuilder(URI.create(url + "api/overview")).build(),
                          HttpResponse.BodyHandlers.ofString())
                      .body();
              JsonNode o = JSON.readTree(body);
              assertThat(o.at("/throughput/points").size()).as(body).isPositive();
              assertThat(o.at("/articles/latest").findValuesAsText("title"))
                  .as(body)
                  .containsAll(TITLES);
              assertThat(o.at("/deadLetters/total").asInt()).as(body).isEqualTo(1);
              assertThat(o.at("/entities/top").findValuesAsText("name"))
                  .as(body)
                  .contains("Geneva");
              // every record processed: no stage is behind (commit markers do not count)
              assertThat(o.at("/lag/groups").findValues("records"))
                  .as(body)
                  .isNotEmpty()
                  .allSatisfy(records -> assertThat(records.asLong()).isZero());
              last[0] = o;
            });
    return last[0];
  }

  /** Runs headless chromium on the page and answers what it printed (the DOM with --dump-dom). */
  private static String chromium(Path dir, String... args)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                CHROMIUM.toString(),
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--user-data-dir=" + dir.resolve("chromium-profile"),
                "--virtual-time-budget=8000"));
    command.addAll(List.of(args));
    Path output = dir.resolve("chromium.out");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(output.toFile())
            .redirectError(dir.resolve("chromium.err").toFile())
            .start();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          "chromium did not finish in 90 s: " + Files.readString(dir.resolve("chromium.err")));
    }
    assertThat(process.exitValue())
        .as("chromium exit code; stderr: %s", Files.readString(dir.resolve("chromium.err")))
        .isZero();
    return Files.readString(output, StandardCharsets.UTF_8);
  }

  /** The HTML of the table with this id. */
  private static String table(String dom, String id) {
    int start = dom.indexOf("id=\"" + id + "\"");
    assertThat(start).as("table #%s in %s", id, dom).isNotNegative();
    return dom.substring(start, dom.indexOf("</table>", start));
  }

  private static Map<String, String> options(PipelineEnvironment env, String prefix, Path dir) {
    return PipelineTestOptions.of(env, prefix, dir);
  }
}
