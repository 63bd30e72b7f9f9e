package io.newsflow.enrich.links;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * An article as an index remembers it: in the list of articles that mention an entity, or in an LSH
 * bucket (then with its MinHash signature). Internal to enrich.
 *
 * @param articleId the article
 * @param time its event time (published, else received), epoch ms
 * @param title its clean title, for readable links
 * @param signature its MinHash signature, or an empty array
 * @param arrival which submission of the article this is (a re-submission has another)
 * @param entities how many distinct entities the article has
 */
record IndexEntry(
    String articleId, long time, String title, int[] signature, long arrival, int entities) {

  /** A list of entries as one value of a state store. */
  static Serde<List<IndexEntry>> listSerde() {
    Serializer<List<IndexEntry>> serializer =
        (topic, entries) -> {
          if (entries == null) {
            return null;
          }
          ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * entries.size() + 8);
          try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            writeList(out, entries);
          } catch (IOException ex) {
            throw new UncheckedIOException(ex);
          }
          return bytes.toByteArray();
        };
    Deserializer<List<IndexEntry>> deserializer =
        (topic, data) -> {
          if (data == null) {
            return null;
          }
          try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            check(in.readByte(), topic);
            return readList(in, new ArrayList<>());
          } catch (IOException ex) {
            throw new UncheckedIOException(ex);
          }
        };
    return Serdes.serdeFrom(serializer, deserializer);
  }

  /** One entry as a record value (repartition topics). */
  static Serde<IndexEntry> serde() {
    Serializer<IndexEntry> serializer =
        (topic, e) -> {
          if (e == null) {
            return null;
          }
          ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
          try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            write(out, e);
          } catch (IOException ex) {
            throw new UncheckedIOException(ex);
          }
          return bytes.toByteArray();
        };
    Deserializer<IndexEntry> deserializer =
        (topic, data) -> {
          if (data == null) {
            return null;
          }
          try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            check(in.readByte(), topic);
            return read(in);
          } catch (IOException ex) {
            throw new UncheckedIOException(ex);
          }
        };
    return Serdes.serdeFrom(serializer, deserializer);
  }

  static void writeList(DataOutputStream out, List<IndexEntry> entries) throws IOException {
    out.writeInt(entries.size());
    for (IndexEntry e : entries) {
      write(out, e);
    }
  }

  static List<IndexEntry> readList(DataInputStream in, List<IndexEntry> into) throws IOException {
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      into.add(read(in));
    }
    return into;
  }

  private static void write(DataOutputStream out, IndexEntry e) throws IOException {
    out.writeUTF(e.articleId);
    out.writeLong(e.time);
    out.writeUTF(e.title == null ? "" : e.title);
    out.writeShort(e.signature.length);
    for (int v : e.signature) {
      out.writeInt(v);
    }
    out.writeLong(e.arrival);
    out.writeInt(e.entities);
  }

  private static IndexEntry read(DataInputStream in) throws IOException {
    String id = in.readUTF();
    long time = in.readLong();
    String title = in.readUTF();
    int[] sig = new int[in.readShort()];
    for (int i = 0; i < sig.length; i++) {
      sig[i] = in.readInt();
    }
    return new IndexEntry(id, time, title, sig, in.readLong(), in.readInt());
  }

  private static void check(int version, String topic) {
    if (version != 1) {
      throw new IllegalStateException("unknown index entry format " + version + " on " + topic);
    }
  }
}
