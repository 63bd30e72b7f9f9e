package io.newsflow.ingest;

import io.newsflow.ingest.feeds.FeedSettings;
import io.newsflow.schemas.config.PipelineConfig;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Options of the ingest component, on top of the shared {@link PipelineConfig} ones. */
public final class IngestConfig extends PipelineConfig {
  public static final String MAX_ARTICLE_BYTES = "ingest.max.article.bytes";
  public static final String DEFAULT_LANGUAGE = "ingest.default.language";

  public IngestConfig(Map<?, ?> values) {
    super(definition(), values);
  }

  public static ConfigDef definition() {
    return FeedSettings.define(commonDefinition())
        .define(
            MAX_ARTICLE_BYTES,
            Type.INT,
            1_048_576,
            Range.between(1_024, 16_777_216),
            Importance.MEDIUM,
            "Largest article accepted (title plus body, UTF-8 bytes); larger ones are rejected with a reason.")
        .define(
            DEFAULT_LANGUAGE,
            Type.STRING,
            null,
            Importance.LOW,
            "Language tag given to articles that declare none; unset leaves it empty for enrich to decide.");
  }

  public int maxArticleBytes() {
    return getInt(MAX_ARTICLE_BYTES);
  }

  public String defaultLanguage() {
    return getString(DEFAULT_LANGUAGE);
  }
}
