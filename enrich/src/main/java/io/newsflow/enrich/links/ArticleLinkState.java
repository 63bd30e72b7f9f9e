package io.newsflow.enrich.links;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;

/**
 * What one article knows about its links: the scores of the earlier articles it shares entities
 * with (computed once every shard of the link index has answered, the best kept after), its best
 * related articles as published, its duplicates, its neighbours in its story and the story's root
 * (the earliest article reached). Internal to link building: the value of the {@code
 * link-article-state} store.
 */
final class ArticleLinkState {
  /**
   * The format of the stored state; 1 (before pending entities), 2 (DataOutputStream) and 3 (every
   * part decoded at once) are not read.
   */
  private static final int FORMAT = 4;

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

  /** Answers of the link index (INDEX records) to that submission so far. */
  int received;

  /** Whether every shard has answered the submission and the scores are published. */
  boolean complete;

  /**
   * Shared entities of the submission heard of before it was complete, kept in the pending store
   * until it is (then scored, and 0).
   */
  int pending;

  /*
   * The sections below are decoded from the stored bytes when first used: most records an article
   * receives once complete (scores told by later articles, story roots, duplicates), and the
   * sweep, need neither its scores nor some of the rest, and a section not decoded is written back
   * as it was read. Null while not decoded.
   */
  private Map<String, Partner> scores;
  private Map<String, Partner> related;
  private Map<String, String> duplicates;
  private Set<String> strong;

  /** The bytes this state was read from, and where its two sections start in them. */
  private byte[] encoded;

  private int linksAt;
  private int scoresAt;

  /** Scores with earlier articles: the best once complete, and those published as related. */
  Map<String, Partner> scores() {
    if (scores == null) {
      scores = new HashMap<>();
      readPartners(new LinkCodec.Reader(encoded, scoresAt), scores);
    }
    return scores;
  }

  /** The best related articles so far (at most top k), each as published. */
  Map<String, Partner> related() {
    decodeLinks();
    return related;
  }

  /** Duplicates published: the other article and whether it is the "original" or the "copy". */
  Map<String, String> duplicates() {
    decodeLinks();
    return duplicates;
  }

  /** Neighbours in the story: told of root changes. */
  Set<String> strong() {
    decodeLinks();
    return strong;
  }

  private void decodeLinks() {
    if (related != null) {
      return;
    }
    related = new LinkedHashMap<>();
    duplicates = new LinkedHashMap<>();
    strong = new LinkedHashSet<>();
    LinkCodec.Reader in = new LinkCodec.Reader(encoded, linksAt);
    readPartners(in, related);
    int n = in.readVarInt();
    for (int i = 0; i < n; i++) {
      duplicates.put(in.readString(), in.readString());
    }
    n = in.readVarInt();
    for (int i = 0; i < n; i++) {
      strong.add(in.readString());
    }
  }

  /** The state of an article seen for the first time. */
  static ArticleLinkState fresh(String articleId, long time) {
    ArticleLinkState s = new ArticleLinkState();
    s.articleId = articleId;
    s.time = time;
    s.rootId = articleId;
    s.rootTime = time;
    s.scores = new HashMap<>();
    s.related = new LinkedHashMap<>();
    s.duplicates = new LinkedHashMap<>();
    s.strong = new LinkedHashSet<>();
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
    scores = new HashMap<>(); // not decoded: they are computed again
    if (rootId.equals(articleId)) {
      rootTime = newTime;
    }
    time = newTime;
  }

  /** Keeps the {@code max} best scores, and those of articles published as related. */
  void trimScores(int max) {
    Map<String, Partner> scores = scores();
    if (scores.size() <= max) {
      return;
    }
    List<Map.Entry<String, Partner>> ranked = new ArrayList<>(scores.entrySet());
    ranked.sort(BEST_FIRST);
    for (int i = max; i < ranked.size(); i++) {
      if (!related().containsKey(ranked.get(i).getKey())) {
        scores.remove(ranked.get(i).getKey());
      }
    }
  }

  static Serde<ArticleLinkState> serde() {
    return LinkCodec.serde(
        FORMAT,
        "article link state",
        ArticleLinkState::sizeHint,
        ArticleLinkState::write,
        ArticleLinkState::read);
  }

  private static void write(LinkCodec.Writer out, ArticleLinkState s) {
    out.writeString(s.articleId);
    out.writeString(s.title);
    out.writeLong(s.time);
    out.writeString(s.rootId);
    out.writeLong(s.rootTime);
    out.writeString(s.storyEmitted);
    out.writeLong(s.arrival);
    out.writeVarInt(s.received);
    out.writeBoolean(s.complete);
    out.writeVarInt(s.pending);
    // links: related, duplicates, neighbours; their length first, so that they can be skipped
    int lengthAt = out.position();
    out.writeInt(0);
    if (s.related == null) {
      out.writeBytes(s.encoded, s.linksAt, s.scoresAt - s.linksAt);
    } else {
      writePartners(out, s.related);
      out.writeVarInt(s.duplicates.size());
      for (Map.Entry<String, String> e : s.duplicates.entrySet()) {
        out.writeString(e.getKey());
        out.writeString(e.getValue());
      }
      out.writeVarInt(s.strong.size());
      for (String id : s.strong) {
        out.writeString(id);
      }
    }
    out.setInt(lengthAt, out.position() - lengthAt - 4);
    // scores, to the end
    if (s.scores == null) {
      out.writeBytes(s.encoded, s.scoresAt, s.encoded.length - s.scoresAt);
    } else {
      writePartners(out, s.scores);
    }
  }

  private static ArticleLinkState read(LinkCodec.Reader in) {
    ArticleLinkState s = new ArticleLinkState();
    s.articleId = in.readString();
    String title = in.readString();
    s.title = title.isEmpty() ? null : title;
    s.time = in.readLong();
    s.rootId = in.readString();
    s.rootTime = in.readLong();
    String emitted = in.readString();
    s.storyEmitted = emitted.isEmpty() ? null : emitted;
    s.arrival = in.readLong();
    s.received = in.readVarInt();
    s.complete = in.readBoolean();
    s.pending = in.readVarInt();
    int links = in.readInt();
    s.encoded = in.data();
    s.linksAt = in.position();
    s.scoresAt = s.linksAt + links;
    return s;
  }

  /**
   * About the bytes of this state written: what it was read from when it was, else a guess from
   * what it holds; the buffer grows if it is short.
   */
  private int sizeHint() {
    if (encoded != null) {
      return encoded.length + 256;
    }
    return 128
        + 2 * articleId.length()
        + (title == null ? 0 : title.length())
        + 128 * (scores.size() + related.size())
        + 48 * (duplicates.size() + strong.size());
  }

  private static void writePartners(LinkCodec.Writer out, Map<String, Partner> partners) {
    out.writeVarInt(partners.size());
    for (Map.Entry<String, Partner> e : partners.entrySet()) {
      Partner p = e.getValue();
      out.writeString(e.getKey());
      out.writeDouble(p.score);
      out.writeLong(p.time);
      out.writeString(p.title);
      out.writeVarInt(p.entities.size());
      for (String entity : p.entities) {
        out.writeString(entity);
      }
    }
  }

  private static void readPartners(LinkCodec.Reader in, Map<String, Partner> into) {
    int n = in.readVarInt();
    for (int i = 0; i < n; i++) {
      String id = in.readString();
      double score = in.readDouble();
      long time = in.readLong();
      String title = in.readString();
      int entities = in.readVarInt();
      List<String> list = new ArrayList<>(entities);
      for (int k = 0; k < entities; k++) {
        list.add(in.readString());
      }
      into.put(id, new Partner(score, time, title, list));
    }
  }
}
