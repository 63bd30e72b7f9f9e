package io.newsflow.enrich.links;

import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the link processors tell the article a record is keyed by. Internal to enrich (repartition
 * and loop topics), in a small binary format of its own.
 *
 * <p>Each pair of articles sharing an entity is scored by its later article (by event time, then
 * id), whichever of the two reached the entity's index first, so that the score does not depend on
 * how records of different partitions interleave.
 *
 * <ul>
 *   <li>POSTINGS: one of the new article's entities, with its weight and the earlier articles of
 *       the window that mention it ({@code postings}); the article has {@code expected} entities,
 *       so it knows when it has heard of all of them ({@code arrival} tells one submission from the
 *       next).
 *   <li>PAIR: an earlier article ({@code partner}) reached the index of a shared entity ({@code
 *       detail}, weight {@code weight}) after this one did; {@code arrival}: this article's
 *       submission as the index knew it.
 *   <li>RELATED: the later article of a pair tells the earlier one their score and shared entities
 *       ({@code detail}, one per line), and whether they are in one story ({@code strong}).
 *   <li>DUPLICATE: another article is a near-duplicate; {@code detail} says which is the original.
 *   <li>STORY_ROOT: a neighbour in the story says its story's root is {@code detail}.
 * </ul>
 *
 * @param kind what happened
 * @param selfTime the event time of the article the record is keyed by (epoch ms)
 * @param partner the other article
 * @param partnerTime the other article's event time (epoch ms)
 * @param partnerTitle the other article's title, for readable links (POSTINGS: the article's own,
 *     which it passes on in RELATED records)
 * @param weight entity weight (POSTINGS), relatedness (RELATED), estimated similarity (DUPLICATE)
 * @param detail the entity id (POSTINGS), the shared entities (RELATED), "original" or "copy"
 *     (DUPLICATE), the root article id (STORY_ROOT)
 * @param rootTime the root's event time (STORY_ROOT)
 * @param arrival which submission of the article the postings belong to (POSTINGS)
 * @param expected how many POSTINGS records the submission brings (POSTINGS)
 * @param postings the other articles that mention the entity (POSTINGS), else empty
 * @param strong whether the sender put the pair in one story (RELATED)
 */
record LinkEvent(
    Kind kind,
    long selfTime,
    String partner,
    long partnerTime,
    String partnerTitle,
    double weight,
    String detail,
    long rootTime,
    long arrival,
    int expected,
    List<IndexEntry> postings,
    boolean strong) {

  enum Kind {
    POSTINGS,
    PAIR,
    RELATED,
    DUPLICATE,
    STORY_ROOT
  }

  static LinkEvent postings(
      IndexEntry self, String entityId, double weight, int expected, List<IndexEntry> others) {
    return new LinkEvent(
        Kind.POSTINGS,
        self.time(),
        "",
        0L,
        self.title(),
        weight,
        entityId,
        0L,
        self.arrival(),
        expected,
        others,
        false);
  }

  /** To {@code later}: {@code earlier} shares {@code entityId} with it. */
  static LinkEvent pair(IndexEntry later, IndexEntry earlier, String entityId, double weight) {
    return new LinkEvent(
        Kind.PAIR,
        later.time(),
        earlier.articleId(),
        earlier.time(),
        earlier.title(),
        weight,
        entityId,
        0L,
        later.arrival(),
        0,
        List.of(),
        false);
  }

  static LinkEvent related(
      long selfTime,
      String from,
      long fromTime,
      String fromTitle,
      double score,
      List<String> evidence,
      boolean strong) {
    return new LinkEvent(
        Kind.RELATED,
        selfTime,
        from,
        fromTime,
        fromTitle,
        score,
        String.join("\n", evidence),
        0L,
        0L,
        0,
        List.of(),
        strong);
  }

  static LinkEvent duplicate(
      long selfTime, IndexEntry partner, double similarity, boolean partnerIsOriginal) {
    return new LinkEvent(
        Kind.DUPLICATE,
        selfTime,
        partner.articleId(),
        partner.time(),
        partner.title(),
        similarity,
        partnerIsOriginal ? "original" : "copy",
        0L,
        0L,
        0,
        List.of(),
        false);
  }

  /** "My story's root is rootId": from one article to a neighbour in the same story. */
  static LinkEvent storyRoot(String from, String rootId, long rootTime) {
    return new LinkEvent(
        Kind.STORY_ROOT, 0L, from, 0L, "", 0.0, rootId, rootTime, 0L, 0, List.of(), false);
  }

  /** The shared entities of a RELATED event. */
  List<String> evidence() {
    return detail.isEmpty() ? List.of() : List.of(detail.split("\n"));
  }

  /** The format of events; 1 (DataOutputStream) is no longer read. */
  private static final int FORMAT = 2;

  static Serde<LinkEvent> serde() {
    Serializer<LinkEvent> serializer =
        (topic, e) -> {
          if (e == null) {
            return null;
          }
          int size = 64 + e.partner.length() + length(e.partnerTitle) + length(e.detail);
          for (IndexEntry p : e.postings) {
            size += p.sizeHint();
          }
          Binary.Writer out = new Binary.Writer(size);
          out.writeByte(FORMAT);
          out.writeByte(e.kind.ordinal());
          out.writeLong(e.selfTime);
          out.writeString(e.partner);
          out.writeLong(e.partnerTime);
          out.writeString(e.partnerTitle);
          out.writeDouble(e.weight);
          out.writeString(e.detail);
          out.writeLong(e.rootTime);
          out.writeLong(e.arrival);
          out.writeVarInt(e.expected);
          IndexEntry.writeList(out, e.postings);
          out.writeBoolean(e.strong);
          return out.toByteArray();
        };
    Deserializer<LinkEvent> deserializer =
        (topic, data) -> {
          if (data == null) {
            return null;
          }
          Binary.Reader in = new Binary.Reader(data);
          int format = in.readByte();
          if (format != FORMAT) {
            throw new IllegalStateException("unknown link event format " + format + " on " + topic);
          }
          Kind kind = Kind.values()[in.readByte()];
          return new LinkEvent(
              kind,
              in.readLong(),
              in.readString(),
              in.readLong(),
              in.readString(),
              in.readDouble(),
              in.readString(),
              in.readLong(),
              in.readLong(),
              in.readVarInt(),
              IndexEntry.readList(in),
              in.readBoolean());
        };
    return Serdes.serdeFrom(serializer, deserializer);
  }

  private static int length(String s) {
    return s == null ? 0 : s.length();
  }
}
