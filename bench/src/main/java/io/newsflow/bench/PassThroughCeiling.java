package io.newsflow.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * What the platform allows here: a bare Kafka Streams application that copies the records of a
 * topic, unchanged, to a topic of its own, exactly-once (enrich's setting), on the same broker and
 * cores as the benchmark. A {@code read_committed} consumer counts the copies; the rate is taken
 * from the moment it has seen a fifth of them to the last, so that the start (first fetches and
 * transactions) does not weigh on it.
 */
final class PassThroughCeiling {
  /** Records copied once under way, and the seconds they took. */
  record Result(long records, double seconds) {
    double perSecond() {
      return records / seconds;
    }
  }

  private PassThroughCeiling() {}

  static Result measure(String bootstrapServers, String source, int partitions, long expected)
      throws Exception {
    String target = source + ".passthrough-" + System.nanoTime();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      admin.createTopics(List.of(new NewTopic(target, partitions, (short) 1))).all().get();
    }
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(source, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .to(target, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
    Path state = Files.createTempDirectory("newsflow-passthrough-");
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-passthrough-" + System.nanoTime());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    CountDownLatch running = new CountDownLatch(1);
    long[] runningAt = new long[1];
    try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
        KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(
                Map.of(
                    "bootstrap.servers", bootstrapServers,
                    "isolation.level", "read_committed",
                    "auto.offset.reset", "earliest"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
      // partitions assigned up front, so that no group join delays the reading
      List<org.apache.kafka.common.TopicPartition> parts = new java.util.ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        parts.add(new org.apache.kafka.common.TopicPartition(target, p));
      }
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      consumer.poll(Duration.ZERO);
      streams.setStateListener(
          (now, before) -> {
            if (now == KafkaStreams.State.RUNNING && running.getCount() > 0) {
              runningAt[0] = System.nanoTime();
              running.countDown();
            }
          });
      streams.start();
      if (!running.await(2, TimeUnit.MINUTES)) {
        throw new IllegalStateException("the pass-through application did not start");
      }
      long seen = 0;
      long lastAt = runningAt[0];
      long rampSeen = -1;
      long rampAt = 0;
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (seen < expected) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the pass-through copied " + seen + " of " + expected + " records in 5 minutes");
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
        if (!records.isEmpty()) {
          seen += records.count();
          lastAt = System.nanoTime();
          if (rampSeen < 0 && seen >= expected / 5) {
            rampSeen = seen;
            rampAt = lastAt;
          }
        }
      }
      // the rate once under way: the first fifth (fetches starting, first transactions) left out
      return new Result(seen - rampSeen, (lastAt - rampAt) / 1e9);
    } finally {
      io.newsflow.embedded.Directories.deleteRecursively(state);
    }
  }
}
