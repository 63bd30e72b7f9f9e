package io.newsflow.testkit;

import io.newsflow.embedded.ApicurioRegistryServer;
import io.newsflow.embedded.EmbeddedKafkaBroker;

/**
 * Tier 2: a real KRaft broker in this JVM and a real Apicurio registry process, both on loopback,
 * started once per test JVM and stopped when the run ends.
 */
public final class EmbeddedEnvironment implements PipelineEnvironment, AutoCloseable {
  private final EmbeddedKafkaBroker broker;
  private final ApicurioRegistryServer registry;

  private EmbeddedEnvironment(EmbeddedKafkaBroker broker, ApicurioRegistryServer registry) {
    this.broker = broker;
    this.registry = registry;
  }

  /** Starts both servers; the broker and the registry start side by side to save time. */
  public static EmbeddedEnvironment start() {
    ApicurioRegistryServer registry = ApicurioRegistryServer.builder().build();
    Thread registryStart = new Thread(registry::start, "registry-start");
    Throwable[] failure = new Throwable[1];
    registryStart.setUncaughtExceptionHandler((t, e) -> failure[0] = e);
    registryStart.start();
    EmbeddedKafkaBroker broker;
    try {
      broker = EmbeddedKafkaBroker.builder().build().start();
    } finally {
      join(registryStart);
    }
    if (failure[0] != null) {
      broker.close();
      registry.close();
      throw new IllegalStateException(
          "schema registry did not start: " + failure[0].getMessage(), failure[0]);
    }
    return new EmbeddedEnvironment(broker, registry);
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

  public EmbeddedKafkaBroker broker() {
    return broker;
  }

  public ApicurioRegistryServer registry() {
    return registry;
  }

  @Override
  public void close() {
    try {
      broker.close();
    } finally {
      registry.close();
    }
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the registry", e);
    }
  }
}
