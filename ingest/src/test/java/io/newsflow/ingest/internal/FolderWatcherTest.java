package io.newsflow.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.newsflow.avro.RawArticle;
import io.newsflow.ingest.ArticleProducer;
import io.newsflow.ingest.IngestConfig;
import io.newsflow.ingest.Intake;
import io.newsflow.schemas.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watched folder without a broker: its producer is closed, so every send fails at once, as when
 * Kafka is down. FolderWatcherIT covers the stored outcomes on a real broker.
 */
class FolderWatcherTest {
  @TempDir Path dir;
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private ArticleProducer producer;
  private FolderWatcher watcher;

  @BeforeEach
  void start() {
    Topic<String, RawArticle> topic =
        new Topic<>(
            "raw",
            Serdes.String(),
            Serdes.serdeFrom((t, a) -> new byte[0], (t, b) -> (RawArticle) null));
    producer =
        new ArticleProducer(new IngestConfig(Map.of("bootstrap.servers", "127.0.0.1:1")), topic);
    producer.close(Duration.ZERO);
    Intake intake =
        new Intake(
            new ArticleValidator(10_000, null),
            new Deduplicator(Duration.ofHours(1), Clock.systemUTC()),
            producer,
            Clock.systemUTC(),
            metrics);
    // checks by hand only: after the scan at start, none for an hour, and no watch service
    watcher = FolderWatcher.start(dir, intake, metrics, Duration.ofHours(1), false);
  }

  @AfterEach
  void stop() {
    watcher.close();
  }

  @Test
  void aFileWithRejectedInputMovesToRejectedWithItsReasons() throws Exception {
    Files.writeString(dir.resolve("broken.json"), "{\"title\": \"A\",\n \"body\": }");
    Files.writeString(dir.resolve("notes.docx"), "not an article");

    watcher.scanNow();
    watcher.scanNow();

    Path rejected = dir.resolve(FolderWatcher.REJECTED);
    assertThat(rejected.resolve("broken.json")).exists();
    assertThat(rejected.resolve("notes.docx")).exists();
    assertThat(dir.resolve("broken.json")).doesNotExist();
    assertThat(Files.readString(rejected.resolve("broken.json.errors.txt")))
        .contains(dir.resolve("broken.json") + ":2: invalid JSON");
    assertThat(Files.readString(rejected.resolve("notes.docx.errors.txt")))
        .contains("unknown file type");
    assertThat(count(metrics, "newsflow.ingest.folder.files", "rejected")).isEqualTo(2.0);
  }

  @Test
  void aFileIsReadOnlyOnceItStopsChangingAndHiddenOrPartialFilesNever() throws Exception {
    Path file = dir.resolve("growing.json");
    Files.writeString(file, "{\"title\": \"A\",");
    Files.writeString(dir.resolve("later.json.part"), "{");
    Files.writeString(dir.resolve("later.tmp"), "{");
    Files.writeString(dir.resolve(".hidden.json"), "{");
    Files.writeString(dir.resolve("empty.json"), "");

    watcher.scanNow(); // first sight
    Files.writeString(file, " \"body\": }", StandardOpenOption.APPEND);
    watcher.scanNow(); // changed since
    assertThat(file).exists();

    watcher.scanNow(); // unchanged: read
    assertThat(file).doesNotExist();
    assertThat(dir.resolve(FolderWatcher.REJECTED).resolve("growing.json")).exists();
    assertThat(dir.resolve("later.json.part")).exists();
    assertThat(dir.resolve("later.tmp")).exists();
    assertThat(dir.resolve(".hidden.json")).exists();
    assertThat(dir.resolve("empty.json")).exists();
  }

  @Test
  void aFileWhoseArticlesKafkaDidNotStoreStaysToBeTriedAgain() throws Exception {
    Path file = dir.resolve("good.jsonl");
    Files.writeString(file, "{\"title\":\"A\",\"body\":\"a\"}\n");

    watcher.scanNow();
    watcher.scanNow();
    watcher.scanNow(); // tried again at once

    assertThat(file).exists();
    assertThat(dir.resolve(FolderWatcher.DONE)).isEmptyDirectory();
    assertThat(dir.resolve(FolderWatcher.REJECTED)).isEmptyDirectory();
    assertThat(count(metrics, "newsflow.ingest.folder.files", "retried")).isEqualTo(2.0);
    assertThat(count(metrics, "newsflow.ingest.folder.articles", "failed")).isEqualTo(2.0);
  }

  @Test
  void aNameTakenInTheTargetFolderGetsANumber(@TempDir Path folder) throws Exception {
    Files.writeString(folder.resolve("feed.jsonl"), "");
    Files.writeString(folder.resolve("feed-2.jsonl"), "");
    assertThat(FolderWatcher.freeName(folder, "feed.jsonl"))
        .isEqualTo(folder.resolve("feed-3.jsonl"));
    assertThat(FolderWatcher.freeName(folder, "README")).isEqualTo(folder.resolve("README"));
  }

  @Test
  void startChecksItsFolderAndCloseStopsScans(@TempDir Path other) {
    assertThatThrownBy(
            () ->
                FolderWatcher.start(other.resolve("missing"), null, metrics, Duration.ofSeconds(1)))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(
            () ->
                FolderWatcher.start(
                    other.resolve("missing"),
                    new Intake(null, null, null, null, null),
                    metrics,
                    Duration.ofSeconds(1)))
        .hasMessageContaining("does not exist or is not a folder");
    watcher.close();
    assertThatThrownBy(watcher::scanNow).isInstanceOf(IllegalStateException.class);
  }

  private static double count(MeterRegistry metrics, String name, String outcome) {
    return metrics.get(name).tag("outcome", outcome).counter().count();
  }
}
