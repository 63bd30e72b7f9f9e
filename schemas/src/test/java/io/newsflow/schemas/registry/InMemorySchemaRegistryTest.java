package io.newsflow.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {
  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final Schema v1 = SchemaBuilder.record("A").fields().requiredString("x").endRecord();

  @Test
  void sameSchemaSameIdAcrossSubjects() {
    int a = registry.register("a-value", v1);
    assertThat(registry.register("a-value", v1)).isEqualTo(a);
    assertThat(registry.register("b-value", v1)).isEqualTo(a);
    assertThat(registry.schemaById(a)).isEqualTo(v1);
  }

  @Test
  void acceptsABackwardCompatibleVersionAndRefusesAnIncompatibleOne() {
    registry.register("a-value", v1);
    Schema v2 =
        SchemaBuilder.record("A")
            .fields()
            .requiredString("x")
            .name("y")
            .type()
            .intType()
            .intDefault(0)
            .endRecord();
    int id2 = registry.register("a-value", v2);
    assertThat(registry.latest("a-value").version()).isEqualTo(2);
    assertThat(registry.latest("a-value").id()).isEqualTo(id2);

    Schema bad =
        SchemaBuilder.record("A")
            .fields()
            .requiredString("x")
            .requiredInt("y")
            .requiredInt("z")
            .endRecord();
    assertThatThrownBy(() -> registry.register("a-value", bad))
        .isInstanceOf(IncompatibleSchemaException.class)
        .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus()).isEqualTo(409));
  }

  @Test
  void unknownIdsAndSubjectsAreNotFound() {
    assertThatThrownBy(() -> registry.schemaById(42)).isInstanceOf(SchemaNotFoundException.class);
    assertThatThrownBy(() -> registry.latest("nope-value"))
        .isInstanceOf(SchemaNotFoundException.class);
  }
}
