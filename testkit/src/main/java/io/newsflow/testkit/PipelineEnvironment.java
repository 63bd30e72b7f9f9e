package io.newsflow.testkit;

import java.util.Map;

/**
 * Where a scenario test finds its servers: a Kafka cluster, a Confluent-compatible schema registry
 * and a PostgreSQL database. One implementation per test tier, so the same scenario class runs on
 * each.
 */
public interface PipelineEnvironment {

  /** Short name shown in test reports, e.g. {@code embedded} or {@code containers}. */
  String name();

  String bootstrapServers();

  /** Base URL of the Confluent-compatible API, for {@code schema.registry.url}. */
  String schemaRegistryUrl();

  /**
   * JDBC URL of a PostgreSQL database of this run's own, created on first use and dropped when the
   * run ends.
   */
  String jdbcUrl();

  /** The two settings every newsflow component needs to reach this environment. */
  default Map<String, String> pipelineProperties() {
    return Map.of(
        "bootstrap.servers", bootstrapServers(), "schema.registry.url", schemaRegistryUrl());
  }
}
