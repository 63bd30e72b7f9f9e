package io.newsflow.app;

import io.newsflow.enrich.EnrichConfig;
import io.newsflow.ingest.IngestConfig;
import io.newsflow.query.QueryConfig;
import io.newsflow.sink.SinkConfig;
import org.apache.kafka.common.config.ConfigDef;

/** Every option of every component: what {@code newsflow local} accepts, since it runs them all. */
public final class AllOptions {
  private AllOptions() {}

  public static ConfigDef definition() {
    ConfigDef all = new ConfigDef(IngestConfig.definition());
    for (ConfigDef def :
        new ConfigDef[] {
          EnrichConfig.definition(), SinkConfig.definition(), QueryConfig.definition()
        }) {
      def.configKeys().values().stream()
          .filter(key -> !all.names().contains(key.name))
          .forEach(all::define);
    }
    return all;
  }
}
