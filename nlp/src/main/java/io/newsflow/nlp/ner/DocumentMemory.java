package io.newsflow.nlp.ner;

/**
 * What labelling a document has taught about its words so far: which words its body writes in lower
 * case (a capitalised "Reading" at a sentence start is then the verb), which it capitalises inside
 * sentences (a headline in capitals names them), and the types the recogniser gave each word in the
 * sentences already labelled ("Kerry" after "John Kerry").
 */
final class DocumentMemory {
  static final int SEEN_OUTSIDE = 1 << 6;

  /** Hashes of the words ({@link FieldText#lower}) the body writes in lower case. */
  final LongIntMap lowerInBody = new LongIntMap(256);

  /** Hashes of the words the body capitalises inside sentences. */
  final LongIntMap capitalisedInBody = new LongIntMap(256);

  private final LongIntMap labels = new LongIntMap(64);

  DocumentMemory(FieldText body) {
    if (body.caps) {
      return;
    }
    for (int i = 0; i < body.size(); i++) {
      Word w = body.words.get(i);
      if (!w.word) {
        continue;
      }
      if (!w.capitalized) {
        if (Character.isLetter(w.text.charAt(0))) {
          lowerInBody.or(body.lower[i], 1);
        }
      } else if (!w.sentenceStart()) {
        capitalisedInBody.or(body.lower[i], 1);
      }
    }
  }

  /**
   * Bits 0-2: types the word was labelled with as a name of one word; bits 3-5: as a word of a
   * longer name; {@link #SEEN_OUTSIDE}: capitalised, no type.
   */
  int labels(long lowerHash) {
    return labels.get(lowerHash);
  }

  /** Remembers the labels given to the words [from, to) of a field. */
  void learn(FieldText field, int from, int to, int[] labels) {
    for (int i = from; i < to; i++) {
      Word w = field.words.get(i);
      if (!w.word || !(w.capitalized || field.caps)) {
        continue;
      }
      int label = labels[i];
      int bit =
          label == Labels.O
              ? SEEN_OUTSIDE
              : 1 << (Labels.type(label) + (Labels.position(label) == Labels.U ? 0 : 3));
      if (label == Labels.O && w.sentenceStart()) {
        continue;
      }
      this.labels.or(field.lower[i], bit);
    }
  }
}
