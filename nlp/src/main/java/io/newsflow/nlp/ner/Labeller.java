package io.newsflow.nlp.ner;

/**
 * Labels a document's words: the body sentence by sentence, then the title, each sentence by the
 * best sequence of labels (Viterbi, first order, BILOU constraints) under the weights, remembering
 * what each sentence taught for the ones after it. Not thread-safe: one per thread.
 */
final class Labeller {
  private static final int L = Labels.COUNT;
  private static final float NEVER = Float.NEGATIVE_INFINITY;

  /** Told about each sentence once labelled, before the next is (training uses it). */
  interface Listener {
    void labelled(FieldText field, int from, int to, int[] labels, long[][] features, int[] counts);
  }

  /** ALLOWED[prev + 1][next]: whether label next may follow prev (-1: the start). */
  private static final boolean[][] ALLOWED = new boolean[L + 1][L];

  private static final boolean[] CAN_END = new boolean[L];

  /** PREDECESSORS[next]: the labels that may come right before {@code next}. */
  private static final int[][] PREDECESSORS = new int[L][];

  static {
    for (int y = 0; y < L; y++) {
      int count = 0;
      int[] ps = new int[L];
      for (int p = 0; p < L; p++) {
        if (Labels.allowed(p, y)) {
          ps[count++] = p;
        }
      }
      PREDECESSORS[y] = java.util.Arrays.copyOf(ps, count);
    }
  }

  static {
    for (int p = -1; p < L; p++) {
      for (int y = 0; y < L; y++) {
        ALLOWED[p + 1][y] = Labels.allowed(p, y);
      }
    }
    for (int y = 0; y < L; y++) {
      CAN_END[y] = Labels.canEnd(y);
    }
  }

  private final long[] buffer = new long[Features.MAX];
  private final float[] transitionBuffer = new float[(L + 1) * L];
  private float[] emissions = new float[64 * L];
  private float[] best = new float[64 * L];
  private int[] back = new int[64 * L];
  private long[][] features = new long[64][];
  private int[] counts = new int[64];

  /** Labels of the title's and the body's words. */
  record Labels2(int[] title, int[] body) {}

  Labels2 label(FieldText title, FieldText body, Scorer weights, Listener listener) {
    DocumentMemory memory = new DocumentMemory(body);
    int[] bodyLabels = label(body, memory, weights, listener);
    int[] titleLabels = label(title, memory, weights, listener);
    return new Labels2(titleLabels, bodyLabels);
  }

  private int[] label(FieldText f, DocumentMemory memory, Scorer weights, Listener listener) {
    int[] labels = new int[f.size()];
    for (int s = 0; s < f.sentenceCount(); s++) {
      int from = f.sentences[s];
      int to = f.sentences[s + 1];
      decode(f, from, to, memory, weights, labels, listener != null);
      if (listener != null) {
        listener.labelled(f, from, to, labels, features, counts);
      }
      memory.learn(f, from, to, labels);
    }
    return labels;
  }

  private void decode(
      FieldText f,
      int from,
      int to,
      DocumentMemory memory,
      Scorer weights,
      int[] labels,
      boolean keepFeatures) {
    int n = to - from;
    if (n == 0) {
      return;
    }
    ensure(n, keepFeatures);
    java.util.Arrays.fill(emissions, 0, n * L, 0f);
    for (int t = 0; t < n; t++) {
      int i = from + t;
      if (!f.open[i]) {
        counts[t] = 0;
        for (int y = 1; y < L; y++) {
          emissions[t * L + y] = NEVER;
        }
        continue;
      }
      long[] out = keepFeatures ? features[t] : buffer;
      int count = Features.of(f, i, memory, out);
      counts[t] = count;
      weights.score(out, count, emissions, t * L);
    }
    // Viterbi; a word that cannot be in a name has only O to reach
    float[] trans = transitions(weights);
    for (int y = 0; y < L; y++) {
      best[y] = ALLOWED[0][y] && emissions[y] != NEVER ? emissions[y] + trans[y] : NEVER;
      back[y] = -1;
    }
    for (int t = 1; t < n; t++) {
      int at = t * L;
      int before = at - L;
      boolean closed = counts[t] == 0 && !f.open[from + t];
      for (int y = 0; y < L; y++) {
        float e = emissions[at + y];
        float top = NEVER;
        int arg = 0;
        if (e != NEVER && !(closed && y != Labels.O)) {
          for (int p : PREDECESSORS[y]) {
            float b = best[before + p];
            if (b == NEVER) {
              continue;
            }
            float v = b + trans[(p + 1) * L + y];
            if (v > top) {
              top = v;
              arg = p;
            }
          }
        }
        best[at + y] = top == NEVER ? NEVER : top + e;
        back[at + y] = arg;
      }
    }
    float top = NEVER;
    int arg = 0;
    for (int y = 0; y < L; y++) {
      float b = best[(n - 1) * L + y];
      if (b != NEVER && CAN_END[y] && b > top) {
        top = b;
        arg = y;
      }
    }
    for (int t = n - 1; t >= 0; t--) {
      labels[from + t] = arg;
      arg = back[t * L + arg];
    }
  }

  /** The transition weights as one array, [(prev + 1) * L + next]. */
  private float[] transitions(Scorer weights) {
    if (weights instanceof NerModel model) {
      return model.transitions();
    }
    for (int p = -1; p < L; p++) {
      for (int y = 0; y < L; y++) {
        transitionBuffer[(p + 1) * L + y] = weights.transition(p, y);
      }
    }
    return transitionBuffer;
  }

  private void ensure(int n, boolean keepFeatures) {
    if (emissions.length < n * L) {
      int size = Integer.highestOneBit(n) << 1;
      emissions = new float[size * L];
      best = new float[size * L];
      back = new int[size * L];
      counts = new int[size];
      features = new long[size][];
    }
    if (keepFeatures) {
      for (int t = 0; t < n; t++) {
        if (features[t] == null) {
          features[t] = new long[Features.MAX];
        }
      }
    }
  }
}
