package io.newsflow.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.newsflow.avro.BodyFormat;
import io.newsflow.avro.IngestChannel;
import io.newsflow.avro.RawArticle;
import io.newsflow.ingest.ArticleProducer;
import io.newsflow.ingest.IngestConfig;
import io.newsflow.ingest.Intake;
import io.newsflow.runtime.TopicCreator;
import io.newsflow.schemas.ArticleIds;
import io.newsflow.schemas.SerdeFactory;
import io.newsflow.schemas.Topics;
import io.newsflow.testkit.EmbeddedServersExtension;
import io.newsflow.testkit.KafkaTestSupport;
import io.newsflow.testkit.PipelineEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The watched folder against a real broker: what reaches the raw topic, where files go. */
@ExtendWith(EmbeddedServersExtension.class)
class FolderWatcherIT {
  private static final String PAGE =
      """
      <!DOCTYPE html>
      <html lang="en">
      <head>
        <title>Bridge reopens - Valley Times</title>
        <link rel="canonical" href="https://valley.example/news/bridge-reopens">
        <meta property="og:site_name" content="Valley Times">
        <meta property="article:published_time" content="2026-03-02T07:15:00-05:00">
      </head>
      <body>
        <nav><a href="/">Home</a></nav>
        <article>
          <h1>Bridge reopens after repairs</h1>
          <p>The <a href="/places/old-mill-bridge">Old Mill bridge</a> reopened, the
             <a href="https://county.example/roads">county</a> said.</p>
        </article>
      </body>
      </html>
      """;

  private record Setup(IngestConfig config, Topics topics) {}

  private static Setup setup(PipelineEnvironment env, TestInfo info, Map<String, String> extra) {
    Map<String, String> options = new HashMap<>(env.pipelineProperties());
    options.put("topic.raw", KafkaTestSupport.uniquePrefix(info.getDisplayName()) + "raw");
    options.putAll(extra);
    IngestConfig config = new IngestConfig(options);
    Topics topics =
        Topics.create(config.topicNames(), new SerdeFactory(config.schemaRegistryClient()));
    return new Setup(config, topics);
  }

  private static Intake intake(Setup setup, ArticleProducer producer) {
    Clock clock = Clock.systemUTC();
    return new Intake(
        new ArticleValidator(setup.config()),
        new Deduplicator(Duration.ofHours(1), clock),
        producer,
        clock,
        new SimpleMeterRegistry());
  }

  private static Map<String, RawArticle> articlesOn(PipelineEnvironment env, Setup setup) {
    List<ConsumerRecord<byte[], byte[]>> records =
        KafkaTestSupport.readAll(env.bootstrapServers(), setup.topics().raw().name());
    Map<String, RawArticle> byKey = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      RawArticle article = setup.topics().raw().deserializeValue(record.value());
      String key = new String(record.key(), StandardCharsets.UTF_8);
      assertThat(article.getId()).isEqualTo(key);
      assertThat(byKey.put(key, article)).as("%s on the topic twice", key).isNull();
    }
    return byKey;
  }

  @Test
  void filesDroppedInAreStoredMovedAndADroppedCopyIsAnsweredAsDuplicates(
      PipelineEnvironment env, TestInfo info, @TempDir Path dir) throws Exception {
    Setup setup = setup(env, info, Map.of());
    TopicCreator.ensure(setup.config(), List.of(setup.topics().raw().name()));
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    String batch =
        "{\"title\":\"Council votes\",\"body\":\"The council voted.\",\"url\":\"https://a.example/vote\"}\n"
            + "{\"title\":\"Rain ahead\",\"body\":\"Rain is forecast.\"}\n";
    try (ArticleProducer producer = new ArticleProducer(setup.config(), setup.topics().raw())) {
      // no scanNow: the watcher finds the files by itself
      FolderWatcher watcher =
          FolderWatcher.start(dir, intake(setup, producer), metrics, Duration.ofMillis(500));
      try {
        Files.writeString(dir.resolve("batch.jsonl"), batch);
        Files.writeString(dir.resolve("page.html"), PAGE);
        Files.writeString(dir.resolve("broken.json"), "{\"title\": \"Half\",\n\"body\": ");
        Files.writeString(
            dir.resolve("mixed.json"),
            "[\n{\"title\":\"Port open\",\"body\":\"Ships sail.\"},\n{\"title\":\"\",\"body\":\"x\"}\n]");
        Files.writeString(dir.resolve("upload.jsonl.part"), "{\"title\":");

        Path done = dir.resolve(FolderWatcher.DONE);
        Path rejected = dir.resolve(FolderWatcher.REJECTED);
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () -> {
                  assertThat(done.resolve("batch.jsonl")).exists();
                  assertThat(done.resolve("page.html")).exists();
                  assertThat(rejected.resolve("broken.json")).exists();
                  assertThat(rejected.resolve("mixed.json")).exists();
                });

        Map<String, RawArticle> articles = articlesOn(env, setup);
        assertThat(articles.values())
            .extracting(RawArticle::getTitle)
            .containsExactlyInAnyOrder(
                "Council votes", "Rain ahead", "Bridge reopens after repairs", "Port open");
        assertThat(articles)
            .containsKey(ArticleIds.forArticle("https://a.example/vote", null, null))
            .containsKey(ArticleIds.forArticle(null, "Rain ahead", "Rain is forecast."));
        RawArticle page =
            articles.get(
                ArticleIds.forArticle("https://valley.example/news/bridge-reopens", null, null));
        assertThat(page).isNotNull();
        assertThat(page.getBodyFormat()).isEqualTo(BodyFormat.HTML);
        assertThat(page.getChannel()).isEqualTo(IngestChannel.FILE);
        assertThat(page.getSource()).isEqualTo("Valley Times");
        assertThat(page.getPublishedAt()).hasToString("2026-03-02T12:15:00Z");
        assertThat(Jsoup.parseBodyFragment(page.getBody()).select("a[href]").eachAttr("href"))
            .containsExactly(
                "https://valley.example/places/old-mill-bridge", "https://county.example/roads");
        assertThat(page.getBody()).doesNotContain("Home");

        assertThat(Files.readAllLines(rejected.resolve("broken.json.errors.txt")))
            .anySatisfy(
                l -> assertThat(l).startsWith(dir.resolve("broken.json") + ":2: invalid JSON"));
        assertThat(Files.readAllLines(rejected.resolve("mixed.json.errors.txt")))
            .contains(dir.resolve("mixed.json") + ":3: title: must not be empty");
        assertThat(dir.resolve("upload.jsonl.part")).exists();

        // the same content again, under another name: duplicates, not sent again
        Files.writeString(dir.resolve("batch-again.jsonl"), batch);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> Files.exists(done.resolve("batch-again.jsonl")));
        assertThat(articlesOn(env, setup)).hasSize(4);
        assertThat(counts(metrics, "newsflow.ingest.folder.articles"))
            .containsEntry("stored", 4.0)
            .containsEntry("duplicate", 2.0)
            .containsEntry("rejected", 2.0)
            .containsEntry("failed", 0.0);
        assertThat(counts(metrics, "newsflow.ingest.folder.files"))
            .containsEntry("done", 3.0)
            .containsEntry("rejected", 2.0);
      } finally {
        watcher.close();
      }
    }
  }

  @Test
  void aFileKafkaCouldNotStoreStaysAndIsStoredWhenKafkaTakesItAgain(
      PipelineEnvironment env, TestInfo info, @TempDir Path dir) throws Exception {
    // the raw topic does not exist yet and the broker does not create topics: sends fail, as if
    // Kafka were down, until the topic is created
    Setup setup = setup(env, info, Map.of("producer.max.block.ms", "1500"));
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    try (ArticleProducer producer = new ArticleProducer(setup.config(), setup.topics().raw());
        FolderWatcher watcher =
            FolderWatcher.start(
                dir, intake(setup, producer), metrics, Duration.ofHours(1), false)) {
      Path file = dir.resolve("news.jsonl");
      Files.writeString(
          file, "{\"title\":\"A\",\"body\":\"a\"}\n{\"title\":\"B\",\"body\":\"b\"}\n");

      watcher.scanNow();
      watcher.scanNow();
      assertThat(file).exists();
      assertThat(counts(metrics, "newsflow.ingest.folder.files")).containsEntry("retried", 1.0);

      TopicCreator.ensure(setup.config(), List.of(setup.topics().raw().name()));
      watcher.scanNow();

      assertThat(file).doesNotExist();
      assertThat(dir.resolve(FolderWatcher.DONE).resolve("news.jsonl")).exists();
      assertThat(articlesOn(env, setup).values())
          .extracting(RawArticle::getTitle)
          .containsExactlyInAnyOrder("A", "B");
    }
  }

  private static Map<String, Double> counts(SimpleMeterRegistry metrics, String name) {
    return metrics.get(name).counters().stream()
        .collect(Collectors.toMap(c -> c.getId().getTag("outcome"), c -> c.count()));
  }
}
