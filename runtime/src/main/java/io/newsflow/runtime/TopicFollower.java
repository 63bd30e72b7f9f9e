package io.newsflow.runtime;

import io.newsflow.runtime.config.PipelineConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads topics on a thread of its own without a consumer group (it commits nothing), committed
 * records only: assigned whole topics, placed where its owner says, each record handed to the
 * owner. A record the owner cannot take is skipped with a warning; anything else stops the follower
 * with an error in the log and in {@link #error()}.
 */
public final class TopicFollower implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration RETRY = Duration.ofSeconds(2);

  /** What the follower's owner does. */
  public interface Owner {
    /** Assigns the consumer its partitions and seeks: before the first poll. */
    void position(KafkaConsumer<byte[], byte[]> consumer);

    /** Takes one record; a RuntimeException skips it. */
    void take(ConsumerRecord<byte[], byte[]> record);

    /** After each poll, with the records of that poll taken. */
    default void polled(KafkaConsumer<byte[], byte[]> consumer) {}
  }

  private final String name;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Owner owner;
  private final Thread thread;
  private final boolean positionInThread;
  private volatile boolean running = true;
  private volatile String error;

  private TopicFollower(
      String name, Map<String, Object> props, Owner owner, boolean positionInThread) {
    this.name = name;
    this.owner = owner;
    this.positionInThread = positionInThread;
    this.consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
  }

  /**
   * Places the follower now, in this thread (so that its position is set when this returns, and a
   * failure is the caller's), then follows on a thread named {@code name}.
   *
   * @param clientId the consumer's client id (its own, whatever the configuration gives others)
   */
  public static TopicFollower start(
      String name, PipelineConfig config, String clientId, Owner owner) {
    TopicFollower follower = new TopicFollower(name, properties(config, clientId), owner, false);
    try {
      owner.position(follower.consumer);
    } catch (RuntimeException e) {
      follower.consumer.close();
      throw e;
    }
    follower.thread.start();
    return follower;
  }

  /**
   * Follows on a thread named {@code name}, placing itself there first, again every 2 s while that
   * fails (the topics may not exist yet): for a reader that may start before the pipeline.
   */
  public static TopicFollower startWhenReady(
      String name, PipelineConfig config, String clientId, Owner owner) {
    TopicFollower follower = new TopicFollower(name, properties(config, clientId), owner, true);
    follower.thread.start();
    return follower;
  }

  private static Map<String, Object> properties(PipelineConfig config, String clientId) {
    Map<String, Object> props = config.clientProperties("consumer.");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG); // partitions are assigned, not a group's
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return props;
  }

  /** Every partition of {@code topic}; fails when the topic does not exist. */
  public static List<TopicPartition> partitions(
      KafkaConsumer<byte[], byte[]> consumer, String topic) {
    var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("topic " + topic + " not found; is the pipeline running?");
    }
    return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
  }

  private void run() {
    try {
      if (positionInThread) {
        positionWhenReady();
      }
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          try {
            owner.take(record);
          } catch (RuntimeException e) {
            log.warn(
                "{} skips an unreadable record {}-{}@{}: {}",
                name,
                record.topic(),
                record.partition(),
                record.offset(),
                e.toString());
          }
        }
        owner.polled(consumer);
      }
    } catch (WakeupException e) {
      if (running) {
        error = e.toString();
        log.error("{} stopped", name, e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      error = e.getMessage();
      log.error("{} stopped following: {}", name, e.toString(), e);
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  private void positionWhenReady() throws InterruptedException {
    while (running) {
      try {
        owner.position(consumer);
        error = null;
        return;
      } catch (WakeupException e) {
        throw e;
      } catch (RuntimeException e) {
        error = e.getMessage();
        log.warn("{} cannot follow its topics yet: {}", name, e.toString());
        Thread.sleep(RETRY.toMillis());
      }
    }
  }

  /** Why it is not following, or null while it is. */
  public String error() {
    return error;
  }

  /** Stops polling and closes the consumer; waits up to 10 s for the thread. */
  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
