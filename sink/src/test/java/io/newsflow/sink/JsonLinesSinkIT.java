package io.newsflow.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.newsflow.avro.DeadLetter;
import io.newsflow.avro.EnrichedArticle;
import io.newsflow.avro.IngestChannel;
import io.newsflow.schemas.SerdeFactory;
import io.newsflow.schemas.Topics;
import io.newsflow.schemas.config.PipelineConfig.TopicNames;
import io.newsflow.testkit.EmbeddedServersExtension;
import io.newsflow.testkit.KafkaTestSupport;
import io.newsflow.testkit.PipelineEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The JSON Lines sink against a real broker and registry. */
@ExtendWith(EmbeddedServersExtension.class)
class JsonLinesSinkIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private PipelineEnvironment env;
  private String prefix;
  private Topics topics;
  private Map<String, String> props;

  @BeforeEach
  void setUp(PipelineEnvironment env, TestInfo info, @TempDir Path out) {
    this.env = env;
    prefix = KafkaTestSupport.uniquePrefix(info.getDisplayName());
    props = new HashMap<>(env.pipelineProperties());
    props.put("topic.raw", prefix + "raw");
    props.put("topic.enriched", prefix + "enriched");
    props.put("topic.links", prefix + "links");
    props.put("topic.dlq", prefix + "dlq");
    props.put(SinkConfig.GROUP_ID, prefix + "sink");
    props.put(SinkConfig.OUTPUT_DIR, out.toString());
    props.put(SinkConfig.POLL_TIMEOUT_MS, "100");
    KafkaTestSupport.createTopics(env.bootstrapServers(), 2, prefix + "enriched", prefix + "dlq");
    SinkConfig config = new SinkConfig(props);
    topics =
        Topics.create(
            TopicNames.withPrefix(prefix), new SerdeFactory(config.schemaRegistryClient()));
  }

  static EnrichedArticle article(String id) {
    return EnrichedArticle.newBuilder()
        .setId(id)
        .setTitle("Title " + id)
        .setBody("Body " + id)
        .setReceivedAt(Instant.parse("2026-01-01T00:00:00Z"))
        .setChannel(IngestChannel.FILE)
        .setCleanTitle("Title " + id)
        .setCleanText("Body " + id)
        .setWordCount(2)
        .setEnrichedAt(Instant.parse("2026-01-01T00:00:01Z"))
        .build();
  }

  private void produce(List<EnrichedArticle> articles, byte[]... poison) throws Exception {
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", env.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      List<java.util.concurrent.Future<?>> sends = new ArrayList<>();
      for (EnrichedArticle a : articles) {
        sends.add(
            producer.send(
                new ProducerRecord<>(
                    topics.enriched().name(),
                    a.getId().getBytes(StandardCharsets.UTF_8),
                    topics.enriched().serializeValue(a))));
      }
      for (var send : sends) {
        send.get();
      }
      for (byte[] p : poison) {
        producer
            .send(
                new ProducerRecord<>(
                    topics.enriched().name(), "poison".getBytes(StandardCharsets.UTF_8), p))
            .get();
      }
    }
  }

  private List<String> ids(Path file) throws Exception {
    List<String> ids = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      ids.add(JSON.readTree(line).get("id").asText());
    }
    return ids;
  }

  @Test
  void writesEachArticleOnceAsPlainJsonAndCommitsAfterwards() throws Exception {
    List<EnrichedArticle> articles =
        IntStream.range(0, 40).mapToObj(i -> article("a" + i)).toList();
    produce(articles);
    SinkConfig config = new SinkConfig(props);
    try (JsonLinesSink sink =
        new JsonLinesSink(config, topics, a -> {}, Clock.systemUTC()).start()) {
      await().atMost(Duration.ofSeconds(30)).until(() -> sink.writtenCount() == 40);
    }
    Path file = config.outputFile();
    assertThat(ids(file))
        .containsExactlyInAnyOrderElementsOf(
            articles.stream().map(EnrichedArticle::getId).toList());
    JsonNode first = JSON.readTree(Files.readAllLines(file).get(0));
    assertThat(first.get("wordCount").asInt()).isEqualTo(2);
    assertThat(first.get("receivedAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(first.get("channel").asText()).isEqualTo("FILE");

    try (Admin admin = Admin.create(Map.of("bootstrap.servers", env.bootstrapServers()))) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(config.groupId()).partitionsToOffsetAndMetadata().get();
      assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum())
          .isEqualTo(40);
    }
  }

  @Test
  void undecodableRecordsGoToTheDeadLetterTopicAndTheSinkGoesOn() throws Exception {
    produce(List.of(article("ok1")), "not avro at all".getBytes(StandardCharsets.UTF_8));
    produce(List.of(article("ok2")));
    List<DeadLetter> letters = new ArrayList<>();
    SinkConfig config = new SinkConfig(props);
    try (JsonLinesSink sink =
        new JsonLinesSink(
                config,
                topics,
                new JsonLinesSink.Listener() {
                  @Override
                  public void written(EnrichedArticle article) {}

                  @Override
                  public void deadLettered(DeadLetter letter) {
                    letters.add(letter);
                  }
                },
                Clock.systemUTC())
            .start()) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> sink.writtenCount() == 2 && sink.deadLetteredCount() == 1);
    }
    assertThat(ids(config.outputFile())).containsExactlyInAnyOrder("ok1", "ok2");
    var onTopic = KafkaTestSupport.readAll(env.bootstrapServers(), topics.deadLetters().name());
    assertThat(onTopic).hasSize(1);
    DeadLetter letter = topics.deadLetters().deserializeValue(onTopic.get(0).value());
    assertThat(letter.getStage()).isEqualTo(JsonLinesSink.STAGE_DESERIALIZE);
    assertThat(letter.getSourceTopic()).isEqualTo(topics.enriched().name());
    assertThat(new String(letter.getValue().array(), StandardCharsets.UTF_8))
        .isEqualTo("not avro at all");
    assertThat(letters).hasSize(1);
  }

  @Test
  void afterACrashBetweenWriteAndCommitEachArticleIsStillInTheFileOnce() throws Exception {
    SinkConfig config = new SinkConfig(props);
    produce(IntStream.range(0, 10).mapToObj(i -> article("first" + i)).toList());
    try (JsonLinesSink sink =
        new JsonLinesSink(config, topics, a -> {}, Clock.systemUTC()).start()) {
      await().atMost(Duration.ofSeconds(30)).until(() -> sink.writtenCount() == 10);
    }
    // The crash: half a line written after the checkpoint, and the offset commit lost.
    Files.writeString(config.outputFile(), "{\"id\":\"half-writ", StandardOpenOption.APPEND);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", env.bootstrapServers()))) {
      Map<TopicPartition, OffsetAndMetadata> rewound = new HashMap<>();
      for (int p = 0; p < 2; p++) {
        rewound.put(new TopicPartition(topics.enriched().name(), p), new OffsetAndMetadata(0));
      }
      admin.alterConsumerGroupOffsets(config.groupId(), rewound).all().get();
    }
    produce(IntStream.range(0, 10).mapToObj(i -> article("second" + i)).toList());
    try (JsonLinesSink sink =
        new JsonLinesSink(config, topics, a -> {}, Clock.systemUTC()).start()) {
      await().atMost(Duration.ofSeconds(30)).until(() -> sink.writtenCount() == 10);
      Thread.sleep(500); // a duplicate, if any, would arrive in the next poll
    }
    List<String> ids = ids(config.outputFile());
    assertThat(ids).hasSize(20).doesNotHaveDuplicates();
    assertThat(ids).filteredOn(id -> id.startsWith("second")).hasSize(10);
  }

  @Test
  void recordsOfAnAbortedTransactionNeverReachTheFile() throws Exception {
    Map<String, Object> conf = new HashMap<>();
    conf.put("bootstrap.servers", env.bootstrapServers());
    conf.put("transactional.id", prefix + "tx");
    try (var producer =
        new KafkaProducer<>(conf, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      for (int i = 0; i < 3; i++) {
        producer.send(
            new ProducerRecord<>(
                topics.enriched().name(),
                ("aborted" + i).getBytes(),
                topics.enriched().serializeValue(article("aborted" + i))));
      }
      producer.flush();
      producer.abortTransaction();
      producer.beginTransaction();
      for (int i = 0; i < 2; i++) {
        producer.send(
            new ProducerRecord<>(
                topics.enriched().name(),
                ("committed" + i).getBytes(),
                topics.enriched().serializeValue(article("committed" + i))));
      }
      producer.commitTransaction();
    }
    SinkConfig config = new SinkConfig(props);
    try (JsonLinesSink sink =
        new JsonLinesSink(config, topics, a -> {}, Clock.systemUTC()).start()) {
      await().atMost(Duration.ofSeconds(30)).until(() -> sink.writtenCount() == 2);
      Thread.sleep(500);
    }
    assertThat(ids(config.outputFile())).containsExactlyInAnyOrder("committed0", "committed1");
  }

  /**
   * Regression: closing while a batch was being committed marked the sink failed and lost the
   * commit.
   */
  @Test
  void closingWhileWritingFinishesTheBatchAndAnotherSinkGoesOnWithoutGapOrRepeat()
      throws Exception {
    List<EnrichedArticle> articles =
        IntStream.range(0, 3000).mapToObj(i -> article("c" + i)).toList();
    produce(articles);
    SinkConfig config = new SinkConfig(props);
    JsonLinesSink first = new JsonLinesSink(config, topics, a -> {}, Clock.systemUTC()).start();
    await().atMost(Duration.ofSeconds(30)).until(() -> first.writtenCount() > 0);
    first.close();
    assertThat(first.failure()).isNotDone();
    long firstCount = first.writtenCount();

    try (JsonLinesSink second =
        new JsonLinesSink(config, topics, a -> {}, Clock.systemUTC()).start()) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> firstCount + second.writtenCount() >= 3000);
      Thread.sleep(500);
      assertThat(firstCount + second.writtenCount()).isEqualTo(3000);
    }
    List<String> ids = ids(config.outputFile());
    assertThat(ids).hasSize(3000).doesNotHaveDuplicates();
  }
}
