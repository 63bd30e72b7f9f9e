package io.newsflow.nlp.ner;

/** Weights as the decoder reads them: the trained model, or the weights being trained. */
interface Scorer {
  /** Adds the weights of {@code n} features to {@code scores} (one per label, from {@code at}). */
  void score(long[] features, int n, float[] scores, int at);

  /** The weight of label {@code next} after {@code prev} (-1: at the start of a sentence). */
  float transition(int prev, int next);
}
