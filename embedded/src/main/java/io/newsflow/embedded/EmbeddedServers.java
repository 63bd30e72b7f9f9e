package io.newsflow.embedded;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A broker and a registry, started side by side (the registry process takes longer, so the broker
 * starts while it boots) and stopped together.
 */
public record EmbeddedServers(EmbeddedKafkaBroker broker, ApicurioRegistryServer registry)
    implements AutoCloseable {

  /** Starts both; if either fails, both are stopped and the failure is thrown. */
  public static EmbeddedServers start(EmbeddedKafkaBroker broker, ApicurioRegistryServer registry) {
    EmbeddedServers servers = new EmbeddedServers(broker, registry);
    CompletableFuture<ApicurioRegistryServer> registryStarted =
        CompletableFuture.supplyAsync(registry::start);
    try {
      broker.start();
      registryStarted.join();
    } catch (CompletionException e) {
      servers.close();
      throw e.getCause() instanceof RuntimeException re ? re : e;
    } catch (RuntimeException e) {
      registryStarted.handle((r, ignored) -> null).join();
      servers.close();
      throw e;
    }
    return servers;
  }

  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  /** The registry's Confluent-compatible API. */
  public String schemaRegistryUrl() {
    return registry.confluentApiUrl();
  }

  @Override
  public void close() {
    try {
      broker.close();
    } finally {
      registry.close();
    }
  }
}
