package io.newsflow.kb.build;

import java.nio.charset.StandardCharsets;

/**
 * Reads the protocol-buffers wire format from a byte array: varints, zigzag varints and
 * length-delimited fields. Only what {@code cities.pbf} needs, without a schema or a library, so
 * the knowledge-base build has no dependency for one file. Malformed input fails with the byte
 * offset where it went wrong.
 */
final class ProtoReader {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  private final byte[] buf;
  private final int limit;
  private int pos;

  ProtoReader(byte[] buf) {
    this(buf, 0, buf.length);
  }

  private ProtoReader(byte[] buf, int start, int limit) {
    this.buf = buf;
    this.pos = start;
    this.limit = limit;
  }

  boolean hasMore() {
    return pos < limit;
  }

  int position() {
    return pos;
  }

  long readVarint() {
    long result = 0;
    int start = pos;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= limit) {
        throw malformed(start, "varint runs past the end of its message");
      }
      byte b = buf[pos++];
      result |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw malformed(start, "varint longer than 10 bytes");
  }

  /** A zigzag-encoded signed varint ({@code sint32}/{@code sint64}). */
  long readSVarint() {
    long n = readVarint();
    return (n >>> 1) ^ -(n & 1);
  }

  String readString() {
    int n = readLength();
    String s = new String(buf, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  /** A length-delimited embedded message, as a reader over just its bytes. */
  ProtoReader readMessage() {
    int n = readLength();
    ProtoReader message = new ProtoReader(buf, pos, pos + n);
    pos += n;
    return message;
  }

  /** Skips the value of a field of the given wire type. */
  void skip(int wireType) {
    switch (wireType) {
      case VARINT -> readVarint();
      case FIXED64 -> advance(8);
      case LENGTH_DELIMITED -> advance(readLength());
      case FIXED32 -> advance(4);
      default -> throw malformed(pos, "unsupported wire type " + wireType);
    }
  }

  private int readLength() {
    int start = pos;
    long n = readVarint();
    if (n < 0 || n > limit - pos) {
      throw malformed(start, "length " + n + " runs past the end (" + (limit - pos) + " left)");
    }
    return (int) n;
  }

  private void advance(int n) {
    if (n > limit - pos) {
      throw malformed(pos, "field of " + n + " bytes runs past the end");
    }
    pos += n;
  }

  static IllegalArgumentException malformed(int offset, String what) {
    return new IllegalArgumentException("malformed protobuf at byte " + offset + ": " + what);
  }
}
