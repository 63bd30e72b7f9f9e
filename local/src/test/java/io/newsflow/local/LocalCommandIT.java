package io.newsflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
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
 * and registry, and must end with every sample in the output file and exit code 0.
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
            "0");

    assertThat(status).as(output.toString()).isZero();
    List<String> lines = Files.readAllLines(out.resolve("enriched-articles.jsonl"));
    assertThat(lines).hasSize((int) expected);
    for (String line : lines) {
      assertThat(new ObjectMapper().readTree(line).get("cleanText").asText()).isNotBlank();
    }
    assertThat(output.toString())
        .contains("articles ingested     " + expected)
        .contains("written by the sink   " + expected)
        .contains("dead-lettered         0")
        .contains(out.resolve("enriched-articles.jsonl").toAbsolutePath().toString());
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
