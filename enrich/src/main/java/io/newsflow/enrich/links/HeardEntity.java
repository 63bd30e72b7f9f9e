package io.newsflow.enrich.links;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;

/**
 * One shared entity an article heard of: the entity, its weight and the earlier articles that share
 * it (an INDEX answer: those in the entity's index, a PAIR record: the one that reached it later).
 * Before the article has heard from every shard of the index, what it hears is kept, one answer per
 * value, in the {@code link-article-pending} store, then scored at once when the last answer comes,
 * so that each record writes only itself and not every score heard of before it. Internal to link
 * building.
 *
 * @param time the event time of the article that heard it (epoch ms), for the sweep
 * @param entity the shared entity
 * @param weight its weight
 * @param others the earlier articles sharing it; of each only id, time and title are kept
 */
record HeardEntity(long time, String entity, double weight, List<IndexEntry> others) {
  /** Format 2: a list per store value; 1 was one entity per value, in the enrich application. */
  private static final int FORMAT = 2;

  private static final int[] NO_SIGNATURE = new int[0];

  /** The entities of one index answer, as one value of the pending store. */
  static Serde<List<HeardEntity>> listSerde() {
    return LinkCodec.serde(
        FORMAT,
        "pending entity",
        HeardEntity::sizeHint,
        HeardEntity::writeList,
        HeardEntity::readList);
  }

  static int sizeHint(List<HeardEntity> list) {
    int size = 8;
    for (HeardEntity h : list) {
      size += 32 + h.entity.length() + 64 * h.others.size();
    }
    return size;
  }

  static void writeList(LinkCodec.Writer out, List<HeardEntity> list) {
    out.writeVarInt(list.size());
    for (HeardEntity h : list) {
      out.writeLong(h.time);
      out.writeString(h.entity);
      out.writeDouble(h.weight);
      out.writeVarInt(h.others.size());
      for (IndexEntry e : h.others) {
        out.writeString(e.articleId());
        out.writeLong(e.time());
        out.writeString(e.title());
      }
    }
  }

  static List<HeardEntity> readList(LinkCodec.Reader in) {
    int count = in.readVarInt();
    List<HeardEntity> list = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      long time = in.readLong();
      String entity = in.readString();
      double weight = in.readDouble();
      int n = in.readVarInt();
      List<IndexEntry> others = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        others.add(
            new IndexEntry(in.readString(), in.readLong(), in.readString(), NO_SIGNATURE, 0, 0));
      }
      list.add(new HeardEntity(time, entity, weight, others));
    }
    return list;
  }
}
