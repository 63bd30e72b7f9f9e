package io.newsflow.enrich.links;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Utils;

/**
 * What one article asks of one shard of the link index: the index keys of the article that belong
 * to that shard (its entities, its LSH bands, the pages it links to, and the article itself as a
 * page others may link to). One record per shard that holds any of its keys, instead of one per
 * key, so that an article costs at most as many index records as there are shards. Internal to link
 * building (the {@code links-by-key} repartition topic).
 *
 * @param shard the partition of the index these keys belong to
 * @param article the article as the index remembers it (with its MinHash signature)
 * @param replies how many shards answer the article (those with entities or bands); it is complete
 *     once it has heard from all of them
 * @param entities the article's distinct entity ids of this shard
 * @param bands its LSH band keys of this shard
 * @param hyperlinks the pages it links to of this shard (key: the linked page's article id), and
 *     itself when its own id belongs to this shard (an arrival)
 */
record IndexRequest(
    int shard,
    IndexEntry article,
    int replies,
    List<String> entities,
    List<String> bands,
    List<Keyed<HyperlinkEvent>> hyperlinks) {

  /** A value with the index key it belongs to. */
  record Keyed<V>(String key, V value) {}

  private static final int FORMAT = 1;

  /** Whether this shard answers the article: it holds entities or bands of it. */
  boolean answers() {
    return !entities.isEmpty() || !bands.isEmpty();
  }

  /** The shard of the index an index key belongs to, of {@code shards}. */
  static int shardOf(String key, int shards) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % shards;
  }

  static Serde<IndexRequest> serde() {
    return LinkCodec.serde(
        FORMAT, "index request", IndexRequest::sizeHint, IndexRequest::write, IndexRequest::read);
  }

  private int sizeHint() {
    IndexRequest r = this;
    int size = 16 + r.article.sizeHint();
    for (String e : r.entities) {
      size += e.length() + 2;
    }
    size += r.bands.size() * 24;
    for (Keyed<HyperlinkEvent> h : r.hyperlinks) {
      size += h.key.length() + h.value.url().length() + h.value.text().length() + 24;
    }
    return size;
  }

  private static void write(LinkCodec.Writer out, IndexRequest r) {
    out.writeVarInt(r.shard);
    IndexEntry.writeList(out, List.of(r.article));
    out.writeVarInt(r.replies);
    writeStrings(out, r.entities);
    writeStrings(out, r.bands);
    out.writeVarInt(r.hyperlinks.size());
    for (Keyed<HyperlinkEvent> h : r.hyperlinks) {
      out.writeString(h.key);
      HyperlinkEvent.write(out, h.value);
    }
  }

  private static IndexRequest read(LinkCodec.Reader in) {
    int shard = in.readVarInt();
    IndexEntry article = IndexEntry.readList(in).get(0);
    int replies = in.readVarInt();
    List<String> entities = readStrings(in);
    List<String> bands = readStrings(in);
    int n = in.readVarInt();
    List<Keyed<HyperlinkEvent>> hyperlinks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      hyperlinks.add(new Keyed<>(in.readString(), HyperlinkEvent.read(in)));
    }
    return new IndexRequest(shard, article, replies, entities, bands, hyperlinks);
  }

  private static void writeStrings(LinkCodec.Writer out, List<String> strings) {
    out.writeVarInt(strings.size());
    for (String s : strings) {
      out.writeString(s);
    }
  }

  private static List<String> readStrings(LinkCodec.Reader in) {
    int n = in.readVarInt();
    List<String> strings = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      strings.add(in.readString());
    }
    return strings;
  }
}
