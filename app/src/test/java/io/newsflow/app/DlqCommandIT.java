package io.newsflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.newsflow.app.dlq.DeadLetterQueue;
import io.newsflow.avro.DeadLetter;
import io.newsflow.avro.EnrichedArticle;
import io.newsflow.avro.IngestChannel;
import io.newsflow.avro.RawArticle;
import io.newsflow.runtime.config.PipelineConfig;
import io.newsflow.schemas.DeadLetters;
import io.newsflow.schemas.DeadLetters.Origin;
import io.newsflow.schemas.SerdeFactory;
import io.newsflow.schemas.TopicNames;
import io.newsflow.schemas.Topics;
import io.newsflow.testkit.EmbeddedServersExtension;
import io.newsflow.testkit.KafkaTestSupport;
import io.newsflow.testkit.PipelineEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code newsflow dlq list|replay} against a real broker and registry, on dead letters built as the
 * stages build them. The dead-letter topic has one partition, so the letters sit at 0:0 to 0:3.
 */
@ExtendWith(EmbeddedServersExtension.class)
class DlqCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private PipelineEnvironment env;
  private TopicNames names;
  private byte[] rawValue;
  private byte[] enrichedValue;

  @BeforeEach
  void setUp(PipelineEnvironment env, TestInfo info) throws Exception {
    this.env = env;
    names = TopicNames.withPrefix(KafkaTestSupport.uniquePrefix(info.getDisplayName()));
    KafkaTestSupport.createTopics(
        env.bootstrapServers(), 2, names.raw(), names.enriched(), names.links());
    KafkaTestSupport.createTopics(env.bootstrapServers(), 1, names.deadLetters());
    Topics topics =
        Topics.create(
            names,
            new SerdeFactory(new PipelineConfig(env.pipelineProperties()).schemaRegistryClient()));
    rawValue =
        topics
            .raw()
            .serializeValue(
                RawArticle.newBuilder()
                    .setId("raw-1")
                    .setTitle("Harbour strike")
                    .setBody("Dockers stopped work.")
                    .setReceivedAt(T0)
                    .setChannel(IngestChannel.FILE)
                    .build());
    enrichedValue =
        topics
            .enriched()
            .serializeValue(
                EnrichedArticle.newBuilder()
                    .setId("enriched-1")
                    .setTitle("Council vote")
                    .setBody("The council voted.")
                    .setReceivedAt(T0)
                    .setChannel(IngestChannel.FILE)
                    .setCleanTitle("Council vote")
                    .setCleanText("The council voted.")
                    .setWordCount(3)
                    .setEnrichedAt(T0)
                    .build());
    RecordHeaders traced = new RecordHeaders();
    traced.add("trace", "t-1".getBytes(StandardCharsets.UTF_8));
    List<DeadLetter> letters =
        List.of(
            DeadLetters.of(
                new Origin(names.raw(), 0, 5, T0.toEpochMilli()),
                utf8("raw-1"),
                rawValue,
                traced,
                "enrich.process",
                new IllegalStateException("tokenizer broke\non this text"),
                "raw-1",
                "newsflow-enrich",
                T0.plusSeconds(1)),
            DeadLetters.of(
                new Origin(names.enriched(), 1, 7, T0.toEpochMilli()),
                utf8("enriched-1"),
                enrichedValue,
                null,
                "sink.postgres.write",
                new java.sql.SQLException("value too long for type character varying(10)"),
                "enriched-1",
                "newsflow-sink",
                T0.plusSeconds(2)),
            DeadLetters.of(
                new Origin(names.raw(), 0, 9, null),
                utf8("tombstone"),
                null,
                null,
                "enrich.deserialize",
                new IllegalArgumentException("no value"),
                null,
                "newsflow-enrich",
                T0.plusSeconds(3)),
            DeadLetters.of(
                new Origin("another.pipeline.raw", 0, 1, null),
                utf8("foreign"),
                rawValue,
                null,
                "enrich.process",
                new IllegalStateException("whatever"),
                "foreign",
                "newsflow-enrich",
                T0.plusSeconds(4)));
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", env.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (DeadLetter letter : letters) {
        producer
            .send(
                new ProducerRecord<>(
                    names.deadLetters(),
                    letter.getKey() == null ? null : letter.getKey().array(),
                    topics.deadLetters().serializeValue(letter)))
            .get();
      }
    }
  }

  @Test
  void listsEveryLetterNewestLastWithASummaryByStageAndReason() {
    Run run = run("list");

    assertThat(run.status).as(run.err).isZero();
    List<String> lines = run.out.lines().toList();
    assertThat(lines).hasSize(6);
    assertThat(lines.get(0)).startsWith("DLQ").contains("STAGE").contains("ERROR");
    assertThat(lines.get(1))
        .startsWith("0:0 ")
        .contains("2026-01-01T00:00:01Z")
        .contains("enrich.process")
        .contains(names.raw() + "-0@5")
        .contains("raw-1")
        .contains("IllegalStateException: tokenizer broke on this text");
    assertThat(lines.get(2))
        .startsWith("0:1 ")
        .contains("sink.postgres.write")
        .contains(names.enriched() + "-1@7")
        .contains("SQLException: value too long");
    assertThat(lines.get(3)).startsWith("0:2 ").contains("enrich.deserialize");
    assertThat(lines.get(4)).startsWith("0:3 ").contains("another.pipeline.raw-0@1");
    assertThat(lines.get(5))
        .isEqualTo(
            "4 dead letter(s) on "
                + names.deadLetters()
                + "; by stage and reason: enrich.deserialize IllegalArgumentException 1,"
                + " enrich.process IllegalStateException 2, sink.postgres.write SQLException 1");
  }

  @Test
  void filtersByStageSourceTopicTimeAndLimit() {
    assertThat(run("list", "--stage", "enrich.process").out.lines())
        .filteredOn(l -> l.startsWith("0:"))
        .extracting(l -> l.split(" ")[0])
        .containsExactly("0:0", "0:3");
    assertThat(run("list", "--source-topic", names.raw()).out.lines())
        .filteredOn(l -> l.startsWith("0:"))
        .extracting(l -> l.split(" ")[0])
        .containsExactly("0:0", "0:2");
    assertThat(run("list", "--since", "2026-01-01T00:00:02Z", "--limit", "2").out.lines())
        .filteredOn(l -> l.startsWith("0:"))
        .extracting(l -> l.split(" ")[0])
        .containsExactly("0:2", "0:3");
    Run bad = run("list", "--since", "yesterday");
    assertThat(bad.status).isEqualTo(2);
    assertThat(bad.err).contains("--since takes an ISO-8601 instant");
  }

  @Test
  void jsonListsFullLettersAsJsonLines() throws Exception {
    Run run = run("list", "--json", "--stage", "enrich.process");

    assertThat(run.status).as(run.err).isZero();
    List<String> lines = run.out.lines().toList();
    assertThat(lines).hasSize(2);
    JsonNode first = JSON.readTree(lines.get(0));
    assertThat(first.get("dlqTopic").asText()).isEqualTo(names.deadLetters());
    assertThat(first.get("dlqPartition").asInt()).isZero();
    assertThat(first.get("dlqOffset").asLong()).isZero();
    assertThat(first.get("errorMessage").asText()).contains("tokenizer broke\non this text");
    assertThat(first.get("errorClass").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(first.get("failedAt").asText()).isEqualTo("2026-01-01T00:00:01Z");
    assertThat(first.get("value").binaryValue()).isEqualTo(rawValue);
    assertThat(run.err).contains("2 dead letter(s)");
  }

  @Test
  void replaysByOffsetWithTheOriginalBytesAndTheReplayHeaders() {
    Run run = run("replay", "--offset", "0:0", "0:1");

    assertThat(run.status).as(run.err).isZero();
    assertThat(run.err).contains("warning: replay is not deduplicated");
    assertThat(run.out)
        .contains("replayed 0:0 (enrich.process, article raw-1) -> " + names.raw() + "-")
        .contains("replayed 0:1 (sink.postgres.write, article enriched-1) -> " + names.enriched())
        .contains("2 letter(s) replayed, 0 refused");
    List<ConsumerRecord<byte[], byte[]>> raw =
        KafkaTestSupport.readAll(env.bootstrapServers(), names.raw());
    assertThat(raw).hasSize(1);
    assertThat(raw.get(0).key()).isEqualTo(utf8("raw-1"));
    assertThat(raw.get(0).value()).isEqualTo(rawValue);
    assertThat(headers(raw.get(0)))
        .containsExactly(
            "trace=t-1",
            DeadLetterQueue.REPLAYED_FROM_HEADER + "=" + names.deadLetters() + "-0@0",
            DeadLetterQueue.REPLAY_COUNT_HEADER + "=1");
    List<ConsumerRecord<byte[], byte[]>> enriched =
        KafkaTestSupport.readAll(env.bootstrapServers(), names.enriched());
    assertThat(enriched).hasSize(1);
    assertThat(enriched.get(0).key()).isEqualTo(utf8("enriched-1"));
    assertThat(enriched.get(0).value()).isEqualTo(enrichedValue);
    assertThat(headers(enriched.get(0)))
        .containsExactly(
            DeadLetterQueue.REPLAYED_FROM_HEADER + "=" + names.deadLetters() + "-0@1",
            DeadLetterQueue.REPLAY_COUNT_HEADER + "=1");
  }

  @Test
  void replaysByStageRefusingForeignTopicsAndWritesACopyPerReplay() {
    Run first = run("replay", "--stage", "enrich.process");
    Run second = run("replay", "--stage", "enrich.process");

    for (Run run : List.of(first, second)) {
      assertThat(run.status).isEqualTo(2);
      assertThat(run.out).contains("replayed 0:0").contains("1 letter(s) replayed, 1 refused");
      assertThat(run.err)
          .contains("refused 0:3 (another.pipeline.raw-0@1): its source topic")
          .contains("is not an input topic of this pipeline");
    }
    assertThat(first.err).doesNotContain("was replayed");
    assertThat(second.err)
        .contains("warning: 0:0 was replayed 1 time(s) before (found on " + names.raw() + ")");
    // not deduplicated: two replays, two copies
    assertThat(KafkaTestSupport.readAll(env.bootstrapServers(), names.raw()))
        .hasSize(2)
        .allSatisfy(r -> assertThat(r.value()).isEqualTo(rawValue));
  }

  @Test
  void refusesALetterWithoutValue() {
    Run run = run("replay", "--offset", "0:2");

    assertThat(run.status).isEqualTo(2);
    assertThat(run.err).contains("refused 0:2").contains("its value is null");
    assertThat(run.out).contains("0 letter(s) replayed, 1 refused");
    assertThat(KafkaTestSupport.readAll(env.bootstrapServers(), names.raw())).isEmpty();
  }

  @Test
  void dryRunWritesNothing() {
    Run run = run("replay", "--all", "--dry-run");

    assertThat(run.out)
        .contains("would replay 0:0 (enrich.process, article raw-1) -> " + names.raw())
        .contains("would replay 0:1")
        .contains("2 letter(s) to replay (dry run), 2 refused");
    assertThat(KafkaTestSupport.readAll(env.bootstrapServers(), names.raw())).isEmpty();
    assertThat(KafkaTestSupport.readAll(env.bootstrapServers(), names.enriched())).isEmpty();
  }

  @Test
  void anUnknownPositionIsAnError() {
    Run run = run("replay", "--offset", "0:99");

    assertThat(run.status).isEqualTo(2);
    assertThat(run.err).contains("no dead letter at [0:99]");
  }

  private record Run(int status, String out, String err) {}

  private Run run(String subcommand, String... args) {
    List<String> all = new ArrayList<>();
    all.addAll(
        List.of(
            "dlq",
            subcommand,
            "--bootstrap-servers",
            env.bootstrapServers(),
            "--schema-registry-url",
            env.schemaRegistryUrl(),
            "-D",
            PipelineConfig.TOPIC_RAW + "=" + names.raw(),
            "-D",
            PipelineConfig.TOPIC_ENRICHED + "=" + names.enriched(),
            "-D",
            PipelineConfig.TOPIC_LINKS + "=" + names.links(),
            "-D",
            PipelineConfig.TOPIC_DLQ + "=" + names.deadLetters()));
    all.addAll(Arrays.asList(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        Newsflow.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(all.toArray(String[]::new));
    return new Run(status, out.toString(), err.toString());
  }

  private static List<String> headers(ConsumerRecord<byte[], byte[]> record) {
    List<String> headers = new ArrayList<>();
    record
        .headers()
        .forEach(h -> headers.add(h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8)));
    return headers;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
