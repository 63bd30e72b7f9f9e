package io.newsflow.app.dlq;

import io.newsflow.avro.DeadLetter;
import io.newsflow.avro.DeadLetterHeader;
import io.newsflow.runtime.config.PipelineConfig;
import io.newsflow.schemas.ErrorMessages;
import io.newsflow.schemas.Topic;
import io.newsflow.schemas.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the dead-letter topic and replays selected letters to their source topic; shared by {@code
 * newsflow dlq} and the dashboard.
 *
 * <p>In: the dead-letter topic ({@code topic.dlq}), read from the beginning to the end offsets seen
 * when {@link #list} starts, without a consumer group, so listing commits nothing and can run at
 * any time. Out ({@link #replay}): each letter's original key, value and headers, written to its
 * source topic by an idempotent producer with {@code acks=all}, plus the headers {@value
 * #REPLAYED_FROM_HEADER} ({@code <dlq topic>-<partition>@<offset>}) and {@value
 * #REPLAY_COUNT_HEADER} (1 on the first replay, one more each time a replayed record fails and is
 * replayed again).
 *
 * <p>Replay is not deduplicated: replaying the same letter twice writes two copies, and the stages
 * process both.
 */
public final class DeadLetterQueue {
  /** Header naming the dead letter a replayed record came from. */
  public static final String REPLAYED_FROM_HEADER = "newsflow.replayed-from";

  /** Header counting how often a record was replayed, as a decimal string. */
  public static final String REPLAY_COUNT_HEADER = "newsflow.replay-count";

  private static final Logger log = LoggerFactory.getLogger(DeadLetterQueue.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final PipelineConfig config;
  private final Topic<byte[], DeadLetter> deadLetters;
  private final Set<String> replayable;

  /**
   * @param topics the pipeline's topics; letters replay only to the input topics of a stage (raw,
   *     enriched, links)
   */
  public DeadLetterQueue(PipelineConfig config, Topics topics) {
    this.config = Objects.requireNonNull(config, "config");
    this.deadLetters = topics.deadLetters();
    this.replayable = Set.of(topics.raw().name(), topics.enriched().name(), topics.links().name());
  }

  public String topic() {
    return deadLetters.name();
  }

  /** Where a letter sits on the dead-letter topic, written {@code partition:offset}. */
  public record Position(int partition, long offset) {
    /** Parses {@code partition:offset}. */
    public static Position parse(String text) {
      int colon = text.indexOf(':');
      try {
        if (colon > 0) {
          Position p =
              new Position(
                  Integer.parseInt(text.substring(0, colon)),
                  Long.parseLong(text.substring(colon + 1)));
          if (p.partition >= 0 && p.offset >= 0) {
            return p;
          }
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(
          "'" + text + "' is no dead-letter position; write PARTITION:OFFSET, e.g. 0:12");
    }

    @Override
    public String toString() {
      return partition + ":" + offset;
    }
  }

  /** One dead letter and where it sits on the dead-letter topic. */
  public record Entry(String dlqTopic, Position position, DeadLetter letter) {
    /** {@code <dlq topic>-<partition>@<offset>}, the value of {@value #REPLAYED_FROM_HEADER}. */
    public String replayedFrom() {
      return dlqTopic + "-" + position.partition() + "@" + position.offset();
    }

    /** The simple name of the error class, the letter's reason. */
    public String reason() {
      String name = letter.getErrorClass();
      return name.substring(name.lastIndexOf('.') + 1);
    }

    /** {@code <source topic>-<partition>@<offset>}. */
    public String origin() {
      return letter.getSourceTopic() + "-" + letter.getPartition() + "@" + letter.getOffset();
    }
  }

  /**
   * Which letters to list; null fields do not filter.
   *
   * @param stage letters of this stage only
   * @param sourceTopic letters read from this topic only
   * @param since letters that failed at or after this instant only
   * @param limit at most this many, the newest
   */
  public record Filter(String stage, String sourceTopic, Instant since, Integer limit) {
    public static final Filter ALL = new Filter(null, null, null, null);

    public Filter {
      if (limit != null && limit < 0) {
        throw new IllegalArgumentException("limit must be 0 or more, not " + limit);
      }
    }

    boolean accepts(DeadLetter letter) {
      return (stage == null || stage.equals(letter.getStage()))
          && (sourceTopic == null || sourceTopic.equals(letter.getSourceTopic()))
          && (since == null || !letter.getFailedAt().isBefore(since));
    }
  }

  /**
   * The letters on the topic that {@code filter} accepts, oldest first (by failure time, then
   * position), and how many records could not be read as dead letters.
   */
  public record Listing(List<Entry> entries, int unreadable) {}

  /** The letters on the dead-letter topic now; later ones are not waited for. */
  public Listing list(Filter filter) {
    List<Entry> entries = new ArrayList<>();
    int unreadable = 0;
    Map<String, Object> props = config.clientProperties("consumer.");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    // looking must not create the topic on a broker with auto.create.topics.enable
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "newsflow-dlq-reader");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      var infos = consumer.partitionsFor(topic(), TIMEOUT);
      if (infos == null || infos.isEmpty()) {
        throw new KafkaException(
            "topic "
                + topic()
                + " not found at "
                + config.bootstrapServers()
                + "; check topic.dlq and bootstrap.servers");
      }
      List<TopicPartition> partitions =
          infos.stream().map(p -> new TopicPartition(topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp, TIMEOUT) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new KafkaException(
              "could not read " + topic() + " to its end within " + TIMEOUT.toSeconds() + " s");
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.offset() >= end.get(new TopicPartition(topic(), record.partition()))) {
            continue; // arrived after the listing started
          }
          DeadLetter letter;
          try {
            letter = deadLetters.deserializeValue(record.value());
          } catch (RuntimeException e) {
            unreadable++;
            log.warn(
                "Unreadable record on {} partition {} offset {}: {}",
                topic(),
                record.partition(),
                record.offset(),
                ErrorMessages.describe(e));
            continue;
          }
          if (letter != null && filter.accepts(letter)) {
            entries.add(
                new Entry(topic(), new Position(record.partition(), record.offset()), letter));
          }
        }
      }
    }
    entries.sort(
        Comparator.comparing((Entry e) -> e.letter().getFailedAt())
            .thenComparing(e -> e.position().partition())
            .thenComparing(e -> e.position().offset()));
    if (filter.limit() != null && entries.size() > filter.limit()) {
      entries = new ArrayList<>(entries.subList(entries.size() - filter.limit(), entries.size()));
    }
    return new Listing(List.copyOf(entries), unreadable);
  }

  /** What became of one letter given to {@link #replay}. */
  public sealed interface Outcome {
    Entry entry();
  }

  /** Written to {@code topic}, partition and offset; {@code offset} is -1 in a dry run. */
  public record Replayed(Entry entry, String topic, int partition, long offset, int replayCount)
      implements Outcome {}

  /** Not replayed, and why, in words for the operator. */
  public record Refused(Entry entry, String reason) implements Outcome {}

  /**
   * Why {@code entry} cannot be replayed, or null when it can: a letter without value has nothing
   * to replay, and only the input topics of a stage take replays (a letter naming another topic is
   * either corrupt or from another pipeline).
   */
  public String refusal(Entry entry) {
    DeadLetter letter = entry.letter();
    if (letter.getValue() == null) {
      return "its value is null: the original record had no value, there is nothing to replay";
    }
    if (!replayable.contains(letter.getSourceTopic())) {
      return "its source topic "
          + letter.getSourceTopic()
          + " is not an input topic of this pipeline "
          + replayable.stream().sorted().toList()
          + "; check topic.raw, topic.enriched and topic.links";
    }
    return null;
  }

  /**
   * Writes each replayable letter back to its source topic, in the order given, and waits until
   * Kafka has stored them all; with {@code dryRun}, only says what would be written.
   *
   * @throws KafkaException when Kafka did not store a record; those before it may have been stored
   */
  public List<Outcome> replay(List<Entry> entries, boolean dryRun) {
    List<Outcome> outcomes = new ArrayList<>();
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    List<Integer> recordOutcome = new ArrayList<>();
    for (Entry entry : entries) {
      String refusal = refusal(entry);
      if (refusal != null) {
        outcomes.add(new Refused(entry, refusal));
        continue;
      }
      DeadLetter letter = entry.letter();
      int count = previousReplays(letter) + 1;
      RecordHeaders headers = new RecordHeaders();
      for (DeadLetterHeader h : letter.getHeaders()) {
        if (!h.getKey().equals(REPLAYED_FROM_HEADER) && !h.getKey().equals(REPLAY_COUNT_HEADER)) {
          headers.add(h.getKey(), bytes(h.getValue()));
        }
      }
      headers.add(REPLAYED_FROM_HEADER, entry.replayedFrom().getBytes(StandardCharsets.UTF_8));
      headers.add(REPLAY_COUNT_HEADER, Integer.toString(count).getBytes(StandardCharsets.UTF_8));
      // no partition and no timestamp: the partitioner puts the key where the original producer
      // did, and "now" keeps the replayed record from falling to time-based retention at once
      records.add(
          new ProducerRecord<>(
              letter.getSourceTopic(),
              null,
              null,
              bytes(letter.getKey()),
              bytes(letter.getValue()),
              headers));
      recordOutcome.add(outcomes.size());
      outcomes.add(new Replayed(entry, letter.getSourceTopic(), -1, -1, count));
    }
    if (dryRun || records.isEmpty()) {
      return outcomes;
    }
    Map<String, Object> props = config.clientProperties("producer.");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "newsflow-dlq-replay");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<Future<RecordMetadata>> sends = new ArrayList<>();
      for (ProducerRecord<byte[], byte[]> record : records) {
        sends.add(producer.send(record));
      }
      producer.flush();
      for (int i = 0; i < sends.size(); i++) {
        Replayed planned = (Replayed) outcomes.get(recordOutcome.get(i));
        RecordMetadata stored = await(sends.get(i), planned.entry());
        log.info(
            "Replayed {} to {}-{}@{} (article {})",
            planned.entry().replayedFrom(),
            stored.topic(),
            stored.partition(),
            stored.offset(),
            planned.entry().letter().getArticleId());
        outcomes.set(
            recordOutcome.get(i),
            new Replayed(
                planned.entry(),
                stored.topic(),
                stored.partition(),
                stored.offset(),
                planned.replayCount()));
      }
    }
    return outcomes;
  }

  private static RecordMetadata await(Future<RecordMetadata> send, Entry entry) {
    try {
      return send.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new KafkaException(
          "Kafka did not store the replay of "
              + entry.replayedFrom()
              + ": "
              + ErrorMessages.describe(e.getCause()),
          e.getCause());
    } catch (TimeoutException e) {
      throw new KafkaException(
          "no answer from Kafka within "
              + TIMEOUT.toSeconds()
              + " s for the replay of "
              + entry.replayedFrom(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while replaying " + entry.replayedFrom(), e);
    }
  }

  /**
   * How often each of {@code entries} was replayed already, by {@link Entry#replayedFrom()}: counts
   * the records on the letters' source topics whose {@value #REPLAYED_FROM_HEADER} names them. Only
   * records written since the earliest of these letters failed are read (a replay comes after the
   * failure), up to the end offsets seen at start; letters never replayed are absent.
   */
  public Map<String, Integer> previousReplays(List<Entry> entries) {
    Map<String, Integer> counts = new HashMap<>();
    Map<String, Instant> since = new HashMap<>();
    Set<String> wanted = new HashSet<>();
    for (Entry e : entries) {
      if (refusal(e) == null) {
        wanted.add(e.replayedFrom());
        since.merge(
            e.letter().getSourceTopic(), e.letter().getFailedAt(), (a, b) -> a.isBefore(b) ? a : b);
      }
    }
    if (since.isEmpty()) {
      return counts;
    }
    Map<String, Object> props = config.clientProperties("consumer.");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    // looking must not create the topic on a broker with auto.create.topics.enable
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "newsflow-dlq-replay-check");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      Map<TopicPartition, Long> from = new HashMap<>();
      for (Map.Entry<String, Instant> topic : since.entrySet()) {
        for (var p : consumer.partitionsFor(topic.getKey(), TIMEOUT)) {
          from.put(
              new TopicPartition(topic.getKey(), p.partition()), topic.getValue().toEpochMilli());
        }
      }
      List<TopicPartition> partitions = List.copyOf(from.keySet());
      consumer.assign(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
      consumer
          .offsetsForTimes(from, TIMEOUT)
          .forEach((tp, found) -> consumer.seek(tp, found == null ? end.get(tp) : found.offset()));
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp, TIMEOUT) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new KafkaException(
              "could not check "
                  + since.keySet()
                  + " for earlier replays within "
                  + TIMEOUT.toSeconds()
                  + " s; skip the check to replay anyway");
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          var header = record.headers().lastHeader(REPLAYED_FROM_HEADER);
          if (header != null && header.value() != null) {
            String replayOf = new String(header.value(), StandardCharsets.UTF_8);
            if (wanted.contains(replayOf)) {
              counts.merge(replayOf, 1, Integer::sum);
            }
          }
        }
      }
    }
    return counts;
  }

  /** The replay count the original record carried, 0 when it was never replayed. */
  private static int previousReplays(DeadLetter letter) {
    int count = 0;
    for (DeadLetterHeader h : letter.getHeaders()) {
      if (h.getKey().equals(REPLAY_COUNT_HEADER) && h.getValue() != null) {
        try {
          count = Integer.parseInt(new String(bytes(h.getValue()), StandardCharsets.UTF_8).trim());
        } catch (NumberFormatException e) {
          count = 1; // replayed at least once, by someone who wrote the header differently
        }
      }
    }
    return count;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    if (buffer == null) {
      return null;
    }
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
