package io.newsflow.nlp.ner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits clean text into the recogniser's words, keeping offsets. Hyphens, "&", slashes and the
 * possessive "'s" are tokens of their own, so that a name can start or end at them ("London" in
 * "London-based", "U.S." in "U.S.-Japan"); abbreviations keep their dots ("U.S.", "D.C.", "Mr.",
 * "Calif."), numbers their inner dots and commas; a company's "Inc." or "Co." keeps it inside a
 * sentence, not where the sentence ends (names are annotated so). A sentence starts after a
 * paragraph break, a line ending in a colon, or a full stop, question or exclamation mark that does
 * not follow an abbreviation or an initial.
 */
public final class WordTokenizer {
  /** Words whose following dot belongs to them rather than ending a sentence. */
  private static final Set<String> ABBREVIATIONS =
      Set.of(
          "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "sen", "rep", "gov", "lt",
          "col", "maj", "capt", "cmdr", "adm", "sgt", "rev", "no", "nos", "vs", "mt", "ft", "ave",
          "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
          "dept", "univ", "messrs", "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla",
          "ga", "ill", "ind", "kan", "kans", "ky", "la", "md", "mass", "mich", "minn", "miss", "mo",
          "mont", "neb", "nev", "okla", "ore", "pa", "penn", "tenn", "tex", "va", "vt", "wash",
          "wis", "wyo");

  private static final Set<String> LEGAL_FORMS =
      Set.of("inc", "corp", "co", "ltd", "bros", "cos", "plc", "llc", "llp");

  private WordTokenizer() {}

  public static List<Word> tokenize(String text) {
    List<Word> words = new ArrayList<>(text.length() / 5 + 4);
    int n = text.length();
    int i = 0;
    boolean sentenceStart = true;
    boolean space = true;
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        if (c == '\n'
            && ((i + 1 < n && text.charAt(i + 1) == '\n')
                || (i > 0 && text.charAt(i - 1) == ':'))) {
          sentenceStart = true;
        }
        space = true;
        i++;
        continue;
      }
      Word w;
      if (Character.isLetterOrDigit(c)) {
        int end = abbreviationEnd(text, i);
        if (end < 0) {
          end = wordEnd(text, i);
          if (end < n
              && text.charAt(end) == '.'
              && (dottedAbbreviation(text, i, end)
                  || (legalForm(text, i, end) && !sentenceEndsAt(text, end + 1)))) {
            end++;
          }
        }
        int possessive = possessive(text, i, end);
        if (possessive > 0) {
          add(words, new Word(text, i, possessive, true, !space), sentenceStart);
          sentenceStart = false;
          w = new Word(text, possessive, end, false, true);
        } else {
          w = new Word(text, i, end, true, !space);
        }
        i = end;
      } else {
        w = new Word(text, i, i + 1, false, !space);
        i++;
      }
      add(words, w, sentenceStart);
      space = false;
      if (w.word) {
        sentenceStart = false;
      } else if (c == '.' || c == '!' || c == '?') {
        sentenceStart = !afterInitial(words);
      }
    }
    return words;
  }

  private static void add(List<Word> words, Word w, boolean sentenceStart) {
    w.sentenceStart = sentenceStart && w.word;
    words.add(w);
  }

  /** "U.S.", "U.S.S.R.", "D.C.", "U.S": single letters each followed by a dot. */
  private static int abbreviationEnd(String text, int i) {
    int n = text.length();
    int k = i;
    int letters = 0;
    while (k < n
        && Character.isLetter(text.charAt(k))
        && (k + 1 >= n || !Character.isLetterOrDigit(text.charAt(k + 1)))) {
      letters++;
      if (k + 1 < n && text.charAt(k + 1) == '.') {
        k += 2;
      } else {
        k++;
        break;
      }
    }
    return letters >= 2 ? k : -1;
  }

  private static int wordEnd(String text, int i) {
    int n = text.length();
    int j = i;
    while (j < n) {
      char c = text.charAt(j);
      if (Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK) {
        j++;
      } else if ((c == '\'' || c == '’')
          && j > i
          && j + 1 < n
          && Character.isLetter(text.charAt(j + 1))) {
        j++;
      } else if ((c == '.' || c == ',')
          && j > i
          && j + 1 < n
          && Character.isDigit(text.charAt(j - 1))
          && Character.isDigit(text.charAt(j + 1))) {
        j++;
      } else {
        break;
      }
    }
    return j;
  }

  /** "Inc.", "Co.": a company's legal form, whose dot is the sentence's where one ends there. */
  private static boolean legalForm(String text, int i, int end) {
    return end - i <= 4
        && Character.isUpperCase(text.charAt(i))
        && LEGAL_FORMS.contains(text.substring(i, end).toLowerCase(Locale.ROOT));
  }

  /** Whether a sentence or a paragraph starts after {@code at} (past spaces). */
  private static boolean sentenceEndsAt(String text, int at) {
    int k = at;
    while (k < text.length() && text.charAt(k) == ' ') {
      k++;
    }
    return k >= text.length()
        || text.charAt(k) == '\n'
        || (k > at && (Character.isUpperCase(text.charAt(k)) || text.charAt(k) == '"'));
  }

  /** "Mr.", "Gen.", "Calif.": a known abbreviation keeps its dot. */
  private static boolean dottedAbbreviation(String text, int i, int end) {
    if (end - i > 5 || !Character.isUpperCase(text.charAt(i))) {
      return false;
    }
    return ABBREVIATIONS.contains(text.substring(i, end).toLowerCase(Locale.ROOT));
  }

  /** Where a possessive "'s" starts in the word [i, end), or -1. */
  private static int possessive(String text, int i, int end) {
    if (end - i > 2
        && (text.charAt(end - 1) == 's' || text.charAt(end - 1) == 'S')
        && (text.charAt(end - 2) == '\'' || text.charAt(end - 2) == '’')) {
      return end - 2;
    }
    return -1;
  }

  /** Whether the dot just added ends an initial ("John F. Kennedy") rather than a sentence. */
  private static boolean afterInitial(List<Word> words) {
    if (words.size() < 2) {
      return false;
    }
    Word before = words.get(words.size() - 2);
    return before.word
        && before.end == words.get(words.size() - 1).start
        && before.text.length() == 1
        && Character.isUpperCase(before.text.charAt(0));
  }
}
