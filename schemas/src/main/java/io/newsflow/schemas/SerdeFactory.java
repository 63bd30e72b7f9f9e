package io.newsflow.schemas;

import io.newsflow.schemas.registry.SchemaRegistryClient;
import io.newsflow.schemas.serde.AvroSerde;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Makes the Avro serdes of every boundary from one registry client, knowing whether each is for
 * keys ({@code <topic>-key} subjects) or values ({@code <topic>-value}).
 */
public final class SerdeFactory {
  private final SchemaRegistryClient registry;

  public SerdeFactory(SchemaRegistryClient registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  public <T extends SpecificRecord> Serde<T> forValues(Class<T> type) {
    return new AvroSerde<>(registry, type, false);
  }

  public <T extends SpecificRecord> Serde<T> forKeys(Class<T> type) {
    return new AvroSerde<>(registry, type, true);
  }

  public SchemaRegistryClient registry() {
    return registry;
  }
}
