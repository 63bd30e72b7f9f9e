package io.newsflow.ingest.feeds;

import io.newsflow.runtime.config.PipelineConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feeds' state on a compacted topic: key the feed URL, value {@link FeedState} as JSON. The
 * latest record of each feed is its state, so reading the topic from the beginning restores every
 * feed. One partition: the topic holds one small record per feed.
 */
final class FeedStateStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FeedStateStore.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final PipelineConfig config;
  private final String topic;
  private final KafkaProducer<String, byte[]> producer;

  /** Creates the topic when it is missing and {@code topics.create} allows it. */
  FeedStateStore(PipelineConfig config, String topic) {
    this.config = config;
    this.topic = topic;
    try (Admin admin = Admin.create(config.clientProperties("admin."))) {
      ensureTopic(admin);
    }
    Map<String, Object> props = config.clientProperties("producer.");
    props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "newsflow-ingest-feed-state");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  /** The state of every feed on the topic, read from its beginning to its current end. */
  Map<String, FeedState> readAll() {
    Map<String, Object> props = config.clientProperties("consumer.");
    props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "newsflow-ingest-feed-state");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    props.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, FeedState> states = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = partitions(consumer);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp, TIMEOUT) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new KafkaException(
              "could not read the feed state topic " + topic + " to its end within " + TIMEOUT);
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          restore(states, record);
        }
      }
    }
    log.info("Read the state of {} feed(s) from {}", states.size(), topic);
    return states;
  }

  private void restore(Map<String, FeedState> states, ConsumerRecord<String, byte[]> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      states.remove(record.key());
      return;
    }
    try {
      states.put(record.key(), FeedState.fromJson(record.value()));
    } catch (IOException e) {
      log.warn(
          "Ignoring unreadable state of feed {} at {}-{} offset {}: {}",
          record.key(),
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
      states.remove(record.key());
    }
  }

  /**
   * Stores the state of a feed and waits until Kafka acknowledged it.
   *
   * @throws KafkaException when Kafka did not store it
   * @throws InterruptedException when interrupted while waiting
   */
  void save(String feedUrl, FeedState state) throws InterruptedException {
    try {
      producer.send(new ProducerRecord<>(topic, feedUrl, state.toJson())).get();
    } catch (ExecutionException e) {
      throw new KafkaException(
          "the state of feed " + feedUrl + " was not stored on " + topic, e.getCause());
    }
  }

  @Override
  public void close() {
    producer.close(TIMEOUT);
  }

  private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer) {
    // a topic created a moment ago may not be in every broker's metadata yet
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, TIMEOUT).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      if (!partitions.isEmpty()) {
        return partitions;
      }
      if (System.nanoTime() > deadline) {
        throw new KafkaException(
            "the feed state topic "
                + topic
                + " does not exist; create it (cleanup.policy=compact) or set "
                + PipelineConfig.TOPICS_CREATE
                + "=true");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaException("interrupted while looking up " + topic, e);
      }
    }
  }

  private Map<String, String> compacted() {
    Map<String, String> configs = new HashMap<>(config.topicConfigs());
    configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    return configs;
  }

  private void ensureTopic(Admin admin) {
    try {
      if (admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).contains(topic)) {
        warnUnlessCompacted(admin);
        return;
      }
      if (!config.createTopics()) {
        return; // reading it says what to do
      }
      short rf = config.topicReplicationFactor();
      NewTopic newTopic =
          new NewTopic(topic, Optional.of(1), rf < 0 ? Optional.empty() : Optional.of(rf))
              .configs(compacted());
      try {
        admin.createTopics(List.of(newTopic)).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        log.info("Created the compacted feed state topic {}", topic);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new KafkaException(
          "cannot check or create the feed state topic "
              + topic
              + " at "
              + config.bootstrapServers()
              + ": "
              + (e instanceof TimeoutException
                  ? "no answer within " + TIMEOUT + "; is Kafka running there?"
                  : String.valueOf(e.getCause())),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while creating " + topic, e);
    }
  }

  /**
   * A state topic that deletes old records forgets feeds that did not change for a while; worth a
   * warning, not a failure (the check needs the right to describe configs).
   */
  private void warnUnlessCompacted(Admin admin) throws InterruptedException {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    String policy;
    try {
      Config topicConfig =
          admin
              .describeConfigs(List.of(resource))
              .all()
              .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
              .get(resource);
      var entry = topicConfig == null ? null : topicConfig.get(TopicConfig.CLEANUP_POLICY_CONFIG);
      policy = entry == null ? null : entry.value();
    } catch (ExecutionException | TimeoutException e) {
      log.info("Could not check the cleanup.policy of the feed state topic {}: {}", topic, e);
      return;
    }
    if (policy == null || !policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
      log.warn(
          "The feed state topic {} has cleanup.policy={}, not compact: once its records expire,"
              + " feeds that did not change meanwhile are fetched as new and their entries posted again",
          topic,
          policy);
    }
  }
}
