package io.newsflow.schemas.registry;

import io.newsflow.testkit.EmbeddedServersExtension;
import io.newsflow.testkit.PipelineEnvironment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The registry contract against Apicurio Registry 3 (the default registry of tests and local runs).
 */
@ExtendWith(EmbeddedServersExtension.class)
class Apicurio3RegistryIT extends RegistryContract {
  private String url;

  @BeforeEach
  void environment(PipelineEnvironment env) {
    url = env.schemaRegistryUrl();
  }

  @Override
  String registryUrl() {
    return url;
  }
}
