package io.newsflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-node broker killed (SIGKILL) while a producer commits transactions, then started again on
 * its folder, several times: after each start every partition's last stable offset reaches its end,
 * so read_committed readers are never stuck behind a transaction the restart left open.
 */
class KilledDuringCommitIT {
  private static final int KILLS = 6;

  @Test
  void afterEachKillAndRestartNoTransactionIsLeftOpen(@TempDir Path dir) throws Exception {
    int port = FreePorts.pickPair();
    Path data = dir.resolve("kafka");
    Random random = new Random(20261207);
    List<TopicPartition> partitions =
        IntStream.range(0, CommitLoop.PARTITIONS)
            .mapToObj(p -> new TopicPartition(CommitLoop.TOPIC, p))
            .toList();
    int markers = 0;
    for (int kill = 1; kill <= KILLS; kill++) {
      Process child = startChild(data, port);
      try {
        awaitCommitting(child);
        Thread.sleep(300 + random.nextInt(1500));
      } finally {
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      EmbeddedKafkaBroker broker = CommitLoop.broker(data, port).start();
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
        Map<TopicPartition, Long> behind = Map.of();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
        do {
          Map<TopicPartition, Long> stable =
              offsets(admin, partitions, IsolationLevel.READ_COMMITTED);
          Map<TopicPartition, Long> end =
              offsets(admin, partitions, IsolationLevel.READ_UNCOMMITTED);
          behind =
              end.entrySet().stream()
                  .filter(e -> stable.get(e.getKey()) < e.getValue())
                  .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
          if (!behind.isEmpty()) {
            Thread.sleep(500);
          }
        } while (!behind.isEmpty() && System.nanoTime() < deadline);
        assertThat(behind)
            .as("partitions whose last stable offset stays behind their end after restart " + kill)
            .isEmpty();
        markers += broker.strandedMarkers();
      } finally {
        broker.stop();
      }
    }
    // each transaction wrote its number to every partition: under read_committed a number is in
    // all of them or in none, whatever the restarts did with the transactions they found open
    Map<String, Integer> partitionsByNumber = new HashMap<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                "127.0.0.1:" + port,
                "isolation.level",
                "read_committed",
                "auto.offset.reset",
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      EmbeddedKafkaBroker broker = CommitLoop.broker(data, port).start();
      try {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
          for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
            partitionsByNumber.merge(r.value(), 1, Integer::sum);
          }
        }
      } finally {
        broker.stop();
      }
    }
    assertThat(partitionsByNumber)
        .as("transactions committed on some partitions only")
        .isNotEmpty()
        .allSatisfy((number, count) -> assertThat(count).isEqualTo(CommitLoop.PARTITIONS));
    System.out.printf(
        "killed during commits %d times: the restarts ended %d partition transactions their"
            + " coordinator had skipped; %d transactions committed, each on all %d partitions%n",
        KILLS, markers, partitionsByNumber.size(), CommitLoop.PARTITIONS);
  }

  private static Map<TopicPartition, Long> offsets(
      Admin admin, List<TopicPartition> partitions, IsolationLevel isolation) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    return admin
        .listOffsets(latest, new ListOffsetsOptions(isolation))
        .all()
        .get(30, TimeUnit.SECONDS)
        .entrySet()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  private static Process startChild(Path data, int port) throws Exception {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m",
            "-cp",
            System.getProperty("java.class.path"),
            CommitLoop.class.getName(),
            data.toString(),
            Integer.toString(port))
        .redirectErrorStream(true)
        .start();
  }

  private static void awaitCommitting(Process child) throws Exception {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      if (line.equals("committing")) {
        Thread drain =
            new Thread(
                () -> {
                  try {
                    out.transferTo(java.io.Writer.nullWriter());
                  } catch (java.io.IOException e) {
                    // the child is gone
                  }
                });
        drain.setDaemon(true);
        drain.start();
        return;
      }
      seen.append(line).append('\n');
    }
    throw new AssertionError("the commit loop stopped before committing:\n" + seen);
  }
}
