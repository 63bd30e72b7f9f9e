package io.newsflow.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.newsflow.avro.BodyFormat;
import io.newsflow.avro.DeadLetter;
import io.newsflow.avro.EnrichedArticle;
import io.newsflow.avro.EntityMention;
import io.newsflow.avro.EntityType;
import io.newsflow.avro.IngestChannel;
import io.newsflow.avro.RawArticle;
import io.newsflow.avro.TextField;
import io.newsflow.kb.KbEntity;
import io.newsflow.kb.KnowledgeBase;
import io.newsflow.nlp.entities.EntityExtractor;
import io.newsflow.nlp.text.Boilerplate;
import io.newsflow.nlp.text.TextCleaner;
import io.newsflow.schemas.SerdeFactory;
import io.newsflow.schemas.TopicNames;
import io.newsflow.schemas.Topics;
import io.newsflow.schemas.registry.InMemorySchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tier 1: the topology in {@link TopologyTestDriver}, with an in-memory schema registry. */
class EnrichTopologyTest {
  private static final String EXPLODING_TITLE = "makes the enricher fail";
  private static final EntityExtractor EXTRACTOR =
      EntityExtractor.withKnowledgeBase(
          KnowledgeBase.builder()
              .addAll(
                  List.of(
                      new KbEntity("Q159", EntityType.LOCATION, "Russia", List.of(), 0.95f),
                      new KbEntity(
                          "newsflow:person/sergey-lavrov",
                          EntityType.PERSON,
                          "Sergey Lavrov",
                          List.of("Sergei Lavrov"),
                          0.8f)))
              .build());
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final Topics topics =
      Topics.create(TopicNames.withPrefix(""), new SerdeFactory(registry));
  private TopologyTestDriver driver;
  private TestInputTopic<String, RawArticle> rawIn;
  private TestInputTopic<byte[], byte[]> bytesIn;
  private TestOutputTopic<String, EnrichedArticle> enrichedOut;
  private TestOutputTopic<byte[], DeadLetter> dlqOut;
  private TestOutputTopic<String, EntityMention> entitiesOut;

  @BeforeEach
  void start(@TempDir Path stateDir) {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    Enricher enricher = new Enricher(new TextCleaner(Boilerplate.builtIn()), EXTRACTOR, clock);
    var topology =
        EnrichTopology.build(
            new StreamsBuilder(),
            topics,
            raw -> {
              if (raw.getTitle().equals(EXPLODING_TITLE)) {
                throw new IllegalStateException("extractor exploded on " + raw.getId());
              }
              return enricher.enrich(raw);
            },
            "enrich-test",
            clock);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "enrich-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    driver = new TopologyTestDriver(topology, props);
    rawIn =
        driver.createInputTopic(
            "raw", topics.raw().keySerde().serializer(), topics.raw().valueSerde().serializer());
    bytesIn = driver.createInputTopic("raw", new ByteArraySerializer(), new ByteArraySerializer());
    enrichedOut =
        driver.createOutputTopic(
            "enriched",
            topics.enriched().keySerde().deserializer(),
            topics.enriched().valueSerde().deserializer());
    dlqOut =
        driver.createOutputTopic(
            "dlq",
            topics.deadLetters().keySerde().deserializer(),
            topics.deadLetters().valueSerde().deserializer());
    entitiesOut =
        driver.createOutputTopic(
            "entities",
            topics.entities().keySerde().deserializer(),
            topics.entities().valueSerde().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  static RawArticle article(String id, String title, String body, BodyFormat format) {
    return RawArticle.newBuilder()
        .setId(id)
        .setTitle(title)
        .setBody(body)
        .setBodyFormat(format)
        .setReceivedAt(Instant.parse("2026-01-02T03:00:00Z"))
        .setChannel(IngestChannel.FILE)
        .setOrigin("test")
        .setLanguage("en")
        .build();
  }

  @Test
  void enrichesAnArticleWithCleanTextAndItsEntities() {
    RawArticle raw =
        article(
            "a1",
            "Kerry meets  Lavrov",
            "Kerry met Lavrov\nin Moscow.\n\nPlease let us know if you're having issues with commenting.",
            BodyFormat.TEXT);
    rawIn.pipeInput("a1", raw);

    TestRecord<String, EnrichedArticle> out = enrichedOut.readRecord();
    assertThat(out.key()).isEqualTo("a1");
    EnrichedArticle e = out.value();
    assertThat(e.getCleanTitle()).isEqualTo("Kerry meets Lavrov");
    assertThat(e.getCleanText()).isEqualTo("Kerry met Lavrov in Moscow.");
    assertThat(e.getWordCount()).isEqualTo(5);
    assertThat(e.getBody()).isEqualTo(raw.getBody());
    assertThat(e.getLanguage()).isEqualTo("en");
    assertThat(e.getEnrichedAt()).isEqualTo(NOW);
    assertThat(e.getEntities())
        .anySatisfy(
            moscow -> {
              assertThat(moscow.getName()).isEqualTo("Moscow");
              assertThat(moscow.getType()).isEqualTo(EntityType.LOCATION);
            })
        .allSatisfy(
            entity ->
                assertThat(entity.getMentions())
                    .allSatisfy(
                        m ->
                            assertThat(
                                    (m.getField() == TextField.TITLE
                                            ? e.getCleanTitle()
                                            : e.getCleanText())
                                        .substring(m.getStart(), m.getEnd()))
                                .isEqualTo(m.getText())));
    assertThat(e.getLinks()).isEmpty();
    assertThat(dlqOut.isEmpty()).isTrue();
    assertThat(metric(EnrichMetrics.ENRICHED)).isEqualTo(1.0);
    // issue 7: enrichment time per article
    assertThat(metric(EnrichMetrics.ENRICHMENT_TIME_MAX)).isPositive();
    assertThat(metric(EnrichMetrics.ENRICHMENT_TIME_AVG)).isPositive();
  }

  @Test
  void entitiesAreLinkedAndEachGoesToTheEntitiesTopicKeyedByItsId() {
    rawIn.pipeInput(
        "e1",
        article(
            "e1",
            "Lavrov in Russia",
            "Foreign Minister Sergey Lavrov spoke in Russia on"
                + " Monday. Lavrov said his talks with Mr Wendell Okafor went well.",
            BodyFormat.TEXT));

    EnrichedArticle e = enrichedOut.readValue();
    assertThat(e.getEntities())
        .extracting(en -> en.getId())
        .containsExactlyInAnyOrder(
            "newsflow:person/sergey-lavrov", "Q159", "newsflow:person/wendell-okafor");
    var mentions = entitiesOut.readKeyValuesToMap();
    assertThat(mentions)
        .containsOnlyKeys(
            "newsflow:person/sergey-lavrov", "Q159", "newsflow:person/wendell-okafor");
    EntityMention lavrov = mentions.get("newsflow:person/sergey-lavrov");
    assertThat(lavrov.getArticleId()).isEqualTo("e1");
    assertThat(lavrov.getEntityType()).isEqualTo(EntityType.PERSON);
    assertThat(lavrov.getMentionCount()).isEqualTo(3);
    assertThat(lavrov.getSurfaceForms()).containsExactly("Lavrov", "Sergey Lavrov");
  }

  @Test
  void nonEnglishArticlesPassWithTheirLanguageMarkedAndNoEntities() {
    RawArticle french =
        article(
            "f1",
            "Le Louvre rouvre",
            "Le musée du Louvre a rouvert mardi l'aile Denon, fermée"
                + " depuis juin pour des travaux. La directrice, Claire Moreau, a salué le chantier dans les délais.",
            BodyFormat.TEXT);
    french.setLanguage(null);
    rawIn.pipeInput("f1", french);
    EnrichedArticle e = enrichedOut.readValue();
    assertThat(e.getLanguage()).isNull();
    assertThat(e.getDetectedLanguage()).isEqualTo("fr");
    assertThat(e.getEntities()).isEmpty();
    assertThat(entitiesOut.isEmpty()).isTrue();
    assertThat(dlqOut.isEmpty()).isTrue();
  }

  @Test
  void htmlBodiesBecomeText() {
    rawIn.pipeInput("h1", article("h1", "T", "<p>One <i>two</i></p><p>three</p>", BodyFormat.HTML));
    assertThat(enrichedOut.readValue().getCleanText()).isEqualTo("One two\n\nthree");
  }

  @Test
  void aPoisonPillGoesToTheDeadLetterTopicWithItsContextAndTheStreamGoesOn() {
    byte[] poison = "{not avro}".getBytes(StandardCharsets.UTF_8);
    bytesIn.pipeInput(
        new TestRecord<>(
            "bad-key".getBytes(StandardCharsets.UTF_8),
            poison,
            new org.apache.kafka.common.header.internals.RecordHeaders()
                .add("trace", "t1".getBytes()),
            Instant.parse("2026-01-01T00:00:00Z")));
    rawIn.pipeInput("a2", article("a2", "After the poison", "Still flowing.", BodyFormat.TEXT));

    TestRecord<byte[], DeadLetter> dead = dlqOut.readRecord();
    assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("bad-key");
    DeadLetter letter = dead.value();
    assertThat(letter.getSourceTopic()).isEqualTo("raw");
    assertThat(letter.getPartition()).isZero();
    assertThat(letter.getOffset()).isZero();
    assertThat(letter.getStage()).isEqualTo(EnrichTopology.STAGE_DESERIALIZE);
    assertThat(letter.getErrorClass()).endsWith("SerializationException");
    assertThat(letter.getErrorMessage()).contains("magic byte");
    assertThat(letter.getValue().array()).isEqualTo(poison);
    assertThat(letter.getHeaders())
        .singleElement()
        .satisfies(h -> assertThat(h.getKey()).isEqualTo("trace"));
    assertThat(letter.getRecordTimestamp()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(letter.getApplication()).isEqualTo("enrich-test");
    assertThat(letter.getFailedAt()).isEqualTo(NOW);

    assertThat(enrichedOut.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("a2");
    assertThat(deadLetterMetric(EnrichTopology.STAGE_DESERIALIZE, "SerializationException"))
        .isEqualTo(1.0);
  }

  @Test
  void theLagMetricIsTheAgeOfTheLastRawRecordWhenItWasTaken() {
    rawIn.pipeInput(
        "l1", article("l1", "Ninety seconds late", "x", BodyFormat.TEXT), NOW.minusSeconds(90));
    assertThat(metric(EnrichMetrics.LAG)).isEqualTo(90_000.0);
    rawIn.pipeInput("l2", article("l2", "Just in", "y", BodyFormat.TEXT), NOW.minusSeconds(2));
    assertThat(metric(EnrichMetrics.LAG)).isEqualTo(2_000.0);
  }

  @Test
  void anUnknownSchemaIdIsDeadLettered() {
    bytesIn.pipeInput("x".getBytes(), new byte[] {0, 0, 0, 0, 99, 1, 2, 3});
    assertThat(dlqOut.readValue().getErrorMessage()).contains("schema id 99");
  }

  @Test
  void aFailureWhileEnrichingIsDeadLetteredWithTheArticleIdAndTheStreamGoesOn() {
    rawIn.pipeInput("b1", article("b1", EXPLODING_TITLE, "x", BodyFormat.TEXT));
    rawIn.pipeInput("b2", article("b2", "fine", "y", BodyFormat.TEXT));
    DeadLetter letter = dlqOut.readValue();
    assertThat(letter.getStage()).isEqualTo(EnrichTopology.STAGE_PROCESS);
    assertThat(letter.getArticleId()).isEqualTo("b1");
    assertThat(letter.getOffset()).isZero();
    assertThat(letter.getErrorMessage()).isEqualTo("extractor exploded on b1");
    assertThat(topics.raw().deserializeValue(letter.getValue().array()).getId()).isEqualTo("b1");
    assertThat(enrichedOut.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("b2");
    assertThat(deadLetterMetric(EnrichTopology.STAGE_PROCESS, "IllegalStateException"))
        .isEqualTo(1.0);
  }

  @Test
  void anUnreachableRegistryStopsProcessingInsteadOfDeadLettering() {
    byte[] valid = topics.raw().serializeValue(article("r1", "T", "B", BodyFormat.TEXT));
    InMemorySchemaRegistry other = new InMemorySchemaRegistry();
    other.setAvailable(false);
    // a fresh deserializer cache, as after a restart, with the registry down
    Topics down = Topics.create(TopicNames.withPrefix(""), new SerdeFactory(other));
    Clock clock = Clock.systemUTC();
    replaceDriver(
        down,
        new Enricher(new TextCleaner(Boilerplate.builtIn()), EXTRACTOR, clock)::enrich,
        "enrich-test-down");
    var in = driver.createInputTopic("raw", new ByteArraySerializer(), new ByteArraySerializer());
    var dlq =
        driver.createOutputTopic(
            "dlq",
            topics.deadLetters().keySerde().deserializer(),
            topics.deadLetters().valueSerde().deserializer());
    assertThatThrownBy(() -> in.pipeInput("r1".getBytes(), valid))
        .isInstanceOf(StreamsException.class)
        .hasRootCauseInstanceOf(io.newsflow.schemas.registry.RegistryUnavailableException.class);
    assertThat(dlq.isEmpty()).isTrue();
  }

  @Test
  void anEnricherThatCouldNotBeMadeStopsProcessingInsteadOfDeadLettering() {
    replaceDriver(
        topics,
        raw -> {
          throw new StreamsException("the enricher could not be made: no knowledge base");
        },
        "enrich-test-no-kb");
    var in =
        driver.createInputTopic(
            "raw", topics.raw().keySerde().serializer(), topics.raw().valueSerde().serializer());
    var dlq =
        driver.createOutputTopic(
            "dlq",
            topics.deadLetters().keySerde().deserializer(),
            topics.deadLetters().valueSerde().deserializer());
    assertThatThrownBy(() -> in.pipeInput("k1", article("k1", "T", "B", BodyFormat.TEXT)))
        .isInstanceOf(StreamsException.class)
        .hasStackTraceContaining("no knowledge base");
    assertThat(dlq.isEmpty()).isTrue();
  }

  /** Closes the test's driver and runs the topology over {@code topics} with {@code enricher}. */
  private void replaceDriver(
      Topics topics, Function<RawArticle, EnrichedArticle> enricher, String applicationId) {
    driver.close();
    Clock clock = Clock.systemUTC();
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver =
        new TopologyTestDriver(
            EnrichTopology.build(new StreamsBuilder(), topics, enricher, applicationId, clock),
            props);
  }

  @Test
  void theSampleArticleLosesItsCommentingBoilerplate() throws Exception {
    Path sample =
        Path.of(
            System.getProperty("newsflow.shared.dir", "../../shared"),
            "samples",
            "seed-article.txt");
    assumeThat(Files.isRegularFile(sample)).as("shared sample %s present", sample).isTrue();
    List<String> lines = Files.readAllLines(sample);
    String body = String.join("\n", lines.subList(1, lines.size()));
    rawIn.pipeInput("seed", article("seed", lines.get(0), body, BodyFormat.TEXT));
    EnrichedArticle e = enrichedOut.readValue();
    assertThat(body).contains("Please let us know if you're having issues with commenting.");
    assertThat(e.getCleanText())
        .doesNotContain("commenting")
        .startsWith("The Obama administration and Russia");
    assertThat(e.getCleanText()).contains("\n\nU.S. Secretary of State John Kerry");
    assertThat(e.getWordCount()).isBetween(700, 900);
  }

  private double metric(String name) {
    return driver.metrics().entrySet().stream()
        .filter(
            e -> e.getKey().group().equals(EnrichMetrics.GROUP) && e.getKey().name().equals(name))
        .mapToDouble(e -> ((Number) ((Metric) e.getValue()).metricValue()).doubleValue())
        .sum();
  }

  private double deadLetterMetric(String stage, String reason) {
    return driver.metrics().entrySet().stream()
        .filter(
            e ->
                e.getKey().group().equals(EnrichMetrics.GROUP)
                    && e.getKey().name().equals(EnrichMetrics.DEAD_LETTERS)
                    && stage.equals(e.getKey().tags().get("stage"))
                    && reason.equals(e.getKey().tags().get("reason")))
        .mapToDouble(e -> ((Number) ((Metric) e.getValue()).metricValue()).doubleValue())
        .sum();
  }
}
