package io.newsflow.eval.corpus;

import io.newsflow.eval.DocumentCleaner;
import io.newsflow.eval.EvalDocument;
import io.newsflow.nlp.corpus.ReutersCorpus;
import io.newsflow.nlp.corpus.ReutersDocument;
import io.newsflow.nlp.text.TextCleaner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Draws the Reuters-21578 documents of the annotated corpus and splits them into test, dev and
 * train by document: a seeded shuffle of the documents whose cleaned body has between {@code
 * minWords} and {@code maxWords} words, skipping every document that shares a third or more of its
 * five-word shingles with one already drawn or with an excluded one (Reuters repeats stories, and a
 * repeat on both sides of a split would leak). Test is drawn first, then dev, then train.
 */
final class CorpusSelection {
  static final double NEAR_DUPLICATE = 0.3;
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

  private final int minWords;
  private final int maxWords;

  CorpusSelection(int minWords, int maxWords) {
    this.minWords = minWords;
    this.maxWords = maxWords;
  }

  /**
   * The split: set name to document ids, in drawing order.
   *
   * @param sizes set names to sizes, in the order they are drawn
   * @param excluded ids that must not be drawn, nor anything near them
   */
  Map<String, List<String>> select(
      ReutersCorpus corpus, Map<String, Integer> sizes, Set<String> excluded, long seed) {
    DocumentCleaner cleaner = new DocumentCleaner();
    List<ReutersDocument> pool = new ArrayList<>();
    ShingleIndex taken = new ShingleIndex();
    for (ReutersDocument doc : corpus.documents()) {
      if (doc.body().isBlank()) {
        continue;
      }
      EvalDocument clean = cleaner.clean(doc);
      if (excluded.contains(doc.id())) {
        taken.add(shingles(clean.cleanText()));
        continue;
      }
      int words = TextCleaner.wordCount(clean.cleanText());
      if (words >= minWords && words <= maxWords) {
        pool.add(doc);
      }
    }
    Collections.shuffle(pool, new Random(seed));
    Map<String, List<String>> split = new LinkedHashMap<>();
    int next = 0;
    for (Map.Entry<String, Integer> set : sizes.entrySet()) {
      List<String> ids = new ArrayList<>();
      while (ids.size() < set.getValue()) {
        if (next >= pool.size()) {
          throw new IllegalStateException(
              "not enough distinct documents for set " + set.getKey() + ": " + ids.size());
        }
        ReutersDocument doc = pool.get(next++);
        Set<Long> sh = shingles(cleaner.clean(doc).cleanText());
        if (taken.maxOverlap(sh) >= NEAR_DUPLICATE) {
          continue;
        }
        taken.add(sh);
        ids.add(doc.id());
      }
      split.put(set.getKey(), ids);
    }
    return split;
  }

  static Set<Long> shingles(String text) {
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
    while (m.find()) {
      words.add(m.group());
    }
    Set<Long> out = new HashSet<>();
    for (int i = 0; i + 5 <= words.size(); i++) {
      long h = 1125899906842597L;
      for (int k = i; k < i + 5; k++) {
        h = 31 * h + words.get(k).hashCode();
      }
      out.add(h);
    }
    if (out.isEmpty() && !words.isEmpty()) {
      out.add((long) String.join(" ", words).hashCode());
    }
    return out;
  }

  /** Shingle sets of the documents taken so far, indexed by shingle. */
  private static final class ShingleIndex {
    private final List<Set<Long>> docs = new ArrayList<>();
    private final Map<Long, List<Integer>> postings = new HashMap<>();

    void add(Set<Long> shingles) {
      int id = docs.size();
      docs.add(shingles);
      for (Long s : shingles) {
        postings.computeIfAbsent(s, k -> new ArrayList<>()).add(id);
      }
    }

    /** The largest Jaccard similarity of {@code shingles} with a document taken. */
    double maxOverlap(Set<Long> shingles) {
      Map<Integer, Integer> common = new HashMap<>();
      for (Long s : shingles) {
        for (int d : postings.getOrDefault(s, List.of())) {
          common.merge(d, 1, Integer::sum);
        }
      }
      double best = 0;
      for (Map.Entry<Integer, Integer> e : common.entrySet()) {
        int union = shingles.size() + docs.get(e.getKey()).size() - e.getValue();
        best = Math.max(best, e.getValue() / (double) union);
      }
      return best;
    }
  }
}
