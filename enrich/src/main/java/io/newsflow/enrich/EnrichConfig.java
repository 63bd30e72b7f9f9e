package io.newsflow.enrich;

import io.newsflow.enrich.links.LinkSettings;
import io.newsflow.runtime.config.PipelineConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Options of the enrich component, on top of the shared {@link PipelineConfig} ones. */
public final class EnrichConfig extends PipelineConfig {
  public static final String APPLICATION_ID = "enrich.application.id";
  public static final String STATE_DIR = "enrich.state.dir";
  public static final String THREADS = "enrich.stream.threads";
  public static final String BOILERPLATE_FILE = "enrich.boilerplate.file";
  public static final String MAX_THREAD_REPLACEMENTS = "enrich.max.thread.replacements";
  public static final String KB_DEFAULT = "enrich.kb.default";
  public static final String ARTICLES_ENABLED = "enrich.articles.enabled";
  public static final String LINKS_ENABLED = "enrich.links.enabled";
  public static final String LINKS_APPLICATION_ID = "enrich.links.application.id";
  public static final String LINKS_THREADS = "enrich.links.stream.threads";
  public static final String LINKS_SHARDS = "enrich.links.index.shards";
  public static final String LINKS_WINDOW_DAYS = "enrich.links.window.days";
  public static final String LINKS_TOP_K = "enrich.links.top.k";
  public static final String LINKS_RELATED_MIN_SCORE = "enrich.links.related.min.score";
  public static final String LINKS_STORY_MIN_SCORE = "enrich.links.story.min.score";
  public static final String LINKS_DUPLICATE_MIN_SIMILARITY =
      "enrich.links.duplicate.min.similarity";
  public static final String LINKS_MAX_PARTNERS = "enrich.links.max.partners.per.entity";
  public static final String LINKS_MESSAGE_TOPIC = "enrich.links.message.topic";
  public static final String KB_FILES = "enrich.kb.files";
  public static final String HTTP_HOST = "enrich.http.host";
  public static final String HTTP_PORT = "enrich.http.port";

  public EnrichConfig(Map<?, ?> values) {
    super(definition(), values);
  }

  public static ConfigDef definition() {
    return knowledgeAndOpsOptions(linkOptions(streamsOptions(commonDefinition())));
  }

  /** The Streams applications: ids, state, threads, boilerplate, which of the two run. */
  private static ConfigDef streamsOptions(ConfigDef def) {
    return def.define(
            APPLICATION_ID,
            Type.STRING,
            "newsflow-enrich",
            Importance.HIGH,
            "Kafka Streams application id: instances with the same id share the work by partition.")
        .define(
            STATE_DIR,
            Type.STRING,
            // the machine's temporary folder, not the one the newsflow script gives each run:
            // the state outlives the process
            Path.of(
                    System.getProperty("newsflow.tmp.root", System.getProperty("java.io.tmpdir")),
                    "newsflow-streams")
                .toString(),
            Importance.MEDIUM,
            "Folder for Kafka Streams state; one per instance on a machine.")
        .define(
            THREADS,
            Type.INT,
            1,
            Range.between(1, 64),
            Importance.MEDIUM,
            "Stream threads of the enrich application per instance (link building has its own).")
        .define(
            BOILERPLATE_FILE,
            Type.STRING,
            null,
            Importance.LOW,
            "File of extra boilerplate patterns (one Java regex per line, matched against whole paragraphs).")
        .define(
            ARTICLES_ENABLED,
            Type.BOOLEAN,
            true,
            Importance.MEDIUM,
            "Enrich raw articles in this instance; false with links enabled runs link building alone.")
        .define(
            LINKS_ENABLED,
            Type.BOOLEAN,
            true,
            Importance.MEDIUM,
            "Build cross-reference links between articles (related, duplicates, stories, hyperlinks) in"
                + " this instance: a Kafka Streams application of its own, reading the enriched articles.");
  }

  /** Link building: its application, shards, window and thresholds. */
  private static ConfigDef linkOptions(ConfigDef def) {
    return def.define(
            LINKS_APPLICATION_ID,
            Type.STRING,
            "",
            Importance.MEDIUM,
            "Kafka Streams application id of link building; empty: <enrich application id>-links.")
        .define(
            LINKS_THREADS,
            Type.INT,
            1,
            Range.between(1, 64),
            Importance.MEDIUM,
            "Stream threads of link building per instance.")
        .define(
            LINKS_SHARDS,
            Type.INT,
            0,
            Range.atLeast(0),
            Importance.LOW,
            "Partitions of the link index (its repartition topic); 0: topics.partitions. Fixed for an"
                + " application id: changing it moves every index key to another shard.")
        .define(
            LINKS_WINDOW_DAYS,
            Type.INT,
            7,
            Range.atLeast(1),
            Importance.MEDIUM,
            "How many days of event time apart two articles may be and still be linked.")
        .define(
            LINKS_TOP_K,
            Type.INT,
            10,
            Range.between(1, 100),
            Importance.MEDIUM,
            "Related articles kept per article.")
        .define(
            LINKS_RELATED_MIN_SCORE,
            Type.DOUBLE,
            0.5,
            Range.atLeast(0.01),
            Importance.MEDIUM,
            "Relatedness (sum of shared entities' weights, 1/log2(2 + other articles mentioning it)) from which"
                + " two articles are related at all.")
        .define(
            LINKS_STORY_MIN_SCORE,
            Type.DOUBLE,
            1.5,
            Range.atLeast(0),
            Importance.LOW,
            "Relatedness from which two articles are in the same story (about three rare shared entities).")
        .define(
            LINKS_DUPLICATE_MIN_SIMILARITY,
            Type.DOUBLE,
            0.5,
            Range.between(0.05, 1.0),
            Importance.LOW,
            "Estimated Jaccard similarity of word 3-shingles from which two articles are duplicates.")
        .define(
            LINKS_MAX_PARTNERS,
            Type.INT,
            50,
            Range.atLeast(1),
            Importance.LOW,
            "An entity mentioned by more articles than this within the window links no more articles.")
        .define(
            LINKS_MESSAGE_TOPIC,
            Type.STRING,
            "",
            Importance.LOW,
            "Topic of messages between articles (index answers, related scores, story roots), written and"
                + " read by link building; empty: <links application id>-messages.");
  }

  /** The knowledge base, thread replacement and the ops endpoints. */
  private static ConfigDef knowledgeAndOpsOptions(ConfigDef def) {
    return def.define(
            KB_DEFAULT,
            Type.BOOLEAN,
            true,
            Importance.MEDIUM,
            "Load the knowledge base that ships with newsflow (countries, cities, WordNet, curated news entities).")
        .define(
            KB_FILES,
            Type.LIST,
            "",
            Importance.MEDIUM,
            "Knowledge-base files of your own (id, type, name, aliases, prior; tab-separated, .gz allowed), comma-separated;"
                + " added to the default one.")
        .define(
            MAX_THREAD_REPLACEMENTS,
            Type.INT,
            3,
            Range.atLeast(0),
            Importance.LOW,
            "Times a stream thread that died of an unexpected error is replaced before the instance stops.")
        .define(
            HTTP_HOST,
            Type.STRING,
            "127.0.0.1",
            Importance.MEDIUM,
            "Address of `newsflow enrich`'s /metrics and /health endpoints; 0.0.0.0 to be scraped from other machines.")
        .define(
            HTTP_PORT,
            Type.INT,
            8083,
            Range.between(-1, 65_535),
            Importance.MEDIUM,
            "Port of `newsflow enrich`'s /metrics and /health endpoints (0: any free port, -1: none).");
  }

  public String applicationId() {
    return getString(APPLICATION_ID);
  }

  public Path stateDir() {
    return Path.of(getString(STATE_DIR));
  }

  public int threads() {
    return getInt(THREADS);
  }

  public Path boilerplateFile() {
    String file = getString(BOILERPLATE_FILE);
    return file == null || file.isBlank() ? null : Path.of(file);
  }

  public boolean defaultKnowledgeBase() {
    return getBoolean(KB_DEFAULT);
  }

  public List<Path> knowledgeBaseFiles() {
    return getList(KB_FILES).stream().filter(f -> !f.isBlank()).map(Path::of).toList();
  }

  public boolean articlesEnabled() {
    return getBoolean(ARTICLES_ENABLED);
  }

  public boolean linksEnabled() {
    return getBoolean(LINKS_ENABLED);
  }

  /** How links are built. */
  public LinkSettings linkSettings() {
    return new LinkSettings(
        Duration.ofDays(getInt(LINKS_WINDOW_DAYS)),
        getInt(LINKS_TOP_K),
        getDouble(LINKS_RELATED_MIN_SCORE),
        getInt(LINKS_MAX_PARTNERS),
        getDouble(LINKS_STORY_MIN_SCORE),
        getDouble(LINKS_DUPLICATE_MIN_SIMILARITY),
        LinkSettings.defaults().maxBucket());
  }

  /** The application id of link building. */
  public String linksApplicationId() {
    String id = getString(LINKS_APPLICATION_ID);
    return id == null || id.isBlank() ? applicationId() + "-links" : id;
  }

  public int linkThreads() {
    return getInt(LINKS_THREADS);
  }

  /** Partitions of the link index. */
  public int linkShards() {
    int shards = getInt(LINKS_SHARDS);
    return shards > 0 ? shards : topicPartitions();
  }

  /** The topic link building sends messages between articles through. */
  public String messageTopic() {
    String topic = getString(LINKS_MESSAGE_TOPIC);
    return topic == null || topic.isBlank() ? linksApplicationId() + "-messages" : topic;
  }

  public String httpHost() {
    return getString(HTTP_HOST);
  }

  public int httpPort() {
    return getInt(HTTP_PORT);
  }

  public int maxThreadReplacements() {
    return getInt(MAX_THREAD_REPLACEMENTS);
  }
}
