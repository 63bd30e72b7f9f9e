package io.newsflow.enrich.links;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What one article knows about its links: the articles it shares entities with and how strongly,
 * its duplicates, the neighbours in its story and the story's root (the earliest article reached).
 * Internal to enrich: the value of the {@code link-article-state} store.
 */
final class ArticleLinkState {
  /** Another article, seen from this one. */
  static final class Partner {
    double score;
    long time;
    String title;
    final Set<String> entities = new LinkedHashSet<>();
    double emittedScore;
    double similarity;
    String duplicateRole;
    boolean duplicateEmitted;

    Partner(long time, String title) {
      this.time = time;
      this.title = title;
    }
  }

  long time;
  String rootId;
  long rootTime;
  String storyEmitted;
  final Map<String, Partner> partners = new HashMap<>();
  final Set<String> strong = new LinkedHashSet<>();

  /** The state of an article seen for the first time. */
  static ArticleLinkState fresh(String articleId, long time) {
    ArticleLinkState s = new ArticleLinkState();
    s.time = time;
    s.rootId = articleId;
    s.rootTime = time;
    return s;
  }

  /**
   * Whether root (t, id) is older than this article's root: the earlier time, then the smaller id.
   */
  boolean olderThanRoot(String id, long t) {
    return t < rootTime || (t == rootTime && id.compareTo(rootId) < 0);
  }

  /** Partners in order of score, highest first (ties by id). */
  List<Map.Entry<String, Partner>> ranked() {
    List<Map.Entry<String, Partner>> all = new ArrayList<>(partners.entrySet());
    all.sort(
        Comparator.comparingDouble((Map.Entry<String, Partner> e) -> -e.getValue().score)
            .thenComparing(Map.Entry::getKey));
    return all;
  }

  /**
   * Keeps the {@code max} best partners, and every partner that is a duplicate or a story
   * neighbour.
   */
  void trim(int max) {
    if (partners.size() <= max) {
      return;
    }
    List<Map.Entry<String, Partner>> ranked = ranked();
    for (int i = max; i < ranked.size(); i++) {
      String id = ranked.get(i).getKey();
      if (!strong.contains(id) && ranked.get(i).getValue().duplicateRole == null) {
        partners.remove(id);
      }
    }
  }

  static Serde<ArticleLinkState> serde() {
    Serializer<ArticleLinkState> serializer =
        (topic, s) -> {
          if (s == null) {
            return null;
          }
          ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
          try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeLong(s.time);
            out.writeUTF(s.rootId);
            out.writeLong(s.rootTime);
            out.writeUTF(s.storyEmitted == null ? "" : s.storyEmitted);
            out.writeInt(s.partners.size());
            for (Map.Entry<String, Partner> e : s.partners.entrySet()) {
              Partner p = e.getValue();
              out.writeUTF(e.getKey());
              out.writeDouble(p.score);
              out.writeLong(p.time);
              out.writeUTF(p.title == null ? "" : p.title);
              out.writeShort(p.entities.size());
              for (String entity : p.entities) {
                out.writeUTF(entity);
              }
              out.writeDouble(p.emittedScore);
              out.writeDouble(p.similarity);
              out.writeUTF(p.duplicateRole == null ? "" : p.duplicateRole);
              out.writeBoolean(p.duplicateEmitted);
            }
            out.writeInt(s.strong.size());
            for (String id : s.strong) {
              out.writeUTF(id);
            }
          } catch (IOException ex) {
            throw new UncheckedIOException(ex);
          }
          return bytes.toByteArray();
        };
    Deserializer<ArticleLinkState> deserializer =
        (topic, data) -> {
          if (data == null) {
            return null;
          }
          try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readByte() != 1) {
              throw new IllegalStateException("unknown article link state format on " + topic);
            }
            ArticleLinkState s = new ArticleLinkState();
            s.time = in.readLong();
            s.rootId = in.readUTF();
            s.rootTime = in.readLong();
            String emitted = in.readUTF();
            s.storyEmitted = emitted.isEmpty() ? null : emitted;
            int partners = in.readInt();
            for (int i = 0; i < partners; i++) {
              String id = in.readUTF();
              double score = in.readDouble();
              Partner p = new Partner(in.readLong(), in.readUTF());
              p.score = score;
              int entities = in.readShort();
              for (int k = 0; k < entities; k++) {
                p.entities.add(in.readUTF());
              }
              p.emittedScore = in.readDouble();
              p.similarity = in.readDouble();
              String role = in.readUTF();
              p.duplicateRole = role.isEmpty() ? null : role;
              p.duplicateEmitted = in.readBoolean();
              s.partners.put(id, p);
            }
            int strong = in.readInt();
            for (int i = 0; i < strong; i++) {
              s.strong.add(in.readUTF());
            }
            return s;
          } catch (IOException ex) {
            throw new UncheckedIOException(ex);
          }
        };
    return Serdes.serdeFrom(serializer, deserializer);
  }
}
