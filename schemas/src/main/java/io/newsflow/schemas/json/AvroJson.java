package io.newsflow.schemas.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

/**
 * Renders Avro records as plain JSON for people and files: an object per record with the schema's
 * field names, unions as their bare value (not Avro's {@code {"string": ...}} wrapping), enums as
 * their symbol, timestamps as ISO-8601 UTC strings, bytes as base64.
 */
public final class AvroJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private AvroJson() {}

  public static String toJson(IndexedRecord record) {
    StringWriter out = new StringWriter(512);
    try (JsonGenerator gen = FACTORY.createGenerator(out)) {
      write(gen, record, record.getSchema());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Writes one value of the given schema. */
  public static void write(JsonGenerator gen, Object value, Schema schema) throws IOException {
    switch (schema.getType()) {
      case RECORD -> {
        IndexedRecord record = (IndexedRecord) value;
        gen.writeStartObject();
        for (Schema.Field field : schema.getFields()) {
          gen.writeFieldName(field.name());
          write(gen, record.get(field.pos()), field.schema());
        }
        gen.writeEndObject();
      }
      case UNION -> {
        if (value == null) {
          gen.writeNull();
        } else {
          write(gen, value, branch(schema, value));
        }
      }
      case ARRAY -> {
        gen.writeStartArray();
        for (Object item : (Collection<?>) value) {
          write(gen, item, schema.getElementType());
        }
        gen.writeEndArray();
      }
      case MAP -> {
        gen.writeStartObject();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
          gen.writeFieldName(e.getKey().toString());
          write(gen, e.getValue(), schema.getValueType());
        }
        gen.writeEndObject();
      }
      case ENUM -> gen.writeString(value.toString());
      case STRING -> gen.writeString(value.toString());
      case BYTES -> {
        ByteBuffer buf = ((ByteBuffer) value).duplicate();
        byte[] bytes = new byte[buf.remaining()];
        buf.get(bytes);
        gen.writeString(Base64.getEncoder().encodeToString(bytes));
      }
      case FIXED ->
          gen.writeString(Base64.getEncoder().encodeToString(((GenericFixed) value).bytes()));
      case INT -> gen.writeNumber(((Number) value).intValue());
      case LONG -> {
        if (value instanceof Instant instant) {
          gen.writeString(instant.toString());
        } else {
          gen.writeNumber(((Number) value).longValue());
        }
      }
      case FLOAT -> gen.writeNumber(((Number) value).floatValue());
      case DOUBLE -> gen.writeNumber(((Number) value).doubleValue());
      case BOOLEAN -> gen.writeBoolean((Boolean) value);
      case NULL -> gen.writeNull();
    }
  }

  /** The branch of a union that holds a non-null value; the usual case is {@code [null, T]}. */
  private static Schema branch(Schema union, Object value) {
    Schema only = null;
    for (Schema type : union.getTypes()) {
      if (type.getType() != Schema.Type.NULL) {
        if (only != null) {
          return union.getTypes().get(SpecificData.get().resolveUnion(union, value));
        }
        only = type;
      }
    }
    return only;
  }
}
