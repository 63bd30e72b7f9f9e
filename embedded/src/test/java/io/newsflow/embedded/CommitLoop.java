package io.newsflow.embedded;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A child process for {@link KilledDuringCommitIT}: a one-node broker on a kept folder and a
 * producer that commits transactions over every partition of a topic, one after another, until the
 * process is killed. Arguments: data folder, broker port.
 */
public final class CommitLoop {
  static final String TOPIC = "t";
  static final int PARTITIONS = 24;

  private CommitLoop() {}

  static EmbeddedKafkaBroker broker(Path dir, int port) throws Exception {
    return EmbeddedKafkaBroker.builder()
        .dataDir(dir)
        .port(port)
        .controllerPort(port + 1)
        .config("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000")
        .build();
  }

  public static void main(String[] args) throws Exception {
    EmbeddedKafkaBroker broker = broker(Path.of(args[0]), Integer.parseInt(args[1])).start();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      admin
          .createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                "bootstrap.servers",
                broker.bootstrapServers(),
                "transactional.id",
                "commit-loop",
                "transaction.timeout.ms",
                3000),
            new StringSerializer(),
            new StringSerializer())) {
      producer.initTransactions();
      System.out.println("committing");
      System.out.flush();
      // the value names the transaction: this process and a count
      long pid = ProcessHandle.current().pid();
      for (long n = 0; ; n++) {
        producer.beginTransaction();
        for (int p = 0; p < PARTITIONS; p++) {
          producer.send(new ProducerRecord<>(TOPIC, p, "k", pid + "-" + n));
        }
        producer.commitTransaction();
      }
    }
  }
}
