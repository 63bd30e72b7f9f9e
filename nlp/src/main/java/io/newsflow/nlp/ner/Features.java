package io.newsflow.nlp.ner;

/**
 * The features of one word, as 64-bit hashes of (template, value): the word and its neighbours,
 * their shapes, affixes and word classes, the knowledge base's names over them, and what the
 * document says about the word elsewhere. Changing a template changes the model: bump {@link
 * #VERSION} so that an old model is refused.
 */
final class Features {
  /** Written into models; a model made with other features is refused. */
  static final int VERSION = 3;

  /** Upper bound of the features one word has. */
  static final int MAX = 96;

  private static final long NONE = Hashes.of("<none>");
  private static final long START = Hashes.of("<s>");
  private static final long END = Hashes.of("</s>");

  /** Word classes that say what kind of name a run of capitalised words ends. */
  private static final int RUN_END_CLASSES =
      (1 << FieldText.ORG_HEAD)
          | (1 << FieldText.ORG_SUFFIX)
          | (1 << FieldText.LOCATION_HEAD)
          | (1 << FieldText.KB_SURNAME)
          | (1 << FieldText.COMMON);

  /** Word classes that say what kind of name a run of capitalised words starts. */
  private static final int RUN_START_CLASSES =
      (1 << FieldText.GIVEN_NAME)
          | (1 << FieldText.KB_GIVEN)
          | (1 << FieldText.TITLE_WORD)
          | (1 << FieldText.DEMONYM)
          | (1 << FieldText.COMMON);

  private Features() {}

  /** Writes word i's features into {@code out} and returns how many. */
  static int of(FieldText f, int i, DocumentMemory memory, long[] out) {
    // The order is part of the model's input: keep it when adding templates.
    int mode = (f.caps ? 2 : 0) + (f.title ? 1 : 0);
    long shape = f.caps ? NONE : f.shortShape[i];
    int n = word(f, i, mode, shape, out, 0);
    n = affixes(f.words.get(i), out, n);
    n = neighbours(f, i, shape, out, n);
    n = wordClasses(f, i, mode, out, n);
    n = sentencePlace(f, i, shape, out, n);
    n = capitalisedRun(f, i, out, n);
    n = knowledgeBase(f, i, mode, out, n);
    return documentMemory(f, i, memory, mode, shape, out, n);
  }

  /** The word itself: its lower case, the field's mode, and its casing and shape. */
  private static int word(FieldText f, int i, int mode, long shape, long[] out, int n) {
    long lower = f.lower[i];
    out[n++] = Hashes.feature(0, 0);
    out[n++] = Hashes.feature(1, lower);
    out[n++] = Hashes.feature(2, mode);
    if (!f.caps) {
      out[n++] = Hashes.feature(3, f.cased[i]);
      out[n++] = Hashes.feature(4, f.shape[i]);
      out[n++] = Hashes.feature(5, shape);
    } else {
      out[n++] = Hashes.feature(6, lower);
    }
    return n;
  }

  /** Prefixes and suffixes of words longer than three letters. */
  private static int affixes(Word w, long[] out, int n) {
    String lw = w.lower;
    int len = lw.length();
    if (w.word && len > 3) {
      out[n++] = Hashes.feature(7, Hashes.of(lw, 0, 3));
      out[n++] = Hashes.feature(8, Hashes.of(lw, len - 3, len));
      out[n++] = Hashes.feature(9, Hashes.of(lw, len - 2, len));
      if (len > 5) {
        out[n++] = Hashes.feature(10, Hashes.of(lw, 0, 4));
        out[n++] = Hashes.feature(11, Hashes.of(lw, len - 4, len));
      }
    }
    return n;
  }

  /** The two words either side, alone and in pairs, and the shapes of the next ones. */
  private static int neighbours(FieldText f, int i, long shape, long[] out, int n) {
    int size = f.size();
    boolean caps = f.caps;
    long lower = f.lower[i];
    long prev = i > 0 ? f.lower[i - 1] : START;
    long next = i + 1 < size ? f.lower[i + 1] : END;
    long prev2 = i > 1 ? f.lower[i - 2] : START;
    long next2 = i + 2 < size ? f.lower[i + 2] : END;
    long prevShape = i > 0 && !caps ? f.shortShape[i - 1] : START;
    long nextShape = i + 1 < size && !caps ? f.shortShape[i + 1] : END;
    out[n++] = Hashes.feature(12, prev);
    out[n++] = Hashes.feature(13, next);
    out[n++] = Hashes.feature(14, prev2);
    out[n++] = Hashes.feature(15, next2);
    out[n++] = Hashes.feature(16, prev, lower);
    out[n++] = Hashes.feature(17, lower, next);
    out[n++] = Hashes.feature(18, prevShape);
    out[n++] = Hashes.feature(19, nextShape);
    out[n++] = Hashes.feature(20, prevShape, shape, nextShape);
    out[n++] = Hashes.feature(21, prev2, prev);
    out[n++] = Hashes.feature(22, next, next2);
    return n;
  }

  /** The word classes of the word (with the mode) and of its neighbours. */
  private static int wordClasses(FieldText f, int i, int mode, long[] out, int n) {
    int size = f.size();
    int classes = f.classes[i];
    for (int c = 0; c < FieldText.CLASSES; c++) {
      if ((classes & (1 << c)) != 0) {
        out[n++] = Hashes.feature(30, c, mode);
      }
    }
    int prevClasses = i > 0 ? f.classes[i - 1] : 0;
    int nextClasses = i + 1 < size ? f.classes[i + 1] : 0;
    for (int c = 0; c < FieldText.CLASSES; c++) {
      if ((prevClasses & (1 << c)) != 0) {
        out[n++] = Hashes.feature(31, c);
      }
      if ((nextClasses & (1 << c)) != 0) {
        out[n++] = Hashes.feature(32, c);
      }
    }
    return n;
  }

  /** Whether the word starts a sentence or is capitalised, and what it is attached to. */
  private static int sentencePlace(FieldText f, int i, long shape, long[] out, int n) {
    Word w = f.words.get(i);
    boolean start = w.sentenceStart();
    out[n++] = Hashes.feature(40, (start ? 2 : 0) + (w.capitalized ? 1 : 0), shape);
    if (start && w.capitalized) {
      out[n++] = Hashes.feature(41, f.lower[i]);
    }
    out[n++] =
        Hashes.feature(
            42,
            (w.attached ? 1 : 0) + (i + 1 < f.size() && f.words.get(i + 1).attached ? 2 : 0),
            shape);
    return n;
  }

  /** The word's place in its run of capitalised words, and what starts, ends and frames it. */
  private static int capitalisedRun(FieldText f, int i, long[] out, int n) {
    int runStart = f.runStart[i];
    if (runStart < 0) {
      out[n++] = Hashes.feature(77, f.words.get(i).word ? 1 : 0);
      return n;
    }
    int runEnd = f.runEnd[i];
    int length = Math.min(runEnd - runStart + 1, 5);
    int pos = runStart == runEnd ? 3 : i == runStart ? 0 : i == runEnd ? 2 : 1;
    int lastClasses = f.classes[runEnd] & RUN_END_CLASSES;
    int firstClasses = f.classes[runStart] & RUN_START_CLASSES;
    long before = runStart > 0 ? f.lower[runStart - 1] : START;
    out[n++] = Hashes.feature(70, length * 4 + pos);
    out[n++] = Hashes.feature(71, pos, f.lower[runEnd]);
    out[n++] = Hashes.feature(72, pos * 4096 + lastClasses);
    out[n++] = Hashes.feature(73, pos * 4096 + firstClasses);
    out[n++] = Hashes.feature(74, pos, before);
    out[n++] = Hashes.feature(75, length * 4 + pos, firstClasses * 4096 + lastClasses);
    long after = runEnd + 1 < f.size() ? f.lower[runEnd + 1] : END;
    out[n++] = Hashes.feature(76, pos, after);
    return n;
  }

  /** The knowledge base's names over the word and over its neighbours. */
  private static int knowledgeBase(FieldText f, int i, int mode, long[] out, int n) {
    Word w = f.words.get(i);
    int kb = f.kb[i];
    if (kb != 0) {
      int pos = KbGazetteer.position(kb);
      int type = KbGazetteer.type(kb);
      boolean start = w.sentenceStart();
      out[n++] = Hashes.feature(50, pos, type);
      out[n++] = Hashes.feature(51, KbGazetteer.types(kb));
      out[n++] = Hashes.feature(52, pos * 8 + type, KbGazetteer.prior(kb), mode);
      out[n++] = Hashes.feature(53, pos * 8 + type, (start ? 2 : 0) + (w.capitalized ? 1 : 0));
      if (pos == 3) {
        out[n++] = Hashes.feature(54, type, (f.classes[i] >> FieldText.COMMON) & 1);
      }
    } else {
      out[n++] = Hashes.feature(55, mode);
    }
    out[n++] = Hashes.feature(56, kbTag(i > 0 ? f.kb[i - 1] : 0));
    out[n++] = Hashes.feature(57, kbTag(i + 1 < f.size() ? f.kb[i + 1] : 0));
    return n;
  }

  /** A neighbour's knowledge-base position and type, or -1 when it has none. */
  private static int kbTag(int kb) {
    return kb == 0 ? -1 : KbGazetteer.position(kb) * 8 + KbGazetteer.type(kb);
  }

  /** What the rest of the document says about a capitalised word: its casing and labels there. */
  private static int documentMemory(
      FieldText f, int i, DocumentMemory memory, int mode, long shape, long[] out, int n) {
    Word w = f.words.get(i);
    if (memory == null || !w.word || !(w.capitalized || f.caps)) {
      return n;
    }
    long lower = f.lower[i];
    boolean lowerElsewhere = memory.lowerInBody.contains(lower);
    boolean capElsewhere = memory.capitalisedInBody.contains(lower);
    boolean start = w.sentenceStart();
    out[n++] = Hashes.feature(60, (lowerElsewhere ? 1 : 0) + (capElsewhere ? 2 : 0), mode);
    out[n++] = Hashes.feature(61, (lowerElsewhere ? 1 : 0) + (capElsewhere ? 2 : 0), start ? 1 : 0);
    int labels = memory.labels(lower);
    out[n++] = Hashes.feature(62, labels, mode);
    if (labels != 0) {
      out[n++] = Hashes.feature(63, labels, shape);
    }
    return n;
  }
}
