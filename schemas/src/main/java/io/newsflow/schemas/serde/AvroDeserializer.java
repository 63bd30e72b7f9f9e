package io.newsflow.schemas.serde;

import io.newsflow.schemas.registry.SchemaNotFoundException;
import io.newsflow.schemas.registry.SchemaRegistryClient;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads records in the Confluent wire format into a generated class, resolving the writer's schema
 * (fetched from the registry by the id in the payload) against the class's schema, so records
 * written with an older compatible schema read fine. Thread-safe.
 *
 * <p>Bad data (wrong magic byte, truncated payload, an id the registry does not know, bytes that do
 * not decode) raises {@link SerializationException}: a permanent error, the record belongs in the
 * dead-letter topic. A registry that cannot be reached raises {@link
 * io.newsflow.schemas.registry.RegistryUnavailableException}: transient, the caller must not
 * dead-letter the record.
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {
  private final SchemaRegistryClient registry;
  private final Class<T> type;
  private final Schema readerSchema;
  private final SpecificData model;
  private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

  public AvroDeserializer(SchemaRegistryClient registry, Class<T> type) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.type = Objects.requireNonNull(type, "type");
    this.model = SpecificData.getForClass(type);
    this.readerSchema = model.getSchema(type);
  }

  @Override
  public T deserialize(String topic, byte[] payload) {
    if (payload == null) {
      return null;
    }
    int id = WireFormat.schemaId(topic, payload);
    DatumReader<T> reader = readers.get(id);
    if (reader == null) {
      Schema writer;
      try {
        writer = registry.schemaById(id);
      } catch (SchemaNotFoundException e) {
        throw new SerializationException(
            "record on topic '"
                + topic
                + "' names schema id "
                + id
                + ", which the registry does not know",
            e);
      }
      reader = new SpecificDatumReader<>(writer, readerSchema, model);
      readers.put(id, reader);
    }
    try {
      var decoder =
          DecoderFactory.get()
              .binaryDecoder(
                  payload,
                  WireFormat.HEADER_LENGTH,
                  payload.length - WireFormat.HEADER_LENGTH,
                  null);
      return reader.read(null, decoder);
    } catch (IOException
        | AvroRuntimeException
        | IndexOutOfBoundsException
        | NegativeArraySizeException e) {
      throw new SerializationException(
          "cannot decode record on topic '"
              + topic
              + "' as "
              + type.getSimpleName()
              + " (schema id "
              + id
              + "): "
              + e,
          e);
    }
  }
}
