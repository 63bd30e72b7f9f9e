package io.newsflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsflow.embedded.StrandedTransactions.Marker;
import io.newsflow.embedded.StrandedTransactions.Open;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * On a real broker: a pass over a healthy node leaves a transaction its coordinator still runs
 * alone, and the markers it writes end an open transaction the way a coordinator's would.
 */
class StrandedTransactionsIT {

  @Test
  void markersEndOpenTransactionsAndAHealthyNodeIsLeftAlone() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start();
        Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic("t", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
      // one transaction committed, two left open by producers that went away
      try (KafkaProducer<String, String> done = producer(broker, "done")) {
        done.initTransactions();
        done.beginTransaction();
        done.send(new ProducerRecord<>("t", 0, "k", "committed"));
        done.commitTransaction();
      }
      abandon(broker, "left-0", 0, "open on 0");
      abandon(broker, "left-1", 1, "open on 1");

      StrandedTransactions.Result pass =
          StrandedTransactions.end(admin, "127.0.0.1", broker.port(), 30_000);
      assertThat(pass.written()).as("transactions the coordinator still runs").isEmpty();
      assertThat(pass.unresolved()).isEmpty();
      assertThat(readCommitted(broker)).containsExactly("committed");

      List<Open> open = open(admin);
      assertThat(open).extracting(o -> o.partition().partition()).containsExactlyInAnyOrder(0, 1);
      List<Marker> markers = new ArrayList<>();
      for (Open o : open) {
        int partition = o.partition().partition();
        markers.add(new Marker(o, "left-" + partition, partition == 0));
      }
      List<String> refused = new ArrayList<>();
      List<Marker> written =
          StrandedTransactions.write(
              "127.0.0.1",
              broker.port(),
              markers,
              System.nanoTime() + TimeUnit.SECONDS.toNanos(30),
              refused);
      assertThat(refused).isEmpty();
      assertThat(written).containsExactlyInAnyOrderElementsOf(markers);

      assertThat(open(admin)).as("open transactions after the markers").isEmpty();
      assertThat(readCommitted(broker))
          .as("the commit shows its record, the abort hides it")
          .containsExactlyInAnyOrder("committed", "open on 0");
    }
  }

  private static KafkaProducer<String, String> producer(EmbeddedKafkaBroker broker, String id) {
    return new KafkaProducer<>(
        Map.of(
            "bootstrap.servers",
            broker.bootstrapServers(),
            "transactional.id",
            id,
            "transaction.timeout.ms",
            120_000),
        new StringSerializer(),
        new StringSerializer());
  }

  private static void abandon(EmbeddedKafkaBroker broker, String id, int partition, String value)
      throws Exception {
    KafkaProducer<String, String> producer = producer(broker, id);
    producer.initTransactions();
    producer.beginTransaction();
    producer.send(new ProducerRecord<>("t", partition, "k", value)).get(30, TimeUnit.SECONDS);
    // closing does not end the transaction: it stays open until it times out
    producer.close(Duration.ZERO);
  }

  private static List<Open> open(Admin admin) throws Exception {
    return StrandedTransactions.openOn(
        admin, List.of(new TopicPartition("t", 0), new TopicPartition("t", 1)), 30_000);
  }

  private static List<String> readCommitted(EmbeddedKafkaBroker broker) {
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers", broker.bootstrapServers(),
                "isolation.level", "read_committed",
                "auto.offset.reset", "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      List<TopicPartition> partitions =
          List.of(new TopicPartition("t", 0), new TopicPartition("t", 1));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<String> values = new ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(r.value());
        }
      }
      return values;
    }
  }
}
