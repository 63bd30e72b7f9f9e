package io.newsflow.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

/**
 * What our client needs from a Confluent-compatible registry, run against each real server the
 * project can start: same schema same id, BACKWARD compatibility enforced with 409, ids resolved,
 * unknown ids not found with the registry's error code.
 */
abstract class RegistryContract {

  /** Base URL of the server's Confluent-compatible API. */
  abstract String registryUrl();

  private SchemaRegistryClient client() {
    return new CachedSchemaRegistryClient(HttpSchemaRegistryClient.builder(registryUrl()).build());
  }

  @Test
  void registersVersionsAndRefusesAnIncompatibleSchemaWith409() {
    String subject = "contract-" + UUID.randomUUID() + "-value";
    SchemaRegistryClient registry = client();
    Schema v1 = SchemaBuilder.record("Thing").fields().requiredString("name").endRecord();
    Schema compatible =
        SchemaBuilder.record("Thing")
            .fields()
            .requiredString("name")
            .name("size")
            .type()
            .intType()
            .intDefault(0)
            .endRecord();
    Schema incompatible =
        SchemaBuilder.record("Thing")
            .fields()
            .requiredString("name")
            .requiredInt("weight")
            .endRecord();

    int id1 = registry.register(subject, v1);
    assertThat(client().register(subject, v1))
        .as("a second client gets the same id")
        .isEqualTo(id1);
    int id2 = registry.register(subject, compatible);
    assertThat(id2).isNotEqualTo(id1);
    assertThat(registry.latest(subject).id()).isEqualTo(id2);
    assertThat(registry.latest(subject).version()).isEqualTo(2);
    assertThat(client().schemaById(id1)).isEqualTo(v1);

    assertThatThrownBy(() -> registry.register(subject, incompatible))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("409");
  }

  @Test
  void anUnknownIdIsNotFoundWithTheRegistrysErrorCode() {
    assertThatThrownBy(() -> client().schemaById(987_654))
        .isInstanceOf(SchemaNotFoundException.class)
        .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(40403));
  }
}
