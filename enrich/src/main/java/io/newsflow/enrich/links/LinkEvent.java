package io.newsflow.enrich.links;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What the link processors tell the article an event is about (the key of its record): another
 * article shares an entity with it, is a near-duplicate of it, or its story has an older root.
 * Internal to enrich (repartition and loop topics), in a small binary format of its own.
 *
 * @param kind what happened
 * @param selfTime the event time of the article the record is keyed by (epoch ms)
 * @param partner the other article
 * @param partnerTime the other article's event time (epoch ms)
 * @param partnerTitle the other article's title, for readable links
 * @param weight the shared entity's weight (SHARED_ENTITY), the estimated similarity (DUPLICATE)
 * @param detail the shared entity id (SHARED_ENTITY), "original" or "copy" (DUPLICATE), the root
 *     article id (STORY_ROOT)
 * @param rootTime the root's event time (STORY_ROOT)
 */
record LinkEvent(
    Kind kind,
    long selfTime,
    String partner,
    long partnerTime,
    String partnerTitle,
    double weight,
    String detail,
    long rootTime) {

  enum Kind {
    SHARED_ENTITY,
    DUPLICATE,
    STORY_ROOT
  }

  static LinkEvent sharedEntity(long selfTime, IndexEntry partner, double weight, String entityId) {
    return new LinkEvent(
        Kind.SHARED_ENTITY,
        selfTime,
        partner.articleId(),
        partner.time(),
        partner.title(),
        weight,
        entityId,
        0L);
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
        0L);
  }

  /** "My story's root is rootId": from one article to a neighbour in the same story. */
  static LinkEvent storyRoot(String from, String rootId, long rootTime) {
    return new LinkEvent(Kind.STORY_ROOT, 0L, from, 0L, "", 0.0, rootId, rootTime);
  }

  static Serde<LinkEvent> serde() {
    Serializer<LinkEvent> serializer =
        (topic, e) -> {
          if (e == null) {
            return null;
          }
          ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
          try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeByte(e.kind.ordinal());
            out.writeLong(e.selfTime);
            out.writeUTF(e.partner);
            out.writeLong(e.partnerTime);
            out.writeUTF(e.partnerTitle == null ? "" : e.partnerTitle);
            out.writeDouble(e.weight);
            out.writeUTF(e.detail == null ? "" : e.detail);
            out.writeLong(e.rootTime);
          } catch (IOException ex) {
            throw new UncheckedIOException(ex);
          }
          return bytes.toByteArray();
        };
    Deserializer<LinkEvent> deserializer =
        (topic, data) -> {
          if (data == null) {
            return null;
          }
          try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int version = in.readByte();
            if (version != 1) {
              throw new IllegalStateException(
                  "unknown link event format " + version + " on " + topic);
            }
            Kind kind = Kind.values()[in.readByte()];
            return new LinkEvent(
                kind,
                in.readLong(),
                in.readUTF(),
                in.readLong(),
                in.readUTF(),
                in.readDouble(),
                in.readUTF(),
                in.readLong());
          } catch (IOException ex) {
            throw new UncheckedIOException(ex);
          }
        };
    return Serdes.serdeFrom(serializer, deserializer);
  }
}
