package io.newsflow.enrich.links;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;

/**
 * What the link processors tell the article a record is keyed by. Internal to link building (the
 * message topic), in a small binary format of its own.
 *
 * <p>Each pair of articles sharing an entity is scored by its later article (by event time, then
 * id), whichever of the two reached the entity's index first, so that the score does not depend on
 * how records of different partitions interleave.
 *
 * <ul>
 *   <li>INDEX: one shard of the index answers the new article: for each of its entities there, the
 *       weight and the earlier articles of the window that mention it ({@code heard}), and the
 *       near-duplicates it met ({@code duplicates}); {@code expected} shards answer in all, so it
 *       knows when it has heard from all of them ({@code arrival} tells one submission from the
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
 * @param partnerTitle the other article's title, for readable links (INDEX: the article's own,
 *     which it passes on in RELATED records)
 * @param weight entity weight (PAIR), relatedness (RELATED), estimated similarity (DUPLICATE)
 * @param detail the entity id (PAIR), the shared entities (RELATED), "original" or "copy"
 *     (DUPLICATE), the root article id (STORY_ROOT)
 * @param rootTime the root's event time (STORY_ROOT)
 * @param arrival which submission of the article the answer belongs to (INDEX, PAIR)
 * @param expected how many INDEX records the submission brings (INDEX)
 * @param heard the shared entities of an INDEX answer, else empty
 * @param duplicates the DUPLICATE events of an INDEX answer, else empty
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
    List<HeardEntity> heard,
    List<LinkEvent> duplicates,
    boolean strong) {

  enum Kind {
    INDEX,
    PAIR,
    RELATED,
    DUPLICATE,
    STORY_ROOT
  }

  /** One shard's answer to a new article. */
  static LinkEvent index(
      IndexEntry self, int expected, List<HeardEntity> heard, List<LinkEvent> duplicates) {
    return new LinkEvent(
        Kind.INDEX,
        self.time(),
        "",
        0L,
        self.title(),
        0.0,
        "",
        0L,
        self.arrival(),
        expected,
        heard,
        duplicates,
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
        List.of(),
        false);
  }

  /** "My story's root is rootId": from one article to a neighbour in the same story. */
  static LinkEvent storyRoot(String from, String rootId, long rootTime) {
    return new LinkEvent(
        Kind.STORY_ROOT,
        0L,
        from,
        0L,
        "",
        0.0,
        rootId,
        rootTime,
        0L,
        0,
        List.of(),
        List.of(),
        false);
  }

  /** The shared entities of a RELATED event. */
  List<String> evidence() {
    return detail.isEmpty() ? List.of() : List.of(detail.split("\n"));
  }

  /** The format of events; 2 (with POSTINGS) was that of the enrich application's loop topic. */
  private static final int FORMAT = 3;

  static Serde<LinkEvent> serde() {
    return LinkCodec.serde(
        FORMAT, "link event", LinkEvent::sizeHint, LinkEvent::write, LinkEvent::read);
  }

  private static int sizeHint(LinkEvent e) {
    int size = 64 + e.partner.length() + length(e.partnerTitle) + length(e.detail);
    size += HeardEntity.sizeHint(e.heard);
    for (LinkEvent d : e.duplicates) {
      size += sizeHint(d);
    }
    return size;
  }

  private static void write(LinkCodec.Writer out, LinkEvent e) {
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
    HeardEntity.writeList(out, e.heard);
    out.writeVarInt(e.duplicates.size());
    for (LinkEvent d : e.duplicates) {
      write(out, d);
    }
    out.writeBoolean(e.strong);
  }

  private static LinkEvent read(LinkCodec.Reader in) {
    Kind kind = Kind.values()[in.readByte()];
    long selfTime = in.readLong();
    String partner = in.readString();
    long partnerTime = in.readLong();
    String partnerTitle = in.readString();
    double weight = in.readDouble();
    String detail = in.readString();
    long rootTime = in.readLong();
    long arrival = in.readLong();
    int expected = in.readVarInt();
    List<HeardEntity> heard = HeardEntity.readList(in);
    int n = in.readVarInt();
    List<LinkEvent> duplicates = n == 0 ? List.of() : new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      duplicates.add(read(in));
    }
    return new LinkEvent(
        kind,
        selfTime,
        partner,
        partnerTime,
        partnerTitle,
        weight,
        detail,
        rootTime,
        arrival,
        expected,
        heard,
        duplicates,
        in.readBoolean());
  }

  private static int length(String s) {
    return s == null ? 0 : s.length();
  }
}
