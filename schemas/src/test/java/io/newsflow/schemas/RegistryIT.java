package io.newsflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.newsflow.avro.RawArticle;
import io.newsflow.schemas.registry.CachedSchemaRegistryClient;
import io.newsflow.schemas.registry.HttpSchemaRegistryClient;
import io.newsflow.schemas.registry.SchemaRegistryClient;
import io.newsflow.schemas.serde.AvroSerializer;
import io.newsflow.testkit.EmbeddedServersExtension;
import io.newsflow.testkit.KafkaTestSupport;
import io.newsflow.testkit.PipelineEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/** The serde and registry client against a real Apicurio registry and a real broker. */
@ExtendWith(EmbeddedServersExtension.class)
class RegistryIT {

  @Test
  void recordsOnTheTopicCarryTheIdTheRegistryGivesForTheSubject(
      PipelineEnvironment env, TestInfo info) throws Exception {
    String topic = KafkaTestSupport.uniquePrefix(info.getDisplayName()) + "raw";
    KafkaTestSupport.createTopics(env.bootstrapServers(), 1, topic);
    SchemaRegistryClient registry =
        new CachedSchemaRegistryClient(
            HttpSchemaRegistryClient.builder(env.schemaRegistryUrl()).build());
    RawArticle article = TestArticles.raw("it-1");

    Map<String, Object> conf =
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.bootstrapServers());
    try (var producer =
        new KafkaProducer<>(
            conf, new StringSerializer(), new AvroSerializer<RawArticle>(registry, false))) {
      producer.send(new ProducerRecord<>(topic, article.getId(), article)).get();
    }

    List<ConsumerRecord<byte[], byte[]>> records =
        KafkaTestSupport.readAll(env.bootstrapServers(), topic);
    assertThat(records).hasSize(1);
    byte[] value = records.get(0).value();
    JsonNode latest =
        getJson(env.schemaRegistryUrl() + "/subjects/" + topic + "-value/versions/latest");
    assertThat(value[0]).isEqualTo((byte) 0);
    assertThat(ByteBuffer.wrap(value, 1, 4).getInt()).isEqualTo(latest.get("id").asInt());
    assertThat(new Schema.Parser().parse(latest.get("schema").asText()))
        .isEqualTo(RawArticle.getClassSchema());

    Topic<String, RawArticle> typed =
        new Topic<>(
            topic,
            org.apache.kafka.common.serialization.Serdes.String(),
            new SerdeFactory(registry).forValues(RawArticle.class));
    assertThat(typed.deserializeValue(value)).isEqualTo(article);
  }

  private static JsonNode getJson(String url) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
    return new ObjectMapper().readTree(response.body());
  }
}
