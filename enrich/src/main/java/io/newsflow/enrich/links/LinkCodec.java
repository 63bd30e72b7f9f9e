package io.newsflow.enrich.links;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The binary encoding of the link stores' values and of the records between link processors: counts
 * and lengths as unsigned varints, numbers as fixed big-endian, strings as their UTF-8 length and
 * bytes. Written into one growing array and read in place, without the streams, per-string buffers
 * and modified UTF-8 of {@code DataOutputStream}: these values are written and read for every
 * article many times over, and their cost was most of the cost of link building.
 */
final class LinkCodec {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INTS =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  private LinkCodec() {}

  /**
   * The serde of the values one link type writes: a format byte, then what {@code write} writes;
   * null stays null, and a value of another format is refused with its {@code name}.
   *
   * @param sizeHint about the bytes {@code write} writes, to size the array once
   */
  static <T> Serde<T> serde(
      int format,
      String name,
      ToIntFunction<T> sizeHint,
      BiConsumer<Writer, T> write,
      Function<Reader, T> read) {
    Serializer<T> serializer =
        (topic, value) -> {
          if (value == null) {
            return null;
          }
          Writer out = new Writer(1 + sizeHint.applyAsInt(value));
          out.writeByte(format);
          write.accept(out, value);
          return out.toByteArray();
        };
    Deserializer<T> deserializer =
        (topic, data) -> {
          if (data == null) {
            return null;
          }
          Reader in = new Reader(data);
          int found = in.readByte();
          if (found != format) {
            throw new IllegalStateException(
                "unknown " + name + " format " + found + (topic == null ? "" : " on " + topic));
          }
          return read.apply(in);
        };
    return Serdes.serdeFrom(serializer, deserializer);
  }

  /** Writes values into an array that grows as needed. */
  static final class Writer {
    private byte[] buf;
    private int pos;

    /** A writer whose array starts at {@code capacity} bytes: a good guess saves copies. */
    Writer(int capacity) {
      buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int more) {
      if (pos + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
      }
    }

    Writer writeByte(int v) {
      ensure(1);
      buf[pos++] = (byte) v;
      return this;
    }

    Writer writeBoolean(boolean v) {
      return writeByte(v ? 1 : 0);
    }

    /** A count or a length: small values take one byte. */
    Writer writeVarInt(int v) {
      if (v < 0) {
        throw new IllegalArgumentException("negative count " + v);
      }
      ensure(5);
      while ((v & ~0x7F) != 0) {
        buf[pos++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[pos++] = (byte) v;
      return this;
    }

    Writer writeInt(int v) {
      ensure(4);
      INTS.set(buf, pos, v);
      pos += 4;
      return this;
    }

    Writer writeLong(long v) {
      ensure(8);
      LONGS.set(buf, pos, v);
      pos += 8;
      return this;
    }

    Writer writeDouble(double v) {
      return writeLong(Double.doubleToRawLongBits(v));
    }

    /** A string; null is written as the empty string. */
    Writer writeString(String s) {
      if (s == null || s.isEmpty()) {
        return writeVarInt(0);
      }
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      writeVarInt(utf8.length);
      ensure(utf8.length);
      System.arraycopy(utf8, 0, buf, pos, utf8.length);
      pos += utf8.length;
      return this;
    }

    /** Bytes written so far as they are: a part of a value read before and left undecoded. */
    Writer writeBytes(byte[] src, int offset, int length) {
      ensure(length);
      System.arraycopy(src, offset, buf, pos, length);
      pos += length;
      return this;
    }

    /** How many bytes are written: where the next one goes. */
    int position() {
      return pos;
    }

    /** Overwrites the int at {@code at}: a length known only once what it measures is written. */
    void setInt(int at, int v) {
      INTS.set(buf, at, v);
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, pos);
    }
  }

  /** Reads values from an array in place. */
  static final class Reader {
    private final byte[] data;
    private int pos;

    Reader(byte[] data) {
      this(data, 0);
    }

    /** A reader from byte {@code offset} on: a part of a value decoded later than the rest. */
    Reader(byte[] data, int offset) {
      this.data = data;
      this.pos = offset;
    }

    /** The whole array read from (a value may keep parts of it to decode later). */
    byte[] data() {
      return data;
    }

    /** How many bytes are read: where the next one is. */
    int position() {
      return pos;
    }

    void skip(int bytes) {
      pos += bytes;
    }

    int readByte() {
      return data[pos++];
    }

    boolean readBoolean() {
      return data[pos++] != 0;
    }

    int readVarInt() {
      int v = 0;
      for (int shift = 0; shift < 35; shift += 7) {
        byte b = data[pos++];
        v |= (b & 0x7F) << shift;
        if (b >= 0) {
          return v;
        }
      }
      throw new IllegalStateException("malformed count at byte " + (pos - 1));
    }

    int readInt() {
      int v = (int) INTS.get(data, pos);
      pos += 4;
      return v;
    }

    long readLong() {
      long v = (long) LONGS.get(data, pos);
      pos += 8;
      return v;
    }

    double readDouble() {
      return Double.longBitsToDouble(readLong());
    }

    String readString() {
      int length = readVarInt();
      if (length == 0) {
        return "";
      }
      String s = new String(data, pos, length, StandardCharsets.UTF_8);
      pos += length;
      return s;
    }
  }
}
