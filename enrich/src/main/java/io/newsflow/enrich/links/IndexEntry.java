package io.newsflow.enrich.links;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;

/**
 * An article as an index remembers it: in the list of articles that mention an entity, or in an LSH
 * bucket (then with its MinHash signature). Internal to link building.
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

  /** The format of entries, in a store or a record; 1 (DataOutputStream) is no longer read. */
  private static final int FORMAT = 2;

  /** A list of entries as one value of a state store. */
  static Serde<List<IndexEntry>> listSerde() {
    return LinkCodec.serde(
        FORMAT,
        "index entry",
        entries -> {
          int size = 8;
          for (IndexEntry e : entries) {
            size += e.sizeHint();
          }
          return size;
        },
        IndexEntry::writeList,
        IndexEntry::readList);
  }

  /** One entry as a record value (repartition topics). */
  static Serde<IndexEntry> serde() {
    return LinkCodec.serde(
        FORMAT, "index entry", IndexEntry::sizeHint, IndexEntry::write, IndexEntry::read);
  }

  /** About the bytes of this entry written (exact for ASCII text): to size buffers once. */
  int sizeHint() {
    return articleId.length() + (title == null ? 0 : title.length()) + 4 * signature.length + 32;
  }

  static void writeList(LinkCodec.Writer out, List<IndexEntry> entries) {
    out.writeVarInt(entries.size());
    for (IndexEntry e : entries) {
      write(out, e);
    }
  }

  static List<IndexEntry> readList(LinkCodec.Reader in) {
    int n = in.readVarInt();
    List<IndexEntry> into = new ArrayList<>(n + 1);
    for (int i = 0; i < n; i++) {
      into.add(read(in));
    }
    return into;
  }

  private static void write(LinkCodec.Writer out, IndexEntry e) {
    out.writeString(e.articleId);
    out.writeLong(e.time);
    out.writeString(e.title);
    out.writeVarInt(e.signature.length);
    for (int v : e.signature) {
      out.writeInt(v);
    }
    out.writeLong(e.arrival);
    out.writeVarInt(e.entities);
  }

  private static final int[] NO_SIGNATURE = new int[0];

  private static IndexEntry read(LinkCodec.Reader in) {
    String id = in.readString();
    long time = in.readLong();
    String title = in.readString();
    int length = in.readVarInt();
    int[] sig = length == 0 ? NO_SIGNATURE : new int[length];
    for (int i = 0; i < length; i++) {
      sig[i] = in.readInt();
    }
    return new IndexEntry(id, time, title, sig, in.readLong(), in.readVarInt());
  }
}
