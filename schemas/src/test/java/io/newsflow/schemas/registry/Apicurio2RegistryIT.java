package io.newsflow.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsflow.embedded.ApicurioRegistryServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry contract against Apicurio Registry 2.6 on the Java that runs newsflow: the fallback
 * of machines without Java 21+.
 */
class Apicurio2RegistryIT extends RegistryContract {
  private static ApicurioRegistryServer server;

  @BeforeAll
  static void start() {
    server = ApicurioRegistryServer.builder().legacy().build().start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Override
  String registryUrl() {
    return server.confluentApiUrl();
  }

  @Test
  void theFallbackIsApicurio2() {
    assertThat(server.isLegacy()).isTrue();
  }
}
