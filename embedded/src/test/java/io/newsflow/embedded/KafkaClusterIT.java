package io.newsflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Three node processes on loopback replicate a topic: with its leader killed by SIGKILL, writes
 * with {@code acks=all} go on through the other two, and the killed node, started again, catches up
 * until every replica is in sync.
 */
class KafkaClusterIT {

  @Test
  void aTopicSurvivesItsLeaderKilledAndTheNodeCatchesUpAfterItsRestart() throws Exception {
    Path dir;
    long t0 = System.nanoTime();
    try (KafkaCluster cluster = KafkaCluster.builder().heap("384m").build().start()) {
      long started = System.nanoTime();
      dir = cluster.dataDir();
      assertThat(cluster.bootstrapServers().split(",")).hasSize(3);
      try (Admin admin = cluster.admin()) {
        admin
            .createTopics(List.of(new NewTopic("replicated", 1, (short) 3)))
            .all()
            .get(30, TimeUnit.SECONDS);
      }
      Set<String> sent = new HashSet<>();
      try (KafkaProducer<String, String> producer = producer(cluster)) {
        for (int i = 0; i < 50; i++) {
          producer.send(new ProducerRecord<>("replicated", "k" + i, "before-" + i)).get();
          sent.add("before-" + i);
        }
        int leader = cluster.leaderOf("replicated", 0);
        assertThat(cluster.nodeIds()).contains(leader);
        cluster.kill(leader);
        long killed = System.nanoTime();
        assertThat(cluster.isRunning(leader)).isFalse();
        long firstWrite = 0;
        for (int i = 0; i < 50; i++) {
          producer.send(new ProducerRecord<>("replicated", "k" + i, "after-" + i)).get();
          firstWrite = firstWrite == 0 ? System.nanoTime() : firstWrite;
          sent.add("after-" + i);
        }
        assertThat(cluster.leaderOf("replicated", 0)).isNotEqualTo(leader).isPositive();
        long restarting = System.nanoTime();
        cluster.start(leader);
        long registered = System.nanoTime();
        // in sync: the restarted node has copied what was written while it was down
        cluster.awaitInSync(Duration.ofSeconds(60));
        System.out.printf(
            "cluster started in %.1f s; first write %.1f s after the leader was killed; the node"
                + " registered %.1f s after its start, in sync %.1f s after%n",
            (started - t0) / 1e9,
            (firstWrite - killed) / 1e9,
            (registered - restarting) / 1e9,
            (System.nanoTime() - registered) / 1e9);
      }
      assertThat(read(cluster)).containsExactlyInAnyOrderElementsOf(sent);
    }
    assertThat(dir).doesNotExist();
  }

  private static KafkaProducer<String, String> producer(KafkaCluster cluster) {
    return new KafkaProducer<>(
        Map.of(
            "bootstrap.servers",
            cluster.bootstrapServers(),
            "acks",
            "all",
            "delivery.timeout.ms",
            60000,
            "request.timeout.ms",
            5000),
        new StringSerializer(),
        new StringSerializer());
  }

  private static List<String> read(KafkaCluster cluster) {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                cluster.bootstrapServers(),
                "group.id",
                "reader",
                "auto.offset.reset",
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of("replicated"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (values.size() < 100 && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          values.add(r.value());
        }
      }
    }
    return values;
  }
}
