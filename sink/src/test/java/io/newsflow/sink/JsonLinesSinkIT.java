package io.newsflow.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.newsflow.avro.DeadLetter;
import io.newsflow.avro.EnrichedArticle;
import io.newsflow.avro.IngestChannel;
import io.newsflow.schemas.SerdeFactory;
import io.newsflow.schemas.TopicNames;
import io.newsflow.schemas.Topics;
import io.newsflow.schemas.json.AvroJson;
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
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

  /** The lines of every segment, lowest-numbered segment first. */
  private static List<String> lines(SinkConfig config) throws Exception {
    List<String> lines = new ArrayList<>();
    for (Path segment : SegmentFiles.of(config).list()) {
      lines.addAll(Files.readAllLines(segment));
    }
    return lines;
  }

  private static List<String> ids(SinkConfig config) throws Exception {
    List<String> ids = new ArrayList<>();
    for (String line : lines(config)) {
      ids.add(JSON.readTree(line).get("id").asText());
    }
    return ids;
  }

  private static List<String> ids(Path segment) throws Exception {
    List<String> ids = new ArrayList<>();
    for (String line : Files.readAllLines(segment)) {
      ids.add(JSON.readTree(line).get("id").asText());
    }
    return ids;
  }

  private JsonLinesSink start(SinkConfig config, Clock clock) {
    return new JsonLinesSink(config, topics, a -> {}, clock).start();
  }

  /** Runs a sink until it has written {@code count} articles, and stops it. */
  private void runUntilWritten(SinkConfig config, long count) {
    try (JsonLinesSink sink = start(config, Clock.systemUTC())) {
      await().atMost(Duration.ofSeconds(30)).until(() -> sink.writtenCount() == count);
    }
  }

  private static List<EnrichedArticle> articles(String prefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> article(prefix + i)).toList();
  }

  /** The offsets the committed offsets would be if the sink's last commits were lost. */
  private void loseCommittedOffsets(SinkConfig config) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", env.bootstrapServers()))) {
      Map<TopicPartition, OffsetAndMetadata> rewound = new HashMap<>();
      for (int p = 0; p < 2; p++) {
        rewound.put(new TopicPartition(topics.enriched().name(), p), new OffsetAndMetadata(0));
      }
      admin.alterConsumerGroupOffsets(config.groupId(), rewound).all().get();
    }
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
      assertThat(sink.currentSegment()).isEqualTo(SegmentFiles.of(config).segment(1));
    }
    assertThat(SegmentFiles.of(config).list()).hasSize(1);
    assertThat(ids(config))
        .containsExactlyInAnyOrderElementsOf(
            articles.stream().map(EnrichedArticle::getId).toList());
    JsonNode first = JSON.readTree(lines(config).get(0));
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
                new SinkListener() {
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
    assertThat(ids(config)).containsExactlyInAnyOrder("ok1", "ok2");
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
    Files.writeString(
        SegmentFiles.of(config).segment(1), "{\"id\":\"half-writ", StandardOpenOption.APPEND);
    loseCommittedOffsets(config);
    produce(IntStream.range(0, 10).mapToObj(i -> article("second" + i)).toList());
    try (JsonLinesSink sink =
        new JsonLinesSink(config, topics, a -> {}, Clock.systemUTC()).start()) {
      await().atMost(Duration.ofSeconds(30)).until(() -> sink.writtenCount() == 10);
      Thread.sleep(500); // a duplicate, if any, would arrive in the next poll
    }
    List<String> ids = ids(config);
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
    assertThat(ids(config)).containsExactlyInAnyOrder("committed0", "committed1");
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
    List<String> ids = ids(config);
    assertThat(ids).hasSize(3000).doesNotHaveDuplicates();
  }

  @Test
  void aSmallMaxSizeRollsIntoSegmentsHoldingEachArticleOnceInOffsetOrder() throws Exception {
    List<EnrichedArticle> articles = articles("r", 60);
    produce(articles);
    // ids of one length, so every line has the same size; batches of at most 5 lines
    long line = AvroJson.toJson(article("r10")).getBytes(StandardCharsets.UTF_8).length + 1;
    long maxBytes = 12 * line;
    props.put(SinkConfig.FILE_MAX_BYTES, Long.toString(maxBytes));
    props.put("consumer.max.poll.records", "5");
    SinkConfig config = new SinkConfig(props);
    runUntilWritten(config, 60);

    SegmentFiles files = SegmentFiles.of(config);
    List<Path> segments = files.list();
    // 60 lines, at most 12 to a segment
    assertThat(segments.size()).isGreaterThanOrEqualTo(5);
    for (int i = 0; i < segments.size(); i++) {
      assertThat(files.number(segments.get(i))).as("numbered without gaps").isEqualTo(i + 1);
    }
    for (Path closed : segments.subList(0, segments.size() - 1)) {
      String text = Files.readString(closed);
      assertThat(text).as("%s is not empty and ends with a whole line", closed).endsWith("\n");
      assertThat((long) text.length()).as("size of %s", closed).isLessThanOrEqualTo(maxBytes);
    }
    Path last = segments.get(segments.size() - 1);
    SinkCheckpoint checkpoint = SinkCheckpoint.read(files.checkpoint());
    assertThat(checkpoint.segment()).isEqualTo(segments.size());
    assertThat(checkpoint.segmentLength()).isEqualTo(Files.size(last));

    // every article once, and each partition's records in offset order across the segments
    Map<String, ConsumerRecord<byte[], byte[]>> records = new HashMap<>();
    for (var r : KafkaTestSupport.readAll(env.bootstrapServers(), topics.enriched().name())) {
      records.put(new String(r.key(), StandardCharsets.UTF_8), r);
    }
    List<String> ids = ids(config);
    assertThat(ids)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(
            articles.stream().map(EnrichedArticle::getId).toList());
    Map<Integer, Long> lastOffset = new HashMap<>();
    for (String id : ids) {
      ConsumerRecord<byte[], byte[]> r = records.get(id);
      Long before = lastOffset.put(r.partition(), r.offset());
      assertThat(before == null || before < r.offset())
          .as("%s (partition %d, offset %d) after offset %s", id, r.partition(), r.offset(), before)
          .isTrue();
    }
  }

  @Test
  void aSegmentIsClosedWhenItsFirstLineIsOldEvenWithNoNewRecords() throws Exception {
    props.put(SinkConfig.FILE_MAX_AGE_MS, "60000");
    SinkConfig config = new SinkConfig(props);
    SegmentFiles files = SegmentFiles.of(config);
    MutableClock clock = new MutableClock(Instant.parse("2026-05-01T08:00:00Z"));
    produce(articles("early", 5));
    try (JsonLinesSink sink = start(config, clock)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> sink.writtenCount() == 5);
      assertThat(files.list()).containsExactly(files.segment(1));
      byte[] first = Files.readAllBytes(files.segment(1));

      clock.advance(Duration.ofSeconds(60));
      // no new records: the idle sink closes the old segment and begins the next
      await().atMost(Duration.ofSeconds(30)).until(() -> files.list().size() == 2);
      assertThat(sink.currentSegment()).isEqualTo(files.segment(2));
      assertThat(Files.readAllBytes(files.segment(1))).isEqualTo(first);
      assertThat(files.segment(2)).isEmptyFile();

      // an empty segment does not age: ten quiet minutes, then lines that start its clock
      clock.advance(Duration.ofMinutes(10));
      produce(articles("late", 3));
      await().atMost(Duration.ofSeconds(30)).until(() -> sink.writtenCount() == 8);
    }
    assertThat(files.list()).containsExactly(files.segment(1), files.segment(2));
    assertThat(ids(files.segment(1)))
        .containsExactlyInAnyOrder("early0", "early1", "early2", "early3", "early4");
    assertThat(ids(files.segment(2))).containsExactlyInAnyOrder("late0", "late1", "late2");
    assertThat(SinkCheckpoint.read(files.checkpoint()).segmentStartedAt())
        .isEqualTo(Instant.parse("2026-05-01T08:11:00Z"));
  }

  @Test
  void afterACrashBetweenClosingASegmentAndCreatingTheNextTheClosedOneStaysAsItIs()
      throws Exception {
    SinkConfig config = new SinkConfig(props);
    SegmentFiles files = SegmentFiles.of(config);
    produce(articles("first", 10));
    runUntilWritten(config, 10);
    // The crash: the checkpoint naming segment 2 was written, segment 2 was not created yet.
    SinkCheckpoint checkpoint = SinkCheckpoint.read(files.checkpoint());
    new SinkCheckpoint(checkpoint.topicId(), 2, 0, null, checkpoint.nextOffsets())
        .write(files.checkpoint(), true);
    byte[] closed = Files.readAllBytes(files.segment(1));

    produce(articles("second", 10));
    runUntilWritten(config, 10);

    assertThat(files.list()).containsExactly(files.segment(1), files.segment(2));
    assertThat(Files.readAllBytes(files.segment(1))).isEqualTo(closed);
    assertThat(ids(files.segment(2)))
        .containsExactlyInAnyOrderElementsOf(
            articles("second", 10).stream().map(EnrichedArticle::getId).toList());
    assertThat(ids(config)).hasSize(20).doesNotHaveDuplicates();
  }

  @Test
  void afterACrashPastTheCheckpointTheSegmentIsCutAndLaterSegmentsGoSoNothingIsLostOrRepeated()
      throws Exception {
    long line = AvroJson.toJson(article("first10")).getBytes(StandardCharsets.UTF_8).length + 1;
    props.put(SinkConfig.FILE_MAX_BYTES, Long.toString(8 * line));
    props.put("consumer.max.poll.records", "5");
    SinkConfig config = new SinkConfig(props);
    SegmentFiles files = SegmentFiles.of(config);
    produce(articles("first", 30));
    runUntilWritten(config, 30);
    List<Path> before = files.list();
    assertThat(before).hasSizeGreaterThan(2);
    SinkCheckpoint checkpoint = SinkCheckpoint.read(files.checkpoint());
    Path current = files.segment(checkpoint.segment());
    assertThat(before.get(before.size() - 1)).isEqualTo(current);
    Map<Path, byte[]> contents = new HashMap<>();
    for (Path segment : before) {
      contents.put(segment, Files.readAllBytes(segment));
    }

    // The crash: lines written past the checkpoint, into the current segment and into two
    // segments after it (as a sink without fsync could leave them), and the offset commit lost.
    Files.writeString(
        current, "{\"id\":\"ghost-a\"}\n{\"id\":\"half-wr", StandardOpenOption.APPEND);
    Files.writeString(files.segment(checkpoint.segment() + 1), "{\"id\":\"ghost-b\"}\n");
    Files.writeString(files.segment(checkpoint.segment() + 2), "{\"id\":\"ghost-c\"}\n");
    loseCommittedOffsets(config);

    try (JsonLinesSink sink = start(config, Clock.systemUTC())) {
      // recovered before anything new is read: back to the checkpoint
      assertThat(files.list()).isEqualTo(before);
      assertThat(Files.readAllBytes(current)).isEqualTo(contents.get(current));
      assertThat(sink.currentSegment()).isEqualTo(current);

      produce(articles("second", 10));
      await().atMost(Duration.ofSeconds(30)).until(() -> sink.writtenCount() == 10);
      Thread.sleep(500); // a repeat, if any, would arrive in the next poll
    }

    List<String> ids = ids(config);
    assertThat(ids).hasSize(40).doesNotHaveDuplicates().noneMatch(id -> id.startsWith("ghost"));
    assertThat(ids.subList(0, 30))
        .containsExactlyInAnyOrderElementsOf(
            articles("first", 30).stream().map(EnrichedArticle::getId).toList());
    for (Path segment : before.subList(0, before.size() - 1)) {
      assertThat(Files.readAllBytes(segment))
          .as("closed %s", segment)
          .isEqualTo(contents.get(segment));
    }
    // the segment being written at the crash keeps what it held, then goes on (it may have been
    // empty, the one before having filled up with its last batch)
    byte[] kept = contents.get(current);
    assertThat(Arrays.copyOf(Files.readAllBytes(current), kept.length)).isEqualTo(kept);
  }

  @Test
  void theSingleFileOfAnOlderVersionBecomesTheFirstSegment() throws Exception {
    SinkConfig config = new SinkConfig(props);
    SegmentFiles files = SegmentFiles.of(config);
    produce(articles("first", 10));
    runUntilWritten(config, 10);
    // what the version without segments left: its file, a partial line, its checkpoint's format
    SinkCheckpoint checkpoint = SinkCheckpoint.read(files.checkpoint());
    Path single = files.dir().resolve(config.fileName());
    Files.move(files.segment(1), single);
    Files.writeString(single, "{\"id\":\"half-wr", StandardOpenOption.APPEND);
    StringBuilder offsets = new StringBuilder();
    checkpoint
        .nextOffsets()
        .forEach(
            (tp, next) ->
                offsets
                    .append(offsets.length() == 0 ? "" : ",")
                    .append('"')
                    .append(tp.topic())
                    .append('-')
                    .append(tp.partition())
                    .append("\":")
                    .append(next));
    Files.writeString(
        files.checkpoint(),
        "{\"topicId\":\""
            + checkpoint.topicId()
            + "\",\"fileLength\":"
            + checkpoint.segmentLength()
            + ",\"offsets\":{"
            + offsets
            + "}}");

    produce(articles("second", 10));
    runUntilWritten(config, 10);

    assertThat(single).doesNotExist();
    assertThat(files.list()).containsExactly(files.segment(1));
    assertThat(ids(config)).hasSize(20).doesNotHaveDuplicates();
  }

  /** A clock the test moves by hand, so that segment ages do not depend on how fast things run. */
  private static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
