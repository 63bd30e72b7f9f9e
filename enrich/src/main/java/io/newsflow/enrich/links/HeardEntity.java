package io.newsflow.enrich.links;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One shared entity an article heard of before it had heard of all its entities: the entity, its
 * weight and the earlier articles that share it (a POSTINGS record: those in the entity's index, a
 * PAIR record: the one that reached it later). Kept on its own in the {@code link-article-pending}
 * store until the article is complete, then scored with the others at once, so that each record
 * writes only itself and not every score heard of before it. Internal to enrich.
 *
 * @param time the event time of the article that heard it (epoch ms), for the sweep
 * @param entity the shared entity
 * @param weight its weight
 * @param others the earlier articles sharing it; of each only id, time and title are kept
 */
record HeardEntity(long time, String entity, double weight, List<IndexEntry> others) {
  private static final int FORMAT = 1;
  private static final int[] NO_SIGNATURE = new int[0];

  static Serde<HeardEntity> serde() {
    Serializer<HeardEntity> serializer =
        (topic, h) -> {
          if (h == null) {
            return null;
          }
          Binary.Writer out = new Binary.Writer(32 + 64 * h.others.size());
          out.writeByte(FORMAT);
          out.writeLong(h.time);
          out.writeString(h.entity);
          out.writeDouble(h.weight);
          out.writeVarInt(h.others.size());
          for (IndexEntry e : h.others) {
            out.writeString(e.articleId());
            out.writeLong(e.time());
            out.writeString(e.title());
          }
          return out.toByteArray();
        };
    Deserializer<HeardEntity> deserializer =
        (topic, data) -> {
          if (data == null) {
            return null;
          }
          Binary.Reader in = new Binary.Reader(data);
          int format = in.readByte();
          if (format != FORMAT) {
            throw new IllegalStateException(
                "unknown pending entity format " + format + " on " + topic);
          }
          long time = in.readLong();
          String entity = in.readString();
          double weight = in.readDouble();
          int n = in.readVarInt();
          List<IndexEntry> others = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            others.add(
                new IndexEntry(
                    in.readString(), in.readLong(), in.readString(), NO_SIGNATURE, 0, 0));
          }
          return new HeardEntity(time, entity, weight, others);
        };
    return Serdes.serdeFrom(serializer, deserializer);
  }
}
