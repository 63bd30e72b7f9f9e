package io.newsflow.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.newsflow.avro.DeadLetter;
import io.newsflow.avro.DeadLetterHeader;
import io.newsflow.avro.EnrichedArticle;
import io.newsflow.avro.Entity;
import io.newsflow.avro.EntityType;
import io.newsflow.avro.IngestChannel;
import io.newsflow.avro.Mention;
import io.newsflow.avro.TextField;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AvroJsonTest {
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void rendersPlainJsonWithTheSchemasFieldNames() throws Exception {
    EnrichedArticle article =
        EnrichedArticle.newBuilder()
            .setId("a1")
            .setTitle("T")
            .setBody("<p>B</p>")
            .setBodyFormat(io.newsflow.avro.BodyFormat.HTML)
            .setUrl(null)
            .setPublishedAt(Instant.parse("2016-07-15T10:00:00Z"))
            .setReceivedAt(Instant.parse("2016-07-15T10:00:05.123Z"))
            .setSource(null)
            .setLanguage("en")
            .setPublisher(null)
            .setChannel(IngestChannel.FILE)
            .setOrigin("x.txt:1")
            .setCleanTitle("T")
            .setCleanText("B")
            .setWordCount(1)
            .setDetectedLanguage(null)
            .setEnrichedAt(Instant.parse("2016-07-15T10:00:06Z"))
            .setEntities(
                List.of(
                    new Entity(
                        "Q1",
                        "One",
                        EntityType.PERSON,
                        0.5f,
                        "curated",
                        List.of(new Mention(0, 1, "B", TextField.BODY)))))
            .setLinks(List.of())
            .build();

    JsonNode json = mapper.readTree(AvroJson.toJson(article));

    List<String> names = new java.util.ArrayList<>();
    json.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .containsExactlyElementsOf(
            EnrichedArticle.getClassSchema().getFields().stream().map(f -> f.name()).toList());
    assertThat(json.get("url").isNull()).isTrue();
    assertThat(json.get("publishedAt").asText()).isEqualTo("2016-07-15T10:00:00Z");
    assertThat(json.get("receivedAt").asText()).isEqualTo("2016-07-15T10:00:05.123Z");
    assertThat(json.get("bodyFormat").asText()).isEqualTo("HTML");
    assertThat(json.get("language").asText()).isEqualTo("en");
    assertThat(json.get("wordCount").asInt()).isEqualTo(1);
    assertThat(json.at("/entities/0/type").asText()).isEqualTo("PERSON");
    assertThat(json.at("/entities/0/mentions/0/end").asInt()).isEqualTo(1);
    assertThat(json.at("/entities/0/mentions/0/field").asText()).isEqualTo("BODY");
    assertThat(json.get("links").isArray()).isTrue();
  }

  @Test
  void bytesBecomeBase64() throws Exception {
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setSourceTopic("t")
            .setPartition(0)
            .setOffset(5)
            .setStage("s")
            .setErrorClass("E")
            .setErrorMessage("m")
            .setKey(ByteBuffer.wrap(new byte[] {1, 2, 3}))
            .setValue(null)
            .setHeaders(List.of(new DeadLetterHeader("h", ByteBuffer.wrap("v".getBytes()))))
            .setFailedAt(Instant.EPOCH)
            .build();
    JsonNode json = mapper.readTree(AvroJson.toJson(letter));
    assertThat(json.get("key").asText()).isEqualTo("AQID");
    assertThat(json.get("value").isNull()).isTrue();
    assertThat(json.at("/headers/0/value").asText()).isEqualTo("dg==");
  }
}
