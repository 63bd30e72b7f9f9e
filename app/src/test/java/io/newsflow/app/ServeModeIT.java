package io.newsflow.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.newsflow.ingest.IngestCommand;
import io.newsflow.sink.SegmentFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code newsflow local --serve} stays up, prints its endpoints, takes articles from {@code
 * newsflow ingest} run against those endpoints, and stops cleanly.
 */
class ServeModeIT {

  @Test
  void servesArticlesIngestedFromOutsideUntilStopped(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    StringWriter output = new StringWriter();
    AtomicInteger status = new AtomicInteger(-1);
    Thread serving =
        new Thread(
            () ->
                status.set(
                    Newsflow.commandLine()
                        .setOut(new PrintWriter(output, true))
                        .execute(
                            "local",
                            "--serve",
                            "--out",
                            out.toString(),
                            "--kafka-port",
                            "0",
                            "--registry-port",
                            "0",
                            "--ingest-port",
                            "0",
                            "--dashboard-port",
                            "0")));
    serving.start();
    try {
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> output.toString().contains("Serving until Ctrl-C"));
      String bootstrap = find(output.toString(), "bootstrap servers\\s+(\\S+)");
      String registry = find(output.toString(), "schema registry\\s+(http\\S+)");
      assertThat(bootstrap).startsWith("127.0.0.1:");
      assertThat(registry).endsWith("/apis/ccompat/v7");

      Path article = dir.resolve("late.txt");
      Files.writeString(article, "Late news\n\nIt came in while the pipeline was serving.");
      int ingested =
          new CommandLine(new IngestCommand())
              .execute(
                  "--bootstrap-servers",
                  bootstrap,
                  "--schema-registry-url",
                  registry,
                  article.toString());
      assertThat(ingested).isZero();

      // and a publisher posts over HTTP: authentication is off by default, and says so
      assertThat(output.toString()).contains("authentication OFF");
      String api = find(output.toString(), "ingest API\\s+(http\\S+)");
      HttpResponse<String> posted =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(api + "/v1/articles"))
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"title\":\"Posted news\",\"body\":\"It came in over HTTP.\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);

      SegmentFiles files = SinkOutput.defaultFiles(out);
      assertThat(output.toString())
          .contains(
              "stored in          "
                  + out.toAbsolutePath()
                  + " (current segment "
                  + files.segment(1).getFileName()
                  + ")");
      await().atMost(Duration.ofSeconds(60)).until(() -> SinkOutput.lines(files).size() == 2);
      assertThat(String.join("\n", SinkOutput.lines(files)))
          .contains("\"cleanText\":\"It came in while the pipeline was serving.\"")
          .contains("\"cleanText\":\"It came in over HTTP.\"");
    } finally {
      serving.interrupt();
      serving.join(Duration.ofSeconds(90).toMillis());
    }
    assertThat(serving.isAlive()).as("stopped").isFalse();
  }

  private static String find(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("%s in %s", regex, text).isTrue();
    return m.group(1);
  }
}
