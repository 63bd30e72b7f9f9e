package io.newsflow.nlp.ner;

import java.util.Arrays;

/**
 * Weights while they are trained: an averaged perceptron's current weights and the running sums
 * that give their average (each update adds {@code step * delta} to the sum, and the average is
 * {@code w - sum / step} at the end). Features get a row when first updated.
 */
final class TrainingWeights implements Scorer {
  private static final int L = Labels.COUNT;

  private long[] keys = new long[1 << 16];
  private int[] rows = new int[1 << 16];
  private int size;
  private float[] w = new float[(1 << 12) * L];
  private double[] sums = new double[(1 << 12) * L];
  private final float[] trans = new float[(L + 1) * L];
  private final double[] transSums = new double[(L + 1) * L];
  private long step = 1;

  TrainingWeights() {
    Arrays.fill(rows, -1);
  }

  void nextStep() {
    step++;
  }

  private int find(long key) {
    int mask = keys.length - 1;
    int slot = (int) key & mask;
    int row;
    while ((row = rows[slot]) != -1) {
      if (keys[slot] == key) {
        return row;
      }
      slot = (slot + 1) & mask;
    }
    return -1;
  }

  private int rowOf(long key) {
    int row = find(key);
    if (row >= 0) {
      return row;
    }
    if (size * 2 >= keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    int slot = (int) key & mask;
    while (rows[slot] != -1) {
      slot = (slot + 1) & mask;
    }
    keys[slot] = key;
    rows[slot] = size;
    if ((size + 1) * L > w.length) {
      w = Arrays.copyOf(w, w.length * 2);
      sums = Arrays.copyOf(sums, sums.length * 2);
    }
    return size++;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldRows = rows;
    keys = new long[oldKeys.length * 2];
    rows = new int[oldRows.length * 2];
    Arrays.fill(rows, -1);
    int mask = keys.length - 1;
    for (int s = 0; s < oldKeys.length; s++) {
      if (oldRows[s] != -1) {
        int slot = (int) oldKeys[s] & mask;
        while (rows[slot] != -1) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = oldKeys[s];
        rows[slot] = oldRows[s];
      }
    }
  }

  @Override
  public void score(long[] features, int n, float[] scores, int at) {
    for (int k = 0; k < n; k++) {
      int row = find(features[k]);
      if (row >= 0) {
        int base = row * L;
        for (int y = 0; y < L; y++) {
          scores[at + y] += w[base + y];
        }
      }
    }
  }

  @Override
  public float transition(int prev, int next) {
    return trans[(prev + 1) * L + next];
  }

  void update(long[] features, int n, int label, float delta) {
    for (int k = 0; k < n; k++) {
      int i = rowOf(features[k]) * L + label;
      w[i] += delta;
      sums[i] += step * (double) delta;
    }
  }

  void updateTransition(int prev, int next, float delta) {
    int i = (prev + 1) * L + next;
    trans[i] += delta;
    transSums[i] += step * (double) delta;
  }

  int size() {
    return size;
  }

  /**
   * The averaged weights as a model, without the features whose averaged weights are all below
   * {@code minWeight} in magnitude.
   */
  NerModel average(float minWeight) {
    long[] order = new long[size];
    int k = 0;
    for (int s = 0; s < keys.length; s++) {
      if (rows[s] != -1) {
        order[k++] = keys[s];
      }
    }
    Arrays.sort(order);
    float[] avg = new float[size * L];
    long[] kept = new long[size];
    int keptCount = 0;
    for (long key : order) {
      int row = find(key);
      float max = 0;
      for (int y = 0; y < L; y++) {
        float a = (float) (w[row * L + y] - sums[row * L + y] / step);
        avg[keptCount * L + y] = a;
        max = Math.max(max, Math.abs(a));
      }
      if (max >= minWeight) {
        kept[keptCount++] = key;
      }
    }
    float[] transitions = new float[trans.length];
    for (int i = 0; i < trans.length; i++) {
      transitions[i] = (float) (trans[i] - transSums[i] / step);
    }
    return new NerModel(
        Arrays.copyOf(kept, keptCount), Arrays.copyOf(avg, keptCount * L), transitions);
  }
}
