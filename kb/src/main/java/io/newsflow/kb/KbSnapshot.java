package io.newsflow.kb;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A built {@link KnowledgeBase} written as its arrays, so that loading it is reading them rather
 * than parsing {@link KbFormat} and indexing every name again: the default base's load, which a
 * restarted enrich instance waits for, takes a fraction of the time. The kb module's build writes
 * the default base's snapshot beside its text form; the text form stays the source of truth.
 *
 * <p>Layout (big-endian): magic {@code NFKB}, version, entity count, then per entity its id and
 * name (UTF-8, length first), type and prior; the most tokens a name has; the candidate lists as
 * one int array; and each name's hash with where its candidates start.
 */
public final class KbSnapshot {
  /**
   * The default base's snapshot on the class path, beside {@link KnowledgeBase#DEFAULT_RESOURCE}.
   */
  public static final String DEFAULT_RESOURCE = "default-kb.bin";

  private static final int MAGIC = 0x4e464b42; // NFKB
  private static final int VERSION = 1;

  private KbSnapshot() {}

  /** Writes {@code kb} to {@code out} (not closed). */
  public static void write(KnowledgeBase kb, OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out, 1 << 16));
    data.writeInt(MAGIC);
    data.writeInt(VERSION);
    int n = kb.size();
    data.writeInt(n);
    for (int e = 0; e < n; e++) {
      writeString(data, kb.id(e));
      writeString(data, kb.name(e));
      data.writeByte(kb.type(e).ordinal());
      data.writeFloat(kb.prior(e));
    }
    data.writeInt(kb.maxAliasTokens());
    int[] candidates = kb.candidates();
    data.writeInt(candidates.length);
    for (int c : candidates) {
      data.writeInt(c);
    }
    data.writeInt(kb.aliasCount());
    kb.forEachAlias(
        (hash, at) -> {
          try {
            data.writeLong(hash);
            data.writeInt(at);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    data.flush();
  }

  /** Reads a snapshot that {@link #write} wrote. */
  public static KnowledgeBase read(InputStream in) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(in.readAllBytes());
    try {
      if (buf.getInt() != MAGIC) {
        throw new IOException("not a knowledge base snapshot");
      }
      int version = buf.getInt();
      if (version != VERSION) {
        throw new IOException("snapshot version " + version + ", expected " + VERSION);
      }
      int n = buf.getInt();
      String[] ids = new String[n];
      String[] names = new String[n];
      byte[] types = new byte[n];
      float[] priors = new float[n];
      for (int e = 0; e < n; e++) {
        ids[e] = readString(buf);
        names[e] = readString(buf);
        types[e] = buf.get();
        priors[e] = buf.getFloat();
      }
      int maxTokens = buf.getInt();
      int[] candidates = new int[buf.getInt()];
      buf.asIntBuffer().get(candidates);
      buf.position(buf.position() + candidates.length * Integer.BYTES);
      int aliases = buf.getInt();
      long[] hashes = new long[aliases];
      int[] at = new int[aliases];
      for (int i = 0; i < aliases; i++) {
        hashes[i] = buf.getLong();
        at[i] = buf.getInt();
      }
      if (buf.hasRemaining()) {
        throw new IOException(buf.remaining() + " bytes after the end of the snapshot");
      }
      return new KnowledgeBase(ids, names, types, priors, hashes, at, candidates, maxTokens);
    } catch (BufferUnderflowException e) {
      throw new IOException("the snapshot ends early", e);
    }
  }

  private static void writeString(DataOutputStream data, String s) throws IOException {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    data.writeInt(bytes.length);
    data.write(bytes);
  }

  private static String readString(ByteBuffer buf) {
    int length = buf.getInt();
    String s = new String(buf.array(), buf.position(), length, StandardCharsets.UTF_8);
    buf.position(buf.position() + length);
    return s;
  }
}
