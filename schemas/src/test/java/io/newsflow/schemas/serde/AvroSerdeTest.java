package io.newsflow.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newsflow.avro.RawArticle;
import io.newsflow.schemas.TestArticles;
import io.newsflow.schemas.registry.CachedSchemaRegistryClient;
import io.newsflow.schemas.registry.InMemorySchemaRegistry;
import io.newsflow.schemas.registry.RegistryUnavailableException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {
  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final AvroSerde<RawArticle> serde =
      new AvroSerde<>(new CachedSchemaRegistryClient(registry), RawArticle.class, false);

  @Test
  void roundTripsInTheConfluentWireFormat() {
    RawArticle article = TestArticles.raw("a1");
    byte[] bytes = serde.serializer().serialize("news.raw.v1", article);

    int registeredId = registry.latest("news.raw.v1-value").id();
    assertThat(bytes[0]).isEqualTo((byte) 0);
    assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(registeredId);
    assertThat(serde.deserializer().deserialize("news.raw.v1", bytes)).isEqualTo(article);
  }

  @Test
  void keysRegisterUnderTheKeySubject() {
    AvroSerde<RawArticle> keySerde = new AvroSerde<>(registry, RawArticle.class, true);
    keySerde.serializer().serialize("t", TestArticles.raw("k"));
    assertThat(registry.latest("t-key").schema()).isEqualTo(RawArticle.getClassSchema());
  }

  @Test
  void theCacheAsksTheRegistryOncePerSchemaAndId() {
    byte[] first = serde.serializer().serialize("t", TestArticles.raw("1"));
    int afterFirst = registry.requestCount();
    for (int i = 0; i < 50; i++) {
      byte[] bytes = serde.serializer().serialize("t", TestArticles.raw("n" + i));
      serde.deserializer().deserialize("t", bytes);
    }
    serde.deserializer().deserialize("t", first);
    // registering taught the cache the id's schema too: no request after the first one
    assertThat(registry.requestCount()).isEqualTo(afterFirst);
  }

  @Test
  void readsRecordsWrittenWithAnOlderSchema() throws Exception {
    // An older writer that did not have the optional "origin" and "publisher" fields yet.
    Schema current = RawArticle.getClassSchema();
    var fields =
        current.getFields().stream()
            .filter(f -> !f.name().equals("origin") && !f.name().equals("publisher"))
            .map(f -> new Schema.Field(f, f.schema()))
            .toList();
    Schema older =
        Schema.createRecord(current.getName(), null, current.getNamespace(), false, fields);
    int olderId = registry.register("t-value", older);

    GenericRecord record = new GenericData.Record(older);
    RawArticle full = TestArticles.raw("old");
    for (Schema.Field f : older.getFields()) {
      Object value = full.get(f.name());
      if (value instanceof java.time.Instant instant) {
        value = instant.toEpochMilli();
      } else if (value instanceof Enum<?> e) {
        value = new GenericData.EnumSymbol(f.schema(), e.name());
      }
      record.put(f.name(), value);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.writeBytes(ByteBuffer.allocate(4).putInt(olderId).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(older).write(record, encoder);
    encoder.flush();

    RawArticle read = serde.deserializer().deserialize("t", out.toByteArray());
    assertThat(read.getId()).isEqualTo("old");
    assertThat(read.getTitle()).isEqualTo(full.getTitle());
    assertThat(read.getPublishedAt()).isEqualTo(full.getPublishedAt());
    assertThat(read.getOrigin()).isNull();
  }

  @Test
  void refusesBytesWithoutTheMagicByte() {
    assertThatThrownBy(
            () -> serde.deserializer().deserialize("news.raw.v1", "{\"title\":\"x\"}".getBytes()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("news.raw.v1")
        .hasMessageContaining("0x7b")
        .hasMessageContaining("magic byte");
  }

  @Test
  void refusesPayloadsShorterThanTheHeader() {
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {0, 0, 1}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("3 bytes");
  }

  @Test
  void refusesAnUnknownSchemaId() {
    byte[] bytes = {0, 0, 0, 0x30, 0x39, 2, 'a'};
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("schema id 12345");
  }

  @Test
  void refusesBytesThatDoNotDecode() {
    byte[] good = serde.serializer().serialize("t", TestArticles.raw("x"));
    byte[] truncated = java.util.Arrays.copyOf(good, 12);
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("cannot decode");
  }

  @Test
  void anUnreachableRegistryIsNotMistakenForBadData() {
    byte[] bytes = serde.serializer().serialize("t", TestArticles.raw("x"));
    registry.setAvailable(false);
    AvroSerde<RawArticle> fresh = new AvroSerde<>(registry, RawArticle.class, false);
    assertThatThrownBy(() -> fresh.deserializer().deserialize("t", bytes))
        .isInstanceOf(RegistryUnavailableException.class);
    assertThatThrownBy(() -> fresh.serializer().serialize("other", TestArticles.raw("y")))
        .isInstanceOf(RegistryUnavailableException.class);
  }

  @Test
  void nullStaysNull() {
    assertThat(serde.serializer().serialize("t", null)).isNull();
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
  }
}
