package io.newsflow.nlp.entities;

import io.newsflow.kb.AliasKeys;
import java.util.Locale;

/** A word or punctuation mark of a text, with what the extractor asks of it precomputed. */
final class Token {
  final int start;
  final int end;
  final String text;

  /** The word as a name key ({@link AliasKeys#normalize}); may hold spaces ("al-Qaeda"). */
  final String key;

  /** Lower case, without a final dot. */
  final String lower;

  final boolean word;

  /** First letter upper case ("Kerry", "U.S.", "McDonald"). */
  final boolean capitalized;

  /** At least two letters, all upper case ("OPEC", "U.S."). */
  final boolean allCaps;

  /** Hyphenated with a lower-case part ("Russian-backed", "near-term"): a word, not a name. */
  final boolean hyphenLower;

  boolean sentenceStart;

  Token(String source, int start, int end, boolean word) {
    this.start = start;
    this.end = end;
    this.text = source.substring(start, end);
    this.word = word;
    String t = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    this.lower = t.toLowerCase(Locale.ROOT);
    this.key = word ? AliasKeys.normalize(text) : "";
    int letters = 0;
    int upper = 0;
    boolean lowerAfterHyphen = false;
    boolean afterHyphen = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isLetter(c)) {
        letters++;
        if (Character.isUpperCase(c)) {
          upper++;
        } else if (afterHyphen) {
          lowerAfterHyphen = true;
        }
        afterHyphen = false;
      } else if (c == '-') {
        afterHyphen = true;
      }
    }
    char first = text.charAt(0);
    this.capitalized = word && (Character.isUpperCase(first) || particleName(text));
    this.allCaps = word && letters >= 2 && upper == letters;
    this.hyphenLower =
        word && lowerAfterHyphen && !allCaps && !text.startsWith("al-") && !text.startsWith("el-");
  }

  /** "al-Assad", "el-Sisi", "bin-Talal": a lower-case particle, a hyphen, a capitalised name. */
  private static boolean particleName(String text) {
    int hyphen = text.indexOf('-');
    return hyphen >= 2
        && hyphen <= 3
        && hyphen + 1 < text.length()
        && Character.isUpperCase(text.charAt(hyphen + 1))
        && Lexicon.CONNECTORS.contains(text.substring(0, hyphen).toLowerCase(Locale.ROOT));
  }

  boolean isPunct(char c) {
    return !word && text.length() == 1 && text.charAt(0) == c;
  }

  /** Starts with a digit. */
  boolean numeric() {
    return word && Character.isDigit(text.charAt(0));
  }

  @Override
  public String toString() {
    return text;
  }
}
