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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What one article knows about its links: the scores of the earlier articles it shares entities
 * with (computed once it has heard of all its entities, the best kept after), its best related
 * articles as published, its duplicates, its neighbours in its story and the story's root (the
 * earliest article reached). Internal to enrich: the value of the {@code link-article-state} store.
 */
final class ArticleLinkState {
  /** The format of the stored state; 1 (before pending entities) is not read. */
  private static final int FORMAT = 2;

  /** Another article, seen from this one. */
  static final class Partner {
    double score;
    final long time;
    final String title;
    final List<String> entities;

    Partner(double score, long time, String title, List<String> entities) {
      this.score = score;
      this.time = time;
      this.title = title;
      this.entities = entities;
    }
  }

  /** Ranks partners best first: higher score, then the smaller id. */
  static final Comparator<Map.Entry<String, Partner>> BEST_FIRST =
      Comparator.comparingDouble((Map.Entry<String, Partner> e) -> -e.getValue().score)
          .thenComparing(Map.Entry::getKey);

  String articleId;
  String title;
  long time;
  String rootId;
  long rootTime;
  String storyEmitted;

  /** The submission the scores belong to (0 before the first is known). */
  long arrival;

  /** Entities of that submission heard of so far. */
  int received;

  /** Whether every entity of the submission has been heard of and the scores published. */
  boolean complete;

  /**
   * Shared entities of the submission heard of before it was complete, kept in the pending store
   * until it is (then scored, and 0).
   */
  int pending;

  /** Scores with earlier articles, accumulated one shared entity at a time. */
  final Map<String, Partner> scores = new HashMap<>();

  /** The best related articles so far (at most top k), each as published. */
  final Map<String, Partner> related = new LinkedHashMap<>();

  /** Duplicates published: the other article and whether it is the "original" or the "copy". */
  final Map<String, String> duplicates = new LinkedHashMap<>();

  /** Neighbours in the story: told of root changes. */
  final Set<String> strong = new LinkedHashSet<>();

  /** The state of an article seen for the first time. */
  static ArticleLinkState fresh(String articleId, long time) {
    ArticleLinkState s = new ArticleLinkState();
    s.articleId = articleId;
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

  /** A new submission of the article: its scores are computed again. */
  void startSubmission(long newArrival, long newTime) {
    arrival = newArrival;
    received = 0;
    complete = false;
    pending = 0;
    scores.clear();
    if (rootId.equals(articleId)) {
      rootTime = newTime;
    }
    time = newTime;
  }

  /** Keeps the {@code max} best scores, and those of articles published as related. */
  void trimScores(int max) {
    if (scores.size() <= max) {
      return;
    }
    List<Map.Entry<String, Partner>> ranked = new ArrayList<>(scores.entrySet());
    ranked.sort(BEST_FIRST);
    for (int i = max; i < ranked.size(); i++) {
      if (!related.containsKey(ranked.get(i).getKey())) {
        scores.remove(ranked.get(i).getKey());
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
            out.writeByte(FORMAT);
            out.writeUTF(s.articleId);
            out.writeUTF(s.title == null ? "" : s.title);
            out.writeLong(s.time);
            out.writeUTF(s.rootId);
            out.writeLong(s.rootTime);
            out.writeUTF(s.storyEmitted == null ? "" : s.storyEmitted);
            out.writeLong(s.arrival);
            out.writeInt(s.received);
            out.writeBoolean(s.complete);
            out.writeInt(s.pending);
            writePartners(out, s.scores);
            writePartners(out, s.related);
            out.writeInt(s.duplicates.size());
            for (Map.Entry<String, String> e : s.duplicates.entrySet()) {
              out.writeUTF(e.getKey());
              out.writeUTF(e.getValue());
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
            int format = in.readByte();
            if (format != FORMAT) {
              throw new IllegalStateException(
                  "unknown article link state format " + format + " on " + topic);
            }
            ArticleLinkState s = new ArticleLinkState();
            s.articleId = in.readUTF();
            String title = in.readUTF();
            s.title = title.isEmpty() ? null : title;
            s.time = in.readLong();
            s.rootId = in.readUTF();
            s.rootTime = in.readLong();
            String emitted = in.readUTF();
            s.storyEmitted = emitted.isEmpty() ? null : emitted;
            s.arrival = in.readLong();
            s.received = in.readInt();
            s.complete = in.readBoolean();
            s.pending = in.readInt();
            readPartners(in, s.scores);
            readPartners(in, s.related);
            int duplicates = in.readInt();
            for (int i = 0; i < duplicates; i++) {
              s.duplicates.put(in.readUTF(), in.readUTF());
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

  private static void writePartners(DataOutputStream out, Map<String, Partner> partners)
      throws IOException {
    out.writeInt(partners.size());
    for (Map.Entry<String, Partner> e : partners.entrySet()) {
      Partner p = e.getValue();
      out.writeUTF(e.getKey());
      out.writeDouble(p.score);
      out.writeLong(p.time);
      out.writeUTF(p.title == null ? "" : p.title);
      out.writeShort(p.entities.size());
      for (String entity : p.entities) {
        out.writeUTF(entity);
      }
    }
  }

  private static void readPartners(DataInputStream in, Map<String, Partner> into)
      throws IOException {
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      String id = in.readUTF();
      double score = in.readDouble();
      long time = in.readLong();
      String title = in.readUTF();
      int entities = in.readShort();
      List<String> list = new ArrayList<>(entities);
      for (int k = 0; k < entities; k++) {
        list.add(in.readUTF());
      }
      into.put(id, new Partner(score, time, title, list));
    }
  }
}
