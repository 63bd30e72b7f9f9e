package io.newsflow.nlp.ner;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The trained weights of the recogniser: per feature hash, one weight per label, and the weights of
 * going from one label to the next. Immutable; read from and written to a gzip'd binary file
 * ({@value #MAGIC}, the feature version, the labels, the transitions, then each feature's hash and
 * weights in increasing order of hash).
 */
public final class NerModel implements Scorer {
  static final String MAGIC = "newsflow-ner";
  static final int FORMAT = 1;

  /** The model that ships with newsflow, trained by the nlp module's build. */
  public static final String DEFAULT_RESOURCE = "/io/newsflow/nlp/ner/ner-model.bin.gz";

  private static final int L = Labels.COUNT;

  private final long[] sortedKeys;

  /** Open addressing: slot s holds a feature's hash at 2s and its row + 1 at 2s + 1 (0: empty). */
  private final long[] table;

  private final float[] weights;
  private final float[] transitions;
  private final int features;

  NerModel(long[] sortedKeys, float[] weightsByKey, float[] transitions) {
    this.sortedKeys = sortedKeys;
    this.features = sortedKeys.length;
    int capacity = Integer.highestOneBit(Math.max(16, features * 2 - 1)) << 1;
    this.table = new long[capacity * 2];
    this.weights = weightsByKey;
    this.transitions = transitions;
    int mask = capacity - 1;
    for (int r = 0; r < features; r++) {
      long key = sortedKeys[r];
      int slot = (int) key & mask;
      while (table[2 * slot + 1] != 0) {
        slot = (slot + 1) & mask;
      }
      table[2 * slot] = key;
      table[2 * slot + 1] = r + 1;
    }
  }

  /** A system property naming a model file to use instead of the one that ships. */
  public static final String MODEL_PROPERTY = "newsflow.ner.model";

  /** The model that ships with newsflow, or the file named by {@value #MODEL_PROPERTY}. */
  public static NerModel loadDefault() {
    String file = System.getProperty(MODEL_PROPERTY);
    if (file != null && !file.isBlank()) {
      try (InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(file))) {
        return read(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the entity model " + file, e);
      }
    }
    InputStream in = NerModel.class.getResourceAsStream(DEFAULT_RESOURCE);
    if (in == null) {
      throw new IllegalStateException(
          "the entity model "
              + DEFAULT_RESOURCE
              + " is not on the class path: build the nlp module (mvn -pl nlp -am package),"
              + " which trains it");
    }
    try (in) {
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
    }
  }

  public static NerModel read(InputStream raw) throws IOException {
    DataInputStream in =
        new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16));
    if (!MAGIC.equals(in.readUTF())) {
      throw new IOException("not a newsflow entity model");
    }
    int format = in.readInt();
    int version = in.readInt();
    int labels = in.readInt();
    if (format != FORMAT || version != Features.VERSION || labels != L) {
      throw new IOException(
          "entity model of format "
              + format
              + ", features "
              + version
              + ", "
              + labels
              + " labels; this code reads format "
              + FORMAT
              + ", features "
              + Features.VERSION
              + ", "
              + L
              + " labels: train it again (nlp/train)");
    }
    float[] transitions = new float[(L + 1) * L];
    for (int i = 0; i < transitions.length; i++) {
      transitions[i] = in.readFloat();
    }
    int n = in.readInt();
    long[] keys = new long[n];
    float[] weights = new float[n * L];
    for (int r = 0; r < n; r++) {
      keys[r] = in.readLong();
      for (int y = 0; y < L; y++) {
        weights[r * L + y] = in.readFloat();
      }
    }
    return new NerModel(keys, weights, transitions);
  }

  /**
   * The average of several models' weights (a feature a model lacks weighs 0 there), without the
   * features whose averaged weights all stay below {@code minWeight} in magnitude.
   */
  static NerModel average(java.util.List<NerModel> models, float minWeight) {
    java.util.TreeMap<Long, float[]> sums = new java.util.TreeMap<>();
    float[] transitions = new float[(L + 1) * L];
    for (NerModel m : models) {
      for (int r = 0; r < m.sortedKeys.length; r++) {
        float[] s = sums.computeIfAbsent(m.sortedKeys[r], k -> new float[L]);
        for (int y = 0; y < L; y++) {
          s[y] += m.weights[r * L + y] / models.size();
        }
      }
      for (int i = 0; i < transitions.length; i++) {
        transitions[i] += m.transitions[i] / models.size();
      }
    }
    long[] keys = new long[sums.size()];
    float[] weights = new float[sums.size() * L];
    int n = 0;
    for (java.util.Map.Entry<Long, float[]> e : sums.entrySet()) {
      float max = 0;
      for (float w : e.getValue()) {
        max = Math.max(max, Math.abs(w));
      }
      if (max >= minWeight) {
        keys[n] = e.getKey();
        System.arraycopy(e.getValue(), 0, weights, n * L, L);
        n++;
      }
    }
    return new NerModel(
        java.util.Arrays.copyOf(keys, n), java.util.Arrays.copyOf(weights, n * L), transitions);
  }

  /** Writes the model; the same weights give the same bytes. */
  public void write(OutputStream raw) throws IOException {
    GZIPOutputStream gzip = new GZIPOutputStream(raw, 1 << 16);
    DataOutputStream out = new DataOutputStream(gzip);
    out.writeUTF(MAGIC);
    out.writeInt(FORMAT);
    out.writeInt(Features.VERSION);
    out.writeInt(L);
    for (float t : transitions) {
      out.writeFloat(t);
    }
    out.writeInt(sortedKeys.length);
    for (int r = 0; r < sortedKeys.length; r++) {
      out.writeLong(sortedKeys[r]);
      for (int y = 0; y < L; y++) {
        out.writeFloat(weights[r * L + y]);
      }
    }
    out.flush();
    gzip.finish();
  }

  public int featureCount() {
    return features;
  }

  /** Adds the weights of {@code n} features to {@code scores} (one per label, from {@code at}). */
  @Override
  public void score(long[] feats, int n, float[] scores, int at) {
    int mask = (table.length >> 1) - 1;
    for (int k = 0; k < n; k++) {
      long key = feats[k];
      int slot = (int) key & mask;
      long row;
      while ((row = table[2 * slot + 1]) != 0) {
        if (table[2 * slot] == key) {
          int base = (int) (row - 1) * L;
          for (int y = 0; y < L; y++) {
            scores[at + y] += weights[base + y];
          }
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
  }

  /** The weight of label {@code next} after {@code prev} (-1: at the start of a sentence). */
  @Override
  public float transition(int prev, int next) {
    return transitions[(prev + 1) * L + next];
  }

  float[] transitions() {
    return transitions;
  }
}
