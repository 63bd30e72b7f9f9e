package io.newsflow.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.newsflow.avro.ArticleLink;
import io.newsflow.avro.BodyFormat;
import io.newsflow.avro.IngestChannel;
import io.newsflow.avro.LinkType;
import io.newsflow.avro.RawArticle;
import io.newsflow.runtime.config.PipelineConfig;
import io.newsflow.schemas.ArticleIds;
import io.newsflow.schemas.SerdeFactory;
import io.newsflow.schemas.Topics;
import io.newsflow.testkit.EmbeddedServersExtension;
import io.newsflow.testkit.KafkaTestSupport;
import io.newsflow.testkit.PipelineEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's proof on a real broker: two enrich instances with one application id share four
 * partitions; articles written so that their links are known (a story of three, a syndicated copy,
 * a story of two, an unrelated article, a commentary that quotes, cites Reuters and links to the
 * report it follows) get every expected link and no link across stories.
 */
@ExtendWith(EmbeddedServersExtension.class)
class LinksIT {
  private static final Instant T0 = Instant.parse("2026-05-04T08:00:00Z");

  private static final String CRANES_1 =
      "Dock workers at the Port of Veldhaven walked out on Monday after Zorblatt"
          + " Industries Ltd said it would install automated cranes at its terminals. Union leader Peter Marlowe said"
          + " the Veldhaven Dockers Federation would not accept job losses, and Mayor Ingrid Castellanos called for"
          + " talks between the union and the company before the strike spreads to the rest of the harbour.";
  private static final String CRANES_2 =
      "The strike at the Port of Veldhaven entered its third day as Zorblatt"
          + " Industries Ltd refused to delay its crane programme. Peter Marlowe of the Veldhaven Dockers Federation told"
          + " a rally that members would hold out for a guarantee of jobs, while shipping lines began diverting cargo.";
  private static final String CRANES_3 =
      "Mayor Ingrid Castellanos met Peter Marlowe and managers of Zorblatt"
          + " Industries Ltd on Thursday, and the Veldhaven Dockers Federation said it would suspend the strike while"
          + " mediators drafted a plan for retraining crane operators over two years.";
  private static final String VACCINE_1 =
      "Regulators at the Kestrel Medicines Agency approved a new malaria vaccine"
          + " developed by Orvanta Biologics Plc, and its chief scientist Amara Okonkwo said the first doses would reach"
          + " clinics in Lusaka before the rainy season.";
  private static final String VACCINE_2 =
      "Orvanta Biologics Plc shares rose after the Kestrel Medicines Agency"
          + " approval, and Amara Okonkwo told investors that production in Lusaka would triple within a year.";
  private static final String GLACIER_URL = "https://news.example/science/tornqvist-glacier";
  private static final String GLACIER_REPORT =
      "Glaciologists at the Sandvik Polar Institute measured a record retreat of the Tornqvist"
          + " Glacier this summer, institute head Maja Lindgren said on Tuesday.";
  private static final String GLACIER_COMMENTARY =
      "<p>The Tornqvist Glacier is retreating faster than any model predicted, according to"
          + " Reuters.</p><p>\"We have never seen the ice go this quickly,\" said Maja Lindgren, head of the"
          + " Sandvik Polar Institute.</p><p>Read the <a href=\""
          + GLACIER_URL
          + "?utm_source=feed&amp;utm_medium=rss\">first report</a>.</p>";
  private static final String UNRELATED =
      "Astronomers at the Halvorsen Observatory reported a bright comet that should"
          + " be visible without a telescope from Reykjavik next month, said observatory director Lars Bjornstad.";

  @Test
  void twoInstancesBuildTheExpectedLinksAndNoOthers(
      PipelineEnvironment env, TestInfo info, @TempDir Path dir) throws Exception {
    String prefix = KafkaTestSupport.uniquePrefix(info.getDisplayName());
    Map<String, String> props = new HashMap<>(env.pipelineProperties());
    props.put(PipelineConfig.TOPIC_RAW, prefix + "raw");
    props.put(PipelineConfig.TOPIC_ENRICHED, prefix + "enriched");
    props.put(PipelineConfig.TOPIC_LINKS, prefix + "links");
    props.put(PipelineConfig.TOPIC_DLQ, prefix + "dlq");
    props.put(PipelineConfig.TOPIC_ENTITIES, prefix + "entities");
    props.put(PipelineConfig.TOPICS_PARTITIONS, "4");
    props.put(PipelineConfig.TOPICS_REPLICATION, "1");
    props.put(EnrichConfig.APPLICATION_ID, prefix + "enrich");

    List<EnrichService> instances = new ArrayList<>();
    try {
      for (int n = 0; n < 2; n++) {
        Map<String, String> own = new HashMap<>(props);
        own.put(EnrichConfig.STATE_DIR, dir.resolve("instance" + n).toString());
        own.put("streams.session.timeout.ms", "6000");
        instances.add(new EnrichService(new EnrichConfig(own)).start(Duration.ofMinutes(2)));
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> instances.stream().allMatch(s -> s.state() == KafkaStreams.State.RUNNING));

      PipelineConfig config = new PipelineConfig(props);
      Topics topics =
          Topics.create(config.topicNames(), new SerdeFactory(config.schemaRegistryClient()));
      // the glacier report's id is the one ingest gives a page, so that a hyperlink resolves to it
      String glacierReport = ArticleIds.forArticle(GLACIER_URL, "", "");
      Map<String, String> articles = new LinkedHashMap<>();
      articles.put(glacierReport, GLACIER_REPORT);
      articles.put("cranes-1", CRANES_1);
      articles.put("cranes-1-copy", CRANES_1);
      articles.put("vaccine-1", VACCINE_1);
      articles.put("cranes-2", CRANES_2);
      articles.put("unrelated", UNRELATED);
      articles.put("vaccine-2", VACCINE_2);
      articles.put("cranes-3", CRANES_3);
      articles.put("glacier-commentary", GLACIER_COMMENTARY);
      try (var producer =
          new KafkaProducer<>(
              Map.<String, Object>of("bootstrap.servers", env.bootstrapServers()),
              new ByteArraySerializer(),
              new ByteArraySerializer())) {
        int hour = 0;
        for (Map.Entry<String, String> a : articles.entrySet()) {
          RawArticle raw =
              RawArticle.newBuilder()
                  .setId(a.getKey())
                  .setTitle("Story " + a.getKey())
                  .setBody(a.getValue())
                  .setBodyFormat(a.getValue().startsWith("<p>") ? BodyFormat.HTML : BodyFormat.TEXT)
                  .setUrl(a.getKey().equals(glacierReport) ? GLACIER_URL : null)
                  .setPublishedAt(T0.plus(Duration.ofHours(hour++)))
                  .setReceivedAt(T0)
                  .setLanguage("en")
                  .setChannel(IngestChannel.FILE)
                  .build();
          producer
              .send(
                  new ProducerRecord<>(
                      topics.raw().name(), a.getKey().getBytes(), topics.raw().serializeValue(raw)))
              .get();
          Thread.sleep(300); // one after another, as a feed would publish them
        }
      }

      List<String> expected =
          List.of(
              "cranes-1|RELATED|cranes-2",
              "cranes-2|RELATED|cranes-1",
              "cranes-2|RELATED|cranes-3",
              "cranes-3|RELATED|cranes-2",
              "cranes-1|RELATED|cranes-3",
              "cranes-3|RELATED|cranes-1",
              "vaccine-1|RELATED|vaccine-2",
              "vaccine-2|RELATED|vaccine-1",
              "cranes-1-copy|DUPLICATE|cranes-1",
              "cranes-1|DUPLICATE|cranes-1-copy",
              "cranes-1|STORY|story:cranes-1",
              "cranes-1-copy|STORY|story:cranes-1",
              "cranes-2|STORY|story:cranes-1",
              "cranes-3|STORY|story:cranes-1",
              "vaccine-1|STORY|story:vaccine-1",
              "vaccine-2|STORY|story:vaccine-1",
              "glacier-commentary|RELATED|" + glacierReport,
              glacierReport + "|RELATED|glacier-commentary",
              "glacier-commentary|STORY|story:" + glacierReport,
              "glacier-commentary|HYPERLINK|" + glacierReport,
              "glacier-commentary|HYPERLINK|" + GLACIER_URL,
              "glacier-commentary|CITES|Q130879");
      Map<String, ArticleLink> links = new HashMap<>();
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () -> {
                links.clear();
                for (ConsumerRecord<byte[], byte[]> r :
                    KafkaTestSupport.readAll(env.bootstrapServers(), topics.links().name())) {
                  ArticleLink link = topics.links().deserializeValue(r.value());
                  links.put(link.getFrom() + "|" + link.getType() + "|" + link.getTo(), link);
                }
                assertThat(links.keySet()).containsAll(expected);
              });

      Set<String> story1 = Set.of("cranes-1", "cranes-1-copy", "cranes-2", "cranes-3");
      Set<String> story2 = Set.of("vaccine-1", "vaccine-2");
      Set<String> story3 = Set.of(glacierReport, "glacier-commentary");
      for (ArticleLink link : links.values()) {
        if (link.getType() == LinkType.RELATED || link.getType() == LinkType.DUPLICATE) {
          boolean within =
              (story1.contains(link.getFrom()) && story1.contains(link.getTo()))
                  || (story2.contains(link.getFrom()) && story2.contains(link.getTo()))
                  || (story3.contains(link.getFrom()) && story3.contains(link.getTo()));
          assertThat(within).as("link within one story: %s", link).isTrue();
        }
        assertThat(link.getFrom())
            .as("the unrelated article has no link between articles")
            .satisfiesAnyOf(
                from -> assertThat(from).isNotEqualTo("unrelated"),
                from ->
                    assertThat(link.getType())
                        .isNotIn(LinkType.RELATED, LinkType.DUPLICATE, LinkType.STORY));
        assertThat(link.getTo()).isNotEqualTo(link.getFrom());
      }
      Map<String, String> stories =
          links.values().stream()
              .filter(l -> l.getType() == LinkType.STORY)
              .collect(Collectors.toMap(ArticleLink::getFrom, ArticleLink::getTo, (a, b) -> b));
      assertThat(stories).doesNotContainKey("unrelated");
      // what the commentary carries itself: the quote with its speaker, the cited agency
      assertThat(links.values())
          .filteredOn(
              l -> l.getType() == LinkType.QUOTE && l.getFrom().equals("glacier-commentary"))
          .singleElement()
          .satisfies(
              quote -> {
                assertThat(quote.getTargetName()).isEqualTo("Maja Lindgren");
                assertThat(quote.getEvidence())
                    .singleElement()
                    .asString()
                    .startsWith("We have never seen the ice go this quickly");
              });
      assertThat(links.get("glacier-commentary|CITES|Q130879").getEvidence())
          .anyMatch(e -> e.contains("according to"));
      assertThat(links.get("cranes-1|RELATED|cranes-2").getScore())
          .isGreaterThan(links.get("vaccine-1|RELATED|vaccine-2").getScore() / 10);
      assertThat(instances).allSatisfy(s -> assertThat(s.failure()).isNotDone());
    } finally {
      instances.forEach(EnrichService::close);
    }
  }
}
