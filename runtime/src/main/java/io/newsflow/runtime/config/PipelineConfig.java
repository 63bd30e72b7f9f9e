package io.newsflow.runtime.config;

import io.newsflow.schemas.TopicNames;
import io.newsflow.schemas.registry.CachedSchemaRegistryClient;
import io.newsflow.schemas.registry.HttpSchemaRegistryClient;
import io.newsflow.schemas.registry.SchemaRegistryClient;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Options every newsflow component shares: where Kafka and the schema registry are, and the topic
 * names. Each component's own configuration extends this one with its options (see {@link
 * #commonDefinition()}); values come from a properties file, {@code NEWSFLOW_*} environment
 * variables and command-line flags (see {@link ConfigSources}).
 *
 * <p>Client settings pass through by prefix: {@code kafka.*} to every Kafka client (security
 * settings, for example), {@code producer.*}, {@code consumer.*}, {@code admin.*} and {@code
 * streams.*} to one kind.
 */
public class PipelineConfig extends AbstractConfig {
  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String SCHEMA_REGISTRY_TIMEOUT_MS = "schema.registry.request.timeout.ms";
  public static final String SCHEMA_REGISTRY_MAX_ATTEMPTS = "schema.registry.max.attempts";
  public static final String SCHEMA_REGISTRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";
  public static final String TOPIC_RAW = "topic.raw";
  public static final String TOPIC_ENRICHED = "topic.enriched";
  public static final String TOPIC_LINKS = "topic.links";
  public static final String TOPIC_DLQ = "topic.dlq";
  public static final String TOPIC_ENTITIES = "topic.entities";
  public static final String TOPICS_CREATE = "topics.create";
  public static final String TOPICS_PARTITIONS = "topics.partitions";
  public static final String TOPICS_REPLICATION = "topics.replication.factor";
  public static final String TOPICS_MIN_INSYNC = "topics.min.insync.replicas";
  public static final String INSTANCE_ID = "instance.id";
  public static final String GROUP_SESSION_TIMEOUT_MS = "group.session.timeout.ms";

  /** Prefix of settings passed to every Kafka client. */
  public static final String KAFKA_PREFIX = "kafka.";

  /** Prefixes of settings passed through to Kafka clients rather than declared as options. */
  public static final List<String> CLIENT_PREFIXES =
      List.of(KAFKA_PREFIX, "producer.", "consumer.", "admin.", "streams.", "links.streams.");

  public PipelineConfig(ConfigDef definition, Map<?, ?> values) {
    super(definition, values, false);
  }

  public PipelineConfig(Map<?, ?> values) {
    this(commonDefinition(), values);
  }

  /** The shared options; components add theirs to a fresh copy. */
  public static ConfigDef commonDefinition() {
    return groupOptions(topicOptions(clusterOptions(new ConfigDef())));
  }

  /** Where the brokers and the schema registry are, and how the registry is retried. */
  private static ConfigDef clusterOptions(ConfigDef def) {
    return def.define(
            BOOTSTRAP_SERVERS,
            Type.LIST,
            "127.0.0.1:9092",
            Importance.HIGH,
            "Kafka brokers to connect to, host:port, comma-separated.")
        .define(
            SCHEMA_REGISTRY_URL,
            Type.STRING,
            "http://127.0.0.1:8081/apis/ccompat/v7",
            Importance.HIGH,
            "Base URL of a Confluent-compatible schema registry (for Apicurio: its /apis/ccompat/v7 path).")
        .define(
            SCHEMA_REGISTRY_TIMEOUT_MS,
            Type.INT,
            10_000,
            Range.atLeast(1),
            Importance.LOW,
            "Timeout of one schema registry request, in milliseconds.")
        .define(
            SCHEMA_REGISTRY_MAX_ATTEMPTS,
            Type.INT,
            5,
            Range.atLeast(1),
            Importance.LOW,
            "Attempts per schema registry call before the registry is declared unavailable.")
        .define(
            SCHEMA_REGISTRY_BACKOFF_MS,
            Type.LONG,
            200L,
            Range.atLeast(0),
            Importance.LOW,
            "First wait between schema registry attempts, doubled each time up to 5 s.");
  }

  /** The topics' names and how this component creates them. */
  private static ConfigDef topicOptions(ConfigDef def) {
    return def.define(
            TOPIC_RAW,
            Type.STRING,
            "news.raw.v1",
            Importance.MEDIUM,
            "Topic of raw articles (RawArticle), written by ingest.")
        .define(
            TOPIC_ENRICHED,
            Type.STRING,
            "news.enriched.v1",
            Importance.MEDIUM,
            "Topic of enriched articles (EnrichedArticle), written by enrich.")
        .define(
            TOPIC_LINKS,
            Type.STRING,
            "news.links.v1",
            Importance.MEDIUM,
            "Topic of cross-reference links between articles and entities.")
        .define(
            TOPIC_DLQ,
            Type.STRING,
            "news.dlq.v1",
            Importance.MEDIUM,
            "Dead-letter topic (DeadLetter): records a stage could not process, with their context.")
        .define(
            TOPIC_ENTITIES,
            Type.STRING,
            "news.entities.v1",
            Importance.MEDIUM,
            "Topic of entity mentions (EntityMention), one per entity and article, keyed by entity id.")
        .define(
            TOPICS_CREATE,
            Type.BOOLEAN,
            true,
            Importance.MEDIUM,
            "Create missing topics at start-up (needs the right to create topics).")
        .define(
            TOPICS_PARTITIONS,
            Type.INT,
            4,
            Range.atLeast(1),
            Importance.MEDIUM,
            "Partitions of topics this component creates; the most instances that can share a stage.")
        .define(
            TOPICS_REPLICATION,
            Type.SHORT,
            (short) -1,
            Importance.MEDIUM,
            "Replication factor of topics this component creates, Kafka Streams' internal topics"
                + " included; -1 takes the broker's default.")
        .define(
            TOPICS_MIN_INSYNC,
            Type.INT,
            -1,
            Range.atLeast(-1),
            Importance.MEDIUM,
            "min.insync.replicas of topics this component creates, Kafka Streams' internal topics"
                + " included: how many replicas must have a write before it is acknowledged"
                + " (2 with replication 3 survives one broker down); -1 takes the broker's default.");
  }

  /** How this instance is known to its consumer groups. */
  private static ConfigDef groupOptions(ConfigDef def) {
    return def.define(
            INSTANCE_ID,
            Type.STRING,
            "",
            Importance.MEDIUM,
            "Stable name of this instance (a host or pod name), unique among the instances running"
                + " at once: its consumer groups then know it by name (static membership), so a"
                + " restarted instance takes its partitions back at once instead of waiting for the"
                + " old member's session to end. Empty: members are known by session only.")
        .define(
            GROUP_SESSION_TIMEOUT_MS,
            Type.INT,
            10_000,
            Range.between(6_000, 300_000),
            Importance.MEDIUM,
            "How long a consumer group waits for a member that stopped answering (crashed, cut off)"
                + " before it hands the member's partitions to the others (Kafka's default is 45 s).");
  }

  public String bootstrapServers() {
    return String.join(",", getList(BOOTSTRAP_SERVERS));
  }

  public String schemaRegistryUrl() {
    return getString(SCHEMA_REGISTRY_URL);
  }

  /** A caching client of the configured registry. */
  public SchemaRegistryClient schemaRegistryClient() {
    return new CachedSchemaRegistryClient(
        HttpSchemaRegistryClient.builder(schemaRegistryUrl())
            .requestTimeout(Duration.ofMillis(getInt(SCHEMA_REGISTRY_TIMEOUT_MS)))
            .maxAttempts(getInt(SCHEMA_REGISTRY_MAX_ATTEMPTS))
            .backoff(
                Duration.ofMillis(getLong(SCHEMA_REGISTRY_BACKOFF_MS)),
                Duration.ofMillis(Math.max(5_000, getLong(SCHEMA_REGISTRY_BACKOFF_MS))))
            .build());
  }

  public TopicNames topicNames() {
    return new TopicNames(
        getString(TOPIC_RAW),
        getString(TOPIC_ENRICHED),
        getString(TOPIC_LINKS),
        getString(TOPIC_DLQ),
        getString(TOPIC_ENTITIES));
  }

  public boolean createTopics() {
    return getBoolean(TOPICS_CREATE);
  }

  public int topicPartitions() {
    return getInt(TOPICS_PARTITIONS);
  }

  public short topicReplicationFactor() {
    return getShort(TOPICS_REPLICATION);
  }

  /** Settings of topics this component creates: {@code min.insync.replicas} where set. */
  public Map<String, String> topicConfigs() {
    int minInSync = getInt(TOPICS_MIN_INSYNC);
    return minInSync < 0
        ? Map.of()
        : Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInSync));
  }

  /**
   * Adds this instance's group membership settings to a group consumer's (or a Kafka Streams
   * application's) settings, unless they are set there already: the session timeout, heartbeats a
   * tenth of it apart and, when {@value #INSTANCE_ID} is set, the static member name.
   */
  public void addGroupMembership(Map<? super String, Object> props) {
    props.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, getInt(GROUP_SESSION_TIMEOUT_MS));
    // members learn that the group rebalances from a heartbeat's answer: Kafka's 3 s between them
    // made each round of a rebalance (a cooperative one takes two) wait up to 3 s for the members
    // that were already in; a tenth of the session keeps that under a second by default
    Object session = props.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
    props.putIfAbsent(
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
        Math.max(500, Integer.parseInt(session.toString()) / 10));
    String instance = getString(INSTANCE_ID);
    if (!instance.isBlank()) {
      props.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instance.strip());
    }
  }

  /**
   * Settings for one kind of Kafka client: bootstrap servers, then {@code kafka.*}, then the kind's
   * own prefix (e.g. {@code producer.}), later ones winning.
   */
  public Map<String, Object> clientProperties(String kindPrefix) {
    Map<String, Object> props = new HashMap<>();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.putAll(originalsWithPrefix(KAFKA_PREFIX));
    props.putAll(originalsWithPrefix(kindPrefix));
    return props;
  }

  /**
   * Refuses option names that {@code definition} does not declare and that are no client setting
   * (see {@link #CLIENT_PREFIXES}).
   *
   * @param source where the names came from, for the message (a file, {@code -D})
   */
  public static void rejectUnknown(Collection<String> names, ConfigDef definition, String source) {
    List<String> unknown =
        names.stream()
            .filter(n -> !definition.names().contains(n))
            .filter(n -> CLIENT_PREFIXES.stream().noneMatch(n::startsWith))
            .sorted()
            .toList();
    if (!unknown.isEmpty()) {
      throw new ConfigException(
          "unknown option(s) "
              + unknown
              + " in "
              + source
              + "; the options are listed in docs/configuration.md,"
              + " client settings take a prefix: "
              + CLIENT_PREFIXES);
    }
  }
}
