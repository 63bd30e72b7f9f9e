package io.newsflow.eval.quotes;

import io.newsflow.avro.Quote;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Aligns a document's system quotes to its gold quotes and judges the speakers.
 *
 * <p><b>Alignment.</b> A system quote aligns to a gold quote when their fingerprints are equal (the
 * one at the gold offsets when the same words occur twice); else when the gold quote's offsets
 * still hold (the clean text between them has the gold fingerprint), a system quote overlapping
 * them whose words contain the gold words or are contained in them ("we agreed" in a longer quote,
 * a block quote one paragraph shorter than the gold one). Each system quote aligns at most once;
 * among several, the one sharing most characters wins.
 *
 * <p><b>Speaker.</b> For a named gold speaker, the system's {@code speakerName} or the name of its
 * speaker entity must be the gold name, case and punctuation aside, or all of one's words must be
 * among the other's ("Kerry" = "John Kerry", "The Times" = "The New York Times"), accents aside.
 * For an unnamed gold speaker ("an unnamed official"), the system must give a speaker without an
 * entity whose name has the same head noun ("a top administration official"; plural and
 * "spokesman/woman/ person" aside).
 */
public final class QuoteScorer {
  private static final Set<String> TITLES =
      Set.of("the", "mr", "mrs", "ms", "dr", "sir", "lord", "sen", "rep", "gov", "gen");

  private QuoteScorer() {}

  /** A gold quote and the system quote aligned to it (null when none). */
  public record Alignment(GoldQuote gold, Quote system) {}

  /**
   * Aligns the gold quotes of one document to its system quotes.
   *
   * @param cleanText the document's clean text, to recover gold spans for containment
   */
  public static List<Alignment> align(List<GoldQuote> gold, List<Quote> system, String cleanText) {
    Set<Integer> used = new HashSet<>();
    List<Alignment> out = new ArrayList<>(gold.size());
    for (GoldQuote g : gold) {
      String goldWords = goldWords(g, cleanText);
      int best = -1;
      for (int i = 0; i < system.size(); i++) {
        Quote q = system.get(i);
        if (used.contains(i) || !QuoteFingerprint.of(q.getText()).equals(g.fingerprint())) {
          continue;
        }
        // the same words twice in a text: the copy at the gold offsets
        boolean there = goldWords != null && q.getStart() < g.end() && g.start() < q.getEnd();
        if (best < 0 || there) {
          best = i;
        }
        if (there) {
          break;
        }
      }
      if (best < 0 && goldWords != null) {
        int bestOverlap = 0;
        for (int i = 0; i < system.size(); i++) {
          Quote q = system.get(i);
          int overlap = Math.min(q.getEnd(), g.end()) - Math.max(q.getStart(), g.start());
          if (used.contains(i) || overlap <= bestOverlap) {
            continue;
          }
          String words = " " + QuoteFingerprint.normalize(q.getText()) + " ";
          String goldPadded = " " + goldWords + " ";
          if (words.isBlank()) {
            continue;
          }
          if (words.contains(goldPadded) || goldPadded.contains(words)) {
            best = i;
            bestOverlap = overlap;
          }
        }
      }
      if (best >= 0) {
        used.add(best);
      }
      out.add(new Alignment(g, best < 0 ? null : system.get(best)));
    }
    return out;
  }

  /** The gold quote's words, when its offsets still point at text with its fingerprint. */
  static String goldWords(GoldQuote g, String cleanText) {
    if (g.start() < 0 || g.end() > cleanText.length() || g.start() >= g.end()) {
      return null;
    }
    String text = cleanText.substring(g.start(), g.end());
    return QuoteFingerprint.of(text).equals(g.fingerprint())
        ? QuoteFingerprint.normalize(text)
        : null;
  }

  /** Whether the system quote has a speaker at all. */
  public static boolean hasSpeaker(Quote q) {
    return q.getSpeakerName() != null || q.getSpeakerId() != null;
  }

  /**
   * Whether the system quote's speaker is the gold one.
   *
   * @param entityNames canonical names of the document's entities, by id
   */
  public static boolean sameSpeaker(GoldQuote gold, Quote q, Map<String, String> entityNames) {
    if (!hasSpeaker(q)) {
      return false;
    }
    if (!gold.named()) {
      return q.getSpeakerId() == null
          && q.getSpeakerName() != null
          && head(q.getSpeakerName()).equals(head(gold.speaker()));
    }
    if (q.getSpeakerName() != null && sameName(q.getSpeakerName(), gold.speaker())) {
      return true;
    }
    String entityName = q.getSpeakerId() == null ? null : entityNames.get(q.getSpeakerId());
    return entityName != null && sameName(entityName, gold.speaker());
  }

  /** Equal names, or all words of one among the other's: "Kerry" and "John Kerry". */
  static boolean sameName(String a, String b) {
    List<String> x = nameWords(a);
    List<String> y = nameWords(b);
    if (x.isEmpty() || y.isEmpty()) {
      return false;
    }
    List<String> shorter = x.size() <= y.size() ? x : y;
    List<String> longer = x.size() <= y.size() ? y : x;
    return longer.containsAll(shorter);
  }

  private static List<String> nameWords(String name) {
    List<String> words = new ArrayList<>();
    String plain = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    for (String w : QuoteFingerprint.normalize(plain).split(" ")) {
      if (!w.isEmpty() && !TITLES.contains(w)) {
        words.add(w);
      }
    }
    return words;
  }

  /**
   * The head noun of a description, singular: "officials" and "a senior official" give official.
   */
  static String head(String description) {
    String words = QuoteFingerprint.normalize(description);
    String last = words.substring(words.lastIndexOf(' ') + 1);
    if (last.startsWith("spokes")) {
      return "spokes";
    }
    if (last.endsWith("men")) {
      return last.substring(0, last.length() - 3) + "man";
    }
    if (last.endsWith("s") && !last.endsWith("ss")) {
      return last.substring(0, last.length() - 1);
    }
    return last.toLowerCase(Locale.ROOT);
  }
}
