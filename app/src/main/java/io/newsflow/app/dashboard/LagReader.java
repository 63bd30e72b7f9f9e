package io.newsflow.app.dashboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How far behind each stage's consumer group is: per group, the records between its committed
 * offsets and the end of each partition, summed (records not yet processed). The offset difference
 * overstates small lags on topics written in transactions (each commit marker takes an offset), so
 * a small difference is checked by reading those records ({@code read_committed}, no group).
 */
public final class LagReader implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** Offset differences up to this are counted by reading; larger ones are shown as they are. */
  private static final long COUNTED_UP_TO = 500;

  /**
   * The lag of one group; {@code partitions} 0 means it has committed nothing yet (not started, or
   * nothing read).
   */
  record Lag(String stage, String groupId, long records, int partitions) {}

  private final Admin admin;
  private final KafkaConsumer<byte[], byte[]> reader;
  private final List<Dashboard.Group> groups;

  /**
   * @param consumerProperties settings of the consumer that counts records (no group is used)
   * @param groups the groups {@link #read} reports on
   */
  public LagReader(
      Admin admin, Map<String, Object> consumerProperties, List<Dashboard.Group> groups) {
    this.admin = admin;
    Map<String, Object> props = new HashMap<>(consumerProperties);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "newsflow-dashboard-lag");
    this.reader =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.groups = List.copyOf(groups);
  }

  /** Called from one thread at a time (the consumer is not thread-safe). */
  List<Lag> read() {
    List<Lag> lags = new ArrayList<>();
    for (Dashboard.Group group : groups) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          get(
              admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata(),
              group);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      committed.forEach(
          (tp, offset) -> {
            if (offset != null) {
              latest.put(tp, OffsetSpec.latest());
            }
          });
      long behind = 0;
      if (!latest.isEmpty()) {
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end =
            get(admin.listOffsets(latest).all(), group);
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e :
            end.entrySet()) {
          long from = committed.get(e.getKey()).offset();
          long to = e.getValue().offset();
          behind += to - from > COUNTED_UP_TO ? to - from : records(e.getKey(), from, to);
        }
      }
      lags.add(new Lag(group.stage(), group.groupId(), behind, latest.size()));
    }
    return lags;
  }

  /**
   * Records of {@code topics} that group {@code groupId} has not processed yet, over every
   * partition (one it has committed nothing on counts from its start): 0 once it has read and
   * committed all that is there. Called from one thread at a time.
   */
  public long behind(String groupId, Collection<String> topics) {
    Dashboard.Group group = new Dashboard.Group(groupId, groupId);
    Map<TopicPartition, OffsetAndMetadata> committed =
        get(admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata(), group);
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    for (TopicDescription topic :
        get(admin.describeTopics(topics).allTopicNames(), group).values()) {
      for (TopicPartitionInfo p : topic.partitions()) {
        TopicPartition tp = new TopicPartition(topic.name(), p.partition());
        latest.put(tp, OffsetSpec.latest());
        earliest.put(tp, OffsetSpec.earliest());
      }
    }
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end =
        get(admin.listOffsets(latest).all(), group);
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> start =
        get(admin.listOffsets(earliest).all(), group);
    long behind = 0;
    for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : end.entrySet()) {
      OffsetAndMetadata done = committed.get(e.getKey());
      long from = done != null ? done.offset() : start.get(e.getKey()).offset();
      long to = e.getValue().offset();
      behind += to - from > COUNTED_UP_TO ? to - from : records(e.getKey(), from, to);
    }
    return behind;
  }

  /** Records (not commit markers) in [from, to) of the partition. */
  private long records(TopicPartition tp, long from, long to) {
    if (to <= from) {
      return 0;
    }
    reader.assign(List.of(tp));
    reader.seek(tp, from);
    long count = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (reader.position(tp, TIMEOUT) < to) {
      if (System.nanoTime() > deadline) {
        return to - from; // could not check in time: the offset difference it is
      }
      for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(100))) {
        if (r.offset() < to) {
          count++;
        }
      }
    }
    return count;
  }

  @Override
  public void close() {
    reader.close();
  }

  private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future, Dashboard.Group group) {
    try {
      return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new KafkaException(
          "cannot read the offsets of group " + group.groupId() + ": " + e.getCause(), e);
    } catch (TimeoutException e) {
      throw new KafkaException(
          "no answer within " + TIMEOUT.toSeconds() + " s for group " + group.groupId(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted", e);
    }
  }
}
