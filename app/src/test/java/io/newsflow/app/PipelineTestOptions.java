package io.newsflow.app;

import io.newsflow.enrich.EnrichConfig;
import io.newsflow.runtime.config.PipelineConfig;
import io.newsflow.sink.SinkConfig;
import io.newsflow.testkit.PipelineEnvironment;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The options of a {@link Pipeline} under test: the environment's servers, topics, application id
 * and consumer groups of the test's own (by prefix), state and output in the test's folder, and the
 * ingest API on a free port.
 */
public final class PipelineTestOptions {
  private PipelineTestOptions() {}

  public static Map<String, String> of(PipelineEnvironment env, String prefix, Path dir) {
    Map<String, String> options = new HashMap<>(env.pipelineProperties());
    options.put(PipelineConfig.TOPIC_RAW, prefix + "raw");
    options.put(PipelineConfig.TOPIC_ENRICHED, prefix + "enriched");
    options.put(PipelineConfig.TOPIC_LINKS, prefix + "links");
    options.put(PipelineConfig.TOPIC_DLQ, prefix + "dlq");
    options.put(PipelineConfig.TOPIC_ENTITIES, prefix + "entities");
    options.put(PipelineConfig.TOPICS_REPLICATION, "1");
    options.put(EnrichConfig.APPLICATION_ID, prefix + "enrich");
    options.put(EnrichConfig.STATE_DIR, dir.resolve("streams").toString());
    options.put(SinkConfig.GROUP_ID, prefix + "sink");
    options.put(SinkConfig.OUTPUT_DIR, dir.resolve("out").toString());
    options.put(SinkConfig.POLL_TIMEOUT_MS, "100");
    options.put("ingest.http.port", "0");
    return options;
  }
}
