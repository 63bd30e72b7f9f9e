package io.newsflow.eval;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A 95% bootstrap interval of a system's overall F1: the documents are drawn with replacement
 * {@value #RESAMPLES} times (seeded, so the same scores give the same interval), the micro-averaged
 * F1 of each draw computed, and the 2.5th and 97.5th percentiles reported.
 */
public final class Bootstrap {
  static final int RESAMPLES = 1000;
  private static final long SEED = 20261206L;

  /** A lower and an upper bound. */
  public record Interval(double low, double high) {}

  private Bootstrap() {}

  public static Interval overallF1(Scoreboard scores) {
    List<DocumentScore> docs = scores.documents();
    int n = docs.size();
    if (n == 0) {
      return new Interval(0, 0);
    }
    int[] tp = new int[n];
    int[] system = new int[n];
    int[] gold = new int[n];
    for (int i = 0; i < n; i++) {
      Counts c = docs.get(i).overall();
      tp[i] = c.tp();
      system[i] = c.system();
      gold[i] = c.gold();
    }
    Random random = new Random(SEED);
    double[] f1 = new double[RESAMPLES];
    for (int r = 0; r < RESAMPLES; r++) {
      long t = 0;
      long s = 0;
      long g = 0;
      for (int k = 0; k < n; k++) {
        int d = random.nextInt(n);
        t += tp[d];
        s += system[d];
        g += gold[d];
      }
      f1[r] = s + g == 0 ? 0 : 2.0 * t / (s + g);
    }
    Arrays.sort(f1);
    return new Interval(f1[(int) (RESAMPLES * 0.025)], f1[(int) (RESAMPLES * 0.975) - 1]);
  }
}
