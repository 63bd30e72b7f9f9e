package io.newsflow.nlp.ner;

import io.newsflow.kb.AliasKeys;
import java.util.List;

/**
 * One field of a document (its title or its body) made ready for labelling: its words, the hashes
 * and word classes the features read, the knowledge base's names over it, and where its sentences
 * start.
 */
final class FieldText {
  static final int TITLE_WORD = 0;
  static final int GIVEN_NAME = 1;
  static final int ORG_HEAD = 2;
  static final int ORG_SUFFIX = 3;
  static final int LOCATION_HEAD = 4;
  static final int DEMONYM = 5;
  static final int STOPWORD = 6;
  static final int COMMON = 7;
  static final int CONNECTOR = 8;
  static final int KB_GIVEN = 9;
  static final int KB_SURNAME = 10;
  static final int PLACE_PREPOSITION = 11;
  static final int CLASSES = 12;

  final String source;
  final List<Word> words;
  final boolean title;

  /** Capitals say nothing here: most letters of the field are upper case. */
  final boolean caps;

  final String[] keys;
  final long[] lower;
  final long[] cased;
  final long[] shape;
  final long[] shortShape;
  final int[] classes;
  final int[] kb;

  /**
   * Words that may be part of a name: those with a capital letter and their neighbours (a
   * connector, a bracket, a hyphen). The others are labelled O without being scored, unless the
   * field's case says nothing (all capitals, or hardly any).
   */
  final boolean[] open;

  /**
   * The run of capitalised words each word is in ("Bank of New England Corp": capitalised words and
   * the lower-case connectors, "&amp;", hyphens and "'s" between them): its first and last word, or
   * -1 outside runs and in a field written in capitals.
   */
  final int[] runStart;

  final int[] runEnd;

  /** Sentence boundaries: sentence k is words [sentences[k], sentences[k + 1]). */
  final int[] sentences;

  FieldText(String source, boolean title, KbGazetteer gazetteer) {
    this.source = source;
    this.title = title;
    this.words = WordTokenizer.tokenize(source);
    int n = words.size();
    this.caps = capitals(words) || (title && titleCase(words));
    keys = new String[n];
    lower = new long[n];
    cased = new long[n];
    shape = new long[n];
    shortShape = new long[n];
    classes = new int[n];
    kb = new int[n];
    open = new boolean[n];
    runStart = new int[n];
    runEnd = new int[n];
    int sentenceCount = 0;
    for (int i = 0; i < n; i++) {
      Word w = words.get(i);
      keys[i] = w.word || w.is('&') ? key(w) : "";
      lower[i] = Hashes.of(w.lower);
      cased[i] = Hashes.of(w.text);
      shape[i] = w.shapeHash;
      shortShape[i] = w.shortShapeHash;
      classes[i] = classes(w, keys[i] == w.lower ? lower[i] : Hashes.of(keys[i]), gazetteer);
      if (w.sentenceStart || i == 0) {
        sentenceCount++;
      }
    }
    sentences = new int[sentenceCount + 1];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (words.get(i).sentenceStart || i == 0) {
        sentences[k++] = i;
      }
    }
    sentences[k] = n;
    markOpen();
    closeBoundaries();
    markRuns();
    if (gazetteer != null) {
      gazetteer.tag(words, keys, classes, caps, kb);
    }
  }

  /** Dashes, colons, semicolons and quotation marks end a name: no name runs across them. */
  private void closeBoundaries() {
    for (int i = 0; i < words.size(); i++) {
      Word w = words.get(i);
      if (!w.word && w.text.length() == 1 && BOUNDARIES.indexOf(w.text.charAt(0)) >= 0) {
        open[i] = false;
      }
    }
  }

  private static final String BOUNDARIES = "—–:;\"“”«»|";

  private void markOpen() {
    int n = words.size();
    int capitalised = 0;
    int wordCount = 0;
    for (Word w : words) {
      if (w.word) {
        wordCount++;
        if (w.hasUpper()) {
          capitalised++;
        }
      }
    }
    if (caps || capitalised * 50 < wordCount) {
      java.util.Arrays.fill(open, true);
      return;
    }
    for (int i = 0; i < n; i++) {
      if (words.get(i).hasUpper()) {
        open[i] = true;
        // the words glued to it ("al-Qaeda", "AT&T") and one word either side
        int left = i;
        while (left > 0 && words.get(left).attached) {
          open[--left] = true;
        }
        if (left > 0) {
          open[left - 1] = true;
        }
        int right = i;
        while (right + 1 < n && words.get(right + 1).attached) {
          open[++right] = true;
        }
        if (right + 1 < n) {
          open[right + 1] = true;
        }
      }
    }
  }

  private void markRuns() {
    int n = words.size();
    java.util.Arrays.fill(runStart, -1);
    java.util.Arrays.fill(runEnd, -1);
    if (caps) {
      return;
    }
    int i = 0;
    while (i < n) {
      if (!capitalisedWord(i)) {
        i++;
        continue;
      }
      int end = i;
      int j = i + 1;
      while (j < n) {
        if (capitalisedWord(j)) {
          end = j;
          j++;
        } else if (joiner(j)) {
          // "of", "&", "al-": joiners lead on only to another capitalised word
          int k = j;
          while (k + 1 < n && joiner(k + 1) && k - j < 2) {
            k++;
          }
          if (k + 1 < n && capitalisedWord(k + 1)) {
            j = k + 1;
          } else {
            break;
          }
        } else {
          break;
        }
      }
      for (int k = i; k <= end; k++) {
        runStart[k] = i;
        runEnd[k] = end;
      }
      i = end + 1;
    }
  }

  private boolean capitalisedWord(int i) {
    Word w = words.get(i);
    return w.word && w.hasUpper() && !(w.sentenceStart && (classes[i] & (1 << STOPWORD)) != 0);
  }

  /** A word that may stand between the capitalised words of one name. */
  private boolean joiner(int i) {
    Word w = words.get(i);
    if (w.word) {
      return (classes[i] & (1 << CONNECTOR)) != 0 && !w.capitalized;
    }
    return w.is('&') || w.is('-') || w.text.equals("'s") || w.text.equals("’s");
  }

  /** The word's name key: its lower case where it is plain ASCII letters and digits. */
  private static String key(Word w) {
    String t = w.text;
    for (int k = 0; k < t.length(); k++) {
      char c = t.charAt(k);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
        return AliasKeys.normalize(t);
      }
    }
    return w.lower;
  }

  int size() {
    return words.size();
  }

  int sentenceCount() {
    return sentences.length - 1;
  }

  private static int classes(Word w, long keyHash, KbGazetteer gazetteer) {
    if (!w.word) {
      return 0;
    }
    int c = Lexicons.classes(keyHash);
    if (gazetteer != null) {
      c |= gazetteer.classes(keyHash);
    }
    return c;
  }

  private static int bit(boolean set, int bit) {
    return set ? 1 << bit : 0;
  }

  /** Whether most longer words start with a capital (a headline in title case). */
  static boolean titleCase(List<Word> words) {
    int longer = 0;
    int capitalised = 0;
    for (Word w : words) {
      if (w.word && w.text.length() >= 4 && Character.isLetter(w.text.charAt(0))) {
        longer++;
        if (w.capitalized) {
          capitalised++;
        }
      }
    }
    return longer >= 3 && capitalised >= 0.75 * longer;
  }

  /** Whether most letters are capitals (a headline or a wire text in capitals). */
  static boolean capitals(List<Word> words) {
    int letters = 0;
    int upper = 0;
    for (Word w : words) {
      if (w.word) {
        letters += w.letters;
        upper += w.upper;
      }
    }
    return letters >= 4 && upper >= 0.8 * letters;
  }
}
