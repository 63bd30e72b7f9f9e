package io.newsflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.newsflow.sink.SegmentFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code newsflow local} as a user runs it, on the project's own samples: it starts its own broker
 * and registry, and must end with every sample in the sink's output and exit code 0.
 */
class LocalCommandIT {

  @Test
  void theDemoWritesEverySampleAndPrintsASummary(@TempDir Path out) throws Exception {
    Path samples = Path.of("..", "samples");
    long expected;
    try (var files = Files.list(samples)) {
      expected = files.mapToLong(LocalCommandIT::articlesIn).sum();
    }
    StringWriter output = new StringWriter();
    CommandLine cli = Newsflow.commandLine().setOut(new PrintWriter(output, true));

    KafkaErrorLogs errors = new KafkaErrorLogs();
    int status =
        cli.execute(
            "local",
            "--input",
            samples.toString(),
            "--out",
            out.toString(),
            "--kafka-port",
            "0",
            "--registry-port",
            "0",
            "--ingest-port",
            "0",
            "--dashboard-port",
            "0");

    assertThat(status).as(output.toString()).isZero();
    // issue 13: a clean run and a clean stop log no errors; the summary waits for the links
    assertThat(errors.lines()).as("Kafka's error-level log lines").isEmpty();
    assertThat(output.toString()).contains("links                 all made and stored");
    SegmentFiles files = SinkOutput.defaultFiles(out);
    List<String> lines = SinkOutput.lines(files);
    assertThat(lines).hasSize((int) expected);
    for (String line : lines) {
      assertThat(new ObjectMapper().readTree(line).get("cleanText").asText()).isNotBlank();
    }
    assertThat(output.toString())
        .contains("articles ingested     " + expected)
        .contains("written by the sink   " + expected)
        .contains("dead-lettered         0")
        .contains(
            "-> "
                + out.toAbsolutePath()
                + " (current segment "
                + files.segment(1).getFileName()
                + ")");
  }

  /** Regression: the wait counted distinct ids, so repeated articles could be cut off at exit. */
  @Test
  void waitsForEveryRecordEvenWhenTheSameArticleIsSentManyTimes(@TempDir Path dir)
      throws Exception {
    Path input = dir.resolve("repeats.jsonl");
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      lines
          .append("{\"title\":\"Version ")
          .append(i)
          .append("\",\"body\":\"Body ")
          .append(i)
          .append("\",\"url\":\"https://x.example/same\"}\n");
    }
    Files.writeString(input, lines);
    Path out = dir.resolve("out");
    StringWriter output = new StringWriter();

    int status =
        Newsflow.commandLine()
            .setOut(new PrintWriter(output, true))
            .execute(
                "local",
                "--input",
                input.toString(),
                "--out",
                out.toString(),
                "--kafka-port",
                "0",
                "--registry-port",
                "0",
                "--ingest-port",
                "0",
                "--dashboard-port",
                "0");

    assertThat(status).as(output.toString()).isZero();
    assertThat(output.toString())
        .contains("articles ingested     300 (1 distinct ids")
        .contains("written by the sink   300");
    assertThat(SinkOutput.lines(SinkOutput.defaultFiles(out))).hasSize(300);
  }

  @Test
  void withoutInputOrServeItSaysWhatIsMissing() {
    StringWriter err = new StringWriter();
    int status = Newsflow.commandLine().setErr(new PrintWriter(err, true)).execute("local");
    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("--input PATH").contains("--serve");
  }

  private static long articlesIn(Path file) {
    try {
      String name = file.getFileName().toString();
      if (name.endsWith(".jsonl")) {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).count();
      }
      return name.endsWith(".txt") || name.endsWith(".json") ? 1 : 0;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
