package io.newsflow.enrich.links;

import io.newsflow.kb.AliasKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * MinHash signatures of texts over word 3-shingles, and their LSH bands: two texts whose shingle
 * sets overlap by a Jaccard similarity J agree on each signature value with probability J, and
 * share at least one of {@value #BANDS} bands of {@value #ROWS} values with probability {@code 1 -
 * (1 - J^3)^12}: above 0.99 at J = 0.7 and 0.8 (syndicated copies, light rewrites), 0.94 at J =
 * 0.6, 0.80 at J = 0.5. Articles that share a band meet in its bucket; the signature then estimates
 * J. Until issue 13 there were 21 bands (0.94 at J = 0.5) and 63 values; each band is a key of the
 * link index that every article reads and writes, so fewer bands cost less per article and lose
 * some pairs of similarity 0.5-0.6.
 */
final class MinHash {
  static final int BANDS = 12;
  static final int ROWS = 3;
  static final int SIZE = BANDS * ROWS;
  private static final int SHINGLE = 3;
  private static final long[] SEEDS = new long[SIZE];
  private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

  static {
    long x = 0x9E3779B97F4A7C15L;
    for (int i = 0; i < SIZE; i++) {
      x += 0x9E3779B97F4A7C15L;
      SEEDS[i] = mix(x);
    }
  }

  private MinHash() {}

  /** The signature of a text, or an empty array when it has fewer words than a shingle. */
  static int[] signature(String text) {
    List<Long> shingles = shingles(text);
    if (shingles.isEmpty()) {
      return new int[0];
    }
    int[] sig = new int[SIZE];
    java.util.Arrays.fill(sig, Integer.MAX_VALUE);
    for (long shingle : shingles) {
      for (int i = 0; i < SIZE; i++) {
        int h = (int) (mix(shingle ^ SEEDS[i]) >>> 33);
        if (h < sig[i]) {
          sig[i] = h;
        }
      }
    }
    return sig;
  }

  /** The estimated Jaccard similarity of two signatures: the share of equal values. */
  static double similarity(int[] a, int[] b) {
    if (a.length != SIZE || b.length != SIZE) {
      return 0;
    }
    int same = 0;
    for (int i = 0; i < SIZE; i++) {
      if (a[i] == b[i]) {
        same++;
      }
    }
    return (double) same / SIZE;
  }

  /** The band keys of a signature: "b<band>:<hash of its rows>". */
  static List<String> bands(int[] sig) {
    List<String> keys = new ArrayList<>(BANDS);
    if (sig.length != SIZE) {
      return keys;
    }
    for (int b = 0; b < BANDS; b++) {
      long h = b;
      for (int r = 0; r < ROWS; r++) {
        h = mix(h * 31 + sig[b * ROWS + r]);
      }
      keys.add("b" + b + ":" + Long.toHexString(h));
    }
    return keys;
  }

  private static List<Long> shingles(String text) {
    List<String> words = new ArrayList<>();
    for (String w : NON_WORD.split(text.toLowerCase(Locale.ROOT))) {
      if (!w.isEmpty()) {
        words.add(w);
      }
    }
    List<Long> out = new ArrayList<>(Math.max(0, words.size() - SHINGLE + 1));
    for (int i = 0; i + SHINGLE <= words.size(); i++) {
      long h = AliasKeys.start();
      for (int k = 0; k < SHINGLE; k++) {
        h = AliasKeys.extend(AliasKeys.extend(h, words.get(i + k)), ' ');
      }
      out.add(AliasKeys.finish(h));
    }
    return out;
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
