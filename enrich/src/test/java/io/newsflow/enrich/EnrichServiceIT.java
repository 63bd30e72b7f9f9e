package io.newsflow.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.newsflow.avro.BodyFormat;
import io.newsflow.avro.RawArticle;
import io.newsflow.runtime.config.PipelineConfig;
import io.newsflow.schemas.SerdeFactory;
import io.newsflow.schemas.Topics;
import io.newsflow.schemas.registry.RegistryUnavailableException;
import io.newsflow.testkit.EmbeddedServersExtension;
import io.newsflow.testkit.KafkaTestSupport;
import io.newsflow.testkit.PipelineEnvironment;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The enrich service on a real broker: what it does when the schema registry stays unreachable. */
@ExtendWith(EmbeddedServersExtension.class)
class EnrichServiceIT {

  @Test
  void anUnreachableRegistryIsRetriedThenStopsTheInstanceLoudlyWithoutDeadLettering(
      PipelineEnvironment env, TestInfo info, @TempDir Path stateDir) throws Exception {
    String prefix = KafkaTestSupport.uniquePrefix(info.getDisplayName());
    Map<String, String> props = new HashMap<>(env.pipelineProperties());
    props.put(PipelineConfig.TOPIC_RAW, prefix + "raw");
    props.put(PipelineConfig.TOPIC_ENRICHED, prefix + "enriched");
    props.put(PipelineConfig.TOPIC_DLQ, prefix + "dlq");
    props.put(PipelineConfig.TOPICS_REPLICATION, "1");
    props.put(EnrichConfig.APPLICATION_ID, prefix + "enrich");
    props.put(EnrichConfig.STATE_DIR, stateDir.toString());
    props.put(EnrichConfig.MAX_THREAD_REPLACEMENTS, "1");
    // the replaced thread joins as a new member; the dead one's session must expire first
    props.put("streams.session.timeout.ms", "6000");

    // a valid record, written with the real registry
    PipelineConfig writer = new PipelineConfig(props);
    Topics topics =
        Topics.create(writer.topicNames(), new SerdeFactory(writer.schemaRegistryClient()));
    KafkaTestSupport.createTopics(
        env.bootstrapServers(), 1, prefix + "raw", prefix + "enriched", prefix + "dlq");
    RawArticle article = EnrichTopologyTest.article("r1", "Title", "Body", BodyFormat.TEXT);
    try (var producer =
        new KafkaProducer<>(
            Map.<String, Object>of("bootstrap.servers", env.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  prefix + "raw", "r1".getBytes(), topics.raw().serializeValue(article)))
          .get();
    }

    // the enricher sees a registry that is down
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    props.put(PipelineConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:" + closedPort);
    props.put(PipelineConfig.SCHEMA_REGISTRY_MAX_ATTEMPTS, "2");
    props.put(PipelineConfig.SCHEMA_REGISTRY_BACKOFF_MS, "10");
    try (EnrichService service = new EnrichService(new EnrichConfig(props))) {
      try {
        service.start(Duration.ofSeconds(60));
      } catch (IllegalStateException stoppedWhileStarting) {
        // the record can fail before every task is running; failure() carries the cause either way
        assertThat(stoppedWhileStarting).hasMessageContaining("stopped while starting");
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> service.failure().isDone());
      assertThat(service.failure().get()).hasCauseInstanceOf(RegistryUnavailableException.class);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  service.state() == KafkaStreams.State.NOT_RUNNING
                      || service.state() == KafkaStreams.State.ERROR);
    }
    assertThat(KafkaTestSupport.readAll(env.bootstrapServers(), prefix + "dlq")).isEmpty();
    assertThat(KafkaTestSupport.readAll(env.bootstrapServers(), prefix + "enriched")).isEmpty();
  }
}
