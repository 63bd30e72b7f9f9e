package io.newsflow.nlp.ner;

import java.util.Locale;

/**
 * A token the recogniser labels: a word, a number or a punctuation mark, with its offsets and the
 * properties its features ask for, computed once.
 */
public final class Word {
  public final int start;
  public final int end;
  public final String text;

  /** Lower case, as written otherwise ("u.s.", "o'neill"). */
  public final String lower;

  /** Letters and digits (and inner dots and apostrophes) rather than punctuation. */
  public final boolean word;

  /** First letter upper case. */
  public final boolean capitalized;

  /** No space before it: the second half of "Rhone-Poulenc", the "-" and the "'s" of "Kerry's". */
  public final boolean attached;

  /** Letters, and of them upper case. */
  final int letters;

  final int upper;

  /**
   * Hashes of the word's shape (upper-case letters as X, lower-case as x, digits as d, others as
   * themselves, at most 12 characters): with runs of one class cut to three, and collapsed to one.
   */
  final long shapeHash;

  final long shortShapeHash;

  /** First word of a sentence (or of a line, a paragraph, a headline). */
  boolean sentenceStart;

  Word(String source, int start, int end, boolean word, boolean attached) {
    this.start = start;
    this.end = end;
    this.text = source.substring(start, end);
    this.lower = text.toLowerCase(Locale.ROOT);
    this.word = word;
    this.attached = attached;
    int letters = 0;
    int upper = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isLetter(c)) {
        letters++;
        if (Character.isUpperCase(c)) {
          upper++;
        }
      }
    }
    this.letters = letters;
    this.upper = upper;
    this.capitalized = word && Character.isUpperCase(text.charAt(0));
    this.shapeHash = shapeHash(text, false);
    this.shortShapeHash = shapeHash(text, true);
  }

  boolean hasUpper() {
    return upper > 0;
  }

  /** The hash of the word's shape, computed without building it. */
  static long shapeHash(String text, boolean collapse) {
    long h = 0xcbf29ce484222325L;
    char last = 0;
    int run = 0;
    int written = 0;
    for (int i = 0; i < text.length() && written < 12; i++) {
      char c = text.charAt(i);
      char s =
          Character.isUpperCase(c)
              ? 'X'
              : Character.isLowerCase(c) ? 'x' : Character.isDigit(c) ? 'd' : c;
      run = s == last ? run + 1 : 1;
      last = s;
      if (run <= (collapse ? 1 : 3)) {
        h ^= s;
        h *= 0x100000001b3L;
        written++;
      }
    }
    return Hashes.mix(h);
  }

  public boolean sentenceStart() {
    return sentenceStart;
  }

  /** Whether this is the one-character punctuation mark {@code c}. */
  public boolean is(char c) {
    return !word && text.length() == 1 && text.charAt(0) == c;
  }

  @Override
  public String toString() {
    return text;
  }
}
