package io.newsflow.enrich;

import io.newsflow.schemas.config.PipelineConfig;
import java.nio.file.Path;
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
  public static final String KB_FILES = "enrich.kb.files";

  public EnrichConfig(Map<?, ?> values) {
    super(definition(), values);
  }

  public static ConfigDef definition() {
    return commonDefinition()
        .define(
            APPLICATION_ID,
            Type.STRING,
            "newsflow-enrich",
            Importance.HIGH,
            "Kafka Streams application id: instances with the same id share the work by partition.")
        .define(
            STATE_DIR,
            Type.STRING,
            Path.of(System.getProperty("java.io.tmpdir"), "newsflow-streams").toString(),
            Importance.MEDIUM,
            "Folder for Kafka Streams state; one per instance on a machine.")
        .define(
            THREADS,
            Type.INT,
            1,
            Range.between(1, 64),
            Importance.MEDIUM,
            "Stream threads per instance; on 2 cores a second thread gains nothing.")
        .define(
            BOILERPLATE_FILE,
            Type.STRING,
            null,
            Importance.LOW,
            "File of extra boilerplate patterns (one Java regex per line, matched against whole paragraphs).")
        .define(
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
            "Times a stream thread that died of an unexpected error is replaced before the instance stops.");
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

  public java.util.List<Path> knowledgeBaseFiles() {
    return getList(KB_FILES).stream().filter(f -> !f.isBlank()).map(Path::of).toList();
  }

  public int maxThreadReplacements() {
    return getInt(MAX_THREAD_REPLACEMENTS);
  }
}
