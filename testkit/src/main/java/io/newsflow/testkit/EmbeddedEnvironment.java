package io.newsflow.testkit;

import io.newsflow.embedded.ApicurioRegistryServer;
import io.newsflow.embedded.EmbeddedKafkaBroker;
import io.newsflow.embedded.EmbeddedServers;

/**
 * Tier 2: a real KRaft broker in this JVM and a real Apicurio registry process, both on loopback,
 * started once per test JVM and stopped when the run ends, and a database of the run's own on the
 * machine's PostgreSQL, created when first asked for.
 */
public final class EmbeddedEnvironment implements PipelineEnvironment, AutoCloseable {
  private final EmbeddedKafkaBroker broker;
  private final ApicurioRegistryServer registry;
  private TestDatabase database;

  private EmbeddedEnvironment(EmbeddedKafkaBroker broker, ApicurioRegistryServer registry) {
    this.broker = broker;
    this.registry = registry;
  }

  /** Starts both servers; the broker and the registry start side by side to save time. */
  public static EmbeddedEnvironment start() {
    EmbeddedServers servers =
        EmbeddedServers.start(
            EmbeddedKafkaBroker.builder().build(), ApicurioRegistryServer.builder().build());
    return new EmbeddedEnvironment(servers.broker(), servers.registry());
  }

  @Override
  public String name() {
    return "embedded";
  }

  @Override
  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  @Override
  public String schemaRegistryUrl() {
    return registry.confluentApiUrl();
  }

  /** A database of this run's own on the machine's PostgreSQL (see {@link TestDatabase}). */
  @Override
  public synchronized String jdbcUrl() {
    if (database == null) {
      database = TestDatabase.create();
    }
    return database.jdbcUrl();
  }

  public EmbeddedKafkaBroker broker() {
    return broker;
  }

  public ApicurioRegistryServer registry() {
    return registry;
  }

  @Override
  public void close() {
    try {
      new EmbeddedServers(broker, registry).close();
    } finally {
      synchronized (this) {
        if (database != null) {
          database.close();
        }
      }
    }
  }
}
