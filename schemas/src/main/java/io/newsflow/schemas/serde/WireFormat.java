package io.newsflow.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format: byte 0 is {@code 0x00}, bytes 1-4 the schema id (big-endian), then the
 * Avro binary encoding of the record.
 */
final class WireFormat {
  public static final byte MAGIC_BYTE = 0x0;
  public static final int HEADER_LENGTH = 5;

  private WireFormat() {}

  /** Reads the schema id from a payload, checking its header first. */
  public static int schemaId(String topic, byte[] payload) {
    if (payload.length < HEADER_LENGTH) {
      throw new SerializationException(
          "record on topic '"
              + topic
              + "' has "
              + payload.length
              + " bytes, fewer than the 5-byte header of the Confluent wire format");
    }
    if (payload[0] != MAGIC_BYTE) {
      throw new SerializationException(
          String.format(
              "record on topic '%s' starts with byte 0x%02x, not the magic byte 0x00 of the"
                  + " Confluent wire format: it was not written by an Avro serializer with a schema registry",
              topic, payload[0]));
    }
    return ByteBuffer.wrap(payload, 1, 4).getInt();
  }

  /** The subject of a topic's keys or values under TopicNameStrategy. */
  public static String subject(String topic, boolean isKey) {
    return topic + (isKey ? "-key" : "-value");
  }
}
