package io.newsflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsflow.testkit.EmbeddedServersExtension;
import io.newsflow.testkit.KafkaTestSupport;
import io.newsflow.testkit.PipelineEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code newsflow ingest} against a real cluster: what it stores, what it reports, its exit codes.
 */
@ExtendWith(EmbeddedServersExtension.class)
class IngestCommandIT {

  private int run(
      PipelineEnvironment env, String topic, StringWriter out, StringWriter err, Path... paths) {
    CommandLine cli =
        new CommandLine(new IngestCommand())
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true));
    String[] args = new String[6 + paths.length];
    args[0] = "--bootstrap-servers";
    args[1] = env.bootstrapServers();
    args[2] = "--schema-registry-url";
    args[3] = env.schemaRegistryUrl();
    args[4] = "-D";
    args[5] = "topic.raw=" + topic;
    for (int i = 0; i < paths.length; i++) {
      args[6 + i] = paths[i].toString();
    }
    return cli.execute(args);
  }

  @Test
  void storesEveryValidArticleKeyedByItsIdAndExitsZero(
      PipelineEnvironment env, TestInfo info, @TempDir Path dir) throws Exception {
    String topic = KafkaTestSupport.uniquePrefix(info.getDisplayName()) + "raw";
    Files.writeString(dir.resolve("a.txt"), "Title A\n\nBody A.");
    Files.writeString(
        dir.resolve("b.jsonl"),
        "{\"title\":\"B\",\"body\":\"Body B\",\"url\":\"https://x.example/b\"}\n{\"title\":\"C\",\"body\":\"Body C\"}\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int status = run(env, topic, out, err, dir);

    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains(
            "3 article(s) stored on "
                + topic
                + ", 0 duplicate(s) not sent again, 0 rejected, 0 not stored");
    var records = KafkaTestSupport.readAll(env.bootstrapServers(), topic);
    assertThat(records).hasSize(3);
    Set<String> keys =
        records.stream()
            .map(r -> new String(r.key(), StandardCharsets.UTF_8))
            .collect(Collectors.toSet());
    assertThat(keys).hasSize(3).allSatisfy(k -> assertThat(k).matches("[0-9a-f]{32}"));
    assertThat(records).allSatisfy(r -> assertThat(r.value()[0]).isZero());
  }

  @Test
  void reportsRejectedLinesOnStderrAndExitsTwoWhileStoringTheRest(
      PipelineEnvironment env, TestInfo info, @TempDir Path dir) throws Exception {
    String topic = KafkaTestSupport.uniquePrefix(info.getDisplayName()) + "raw";
    Path file = dir.resolve("mixed.jsonl");
    Files.writeString(
        file,
        "{\"title\":\"Fine\",\"body\":\"ok\"}\n{\"title\":\"Bad date\",\"body\":\"x\",\"publishedAt\":\"yesterday\"}\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int status = run(env, topic, out, err, file);

    assertThat(status).isEqualTo(2);
    assertThat(err.toString())
        .contains("rejected " + file + ":2: publishedAt: 'yesterday' is not an ISO-8601 time");
    assertThat(KafkaTestSupport.readAll(env.bootstrapServers(), topic)).hasSize(1);
  }

  @Test
  void anArticleGivenTwiceInOneRunIsSentOnceAndCountedAsADuplicate(
      PipelineEnvironment env, TestInfo info, @TempDir Path dir) throws Exception {
    String topic = KafkaTestSupport.uniquePrefix(info.getDisplayName()) + "raw";
    Files.writeString(
        dir.resolve("a.jsonl"),
        "{\"title\":\"Same\",\"body\":\"Same body\",\"url\":\"https://x.example/s\"}\n");
    Files.writeString(dir.resolve("b.txt"), "Same\n\nSame body\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int status = run(env, topic, out, err, dir);

    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("1 article(s) stored on " + topic + ", 1 duplicate(s) not sent again");
    assertThat(KafkaTestSupport.readAll(env.bootstrapServers(), topic)).hasSize(1);
  }
}
