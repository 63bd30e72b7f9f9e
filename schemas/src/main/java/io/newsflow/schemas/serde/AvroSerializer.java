package io.newsflow.schemas.serde;

import io.newsflow.schemas.registry.SchemaRegistryClient;
import io.newsflow.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records in the Confluent wire format, registering the record's schema under the
 * topic's subject ({@code <topic>-value} or {@code <topic>-key}) the first time it is used.
 * Thread-safe; Kafka Streams shares one instance between stream threads.
 *
 * <p>A registry that cannot be reached surfaces as {@link
 * io.newsflow.schemas.registry.RegistryUnavailableException} (transient: after the client's retries
 * the caller must stop); a refused schema as {@link
 * io.newsflow.schemas.registry.IncompatibleSchemaException}.
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {
  private final SchemaRegistryClient registry;
  private final boolean isKey;
  private final Map<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();

  public AvroSerializer(SchemaRegistryClient registry, boolean isKey) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.isKey = isKey;
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null;
    }
    Schema schema = record.getSchema();
    int id = registry.register(WireFormat.subject(topic, isKey), schema);
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.write(WireFormat.MAGIC_BYTE);
    out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
    try {
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      writer(schema, record).write(record, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      if (e instanceof SchemaRegistryException sre) {
        throw sre;
      }
      throw new SerializationException(
          "cannot encode " + schema.getFullName() + " for topic '" + topic + "': " + e.getMessage(),
          e);
    }
    return out.toByteArray();
  }

  @SuppressWarnings("unchecked")
  private DatumWriter<T> writer(Schema schema, T record) {
    return writers.computeIfAbsent(
        schema,
        s -> new SpecificDatumWriter<>(s, SpecificData.getForClass((Class<T>) record.getClass())));
  }
}
