package io.newsflow.eval;

/**
 * True positives, false positives and misses (false negatives), and the precision, recall and F1
 * they give. A ratio whose denominator is zero is 0 (see {@link #hasSystem}, {@link #hasGold}).
 */
public record Counts(int tp, int fp, int fn) {
  public static final Counts ZERO = new Counts(0, 0, 0);

  public Counts {
    if (tp < 0 || fp < 0 || fn < 0) {
      throw new IllegalArgumentException(
          "counts must not be negative: " + tp + "/" + fp + "/" + fn);
    }
  }

  public Counts plus(Counts other) {
    return new Counts(tp + other.tp, fp + other.fp, fn + other.fn);
  }

  /** Entities the system found. */
  public int system() {
    return tp + fp;
  }

  /** Entities in the gold annotation. */
  public int gold() {
    return tp + fn;
  }

  public boolean hasSystem() {
    return system() > 0;
  }

  public boolean hasGold() {
    return gold() > 0;
  }

  /** TP / system entities. */
  public double precision() {
    return system() == 0 ? 0 : (double) tp / system();
  }

  /** TP / gold entities. */
  public double recall() {
    return gold() == 0 ? 0 : (double) tp / gold();
  }

  /** The harmonic mean of precision and recall, 2·TP / (system + gold). */
  public double f1() {
    int denominator = system() + gold();
    return denominator == 0 ? 0 : 2.0 * tp / denominator;
  }
}
