package io.newsflow.nlp.entities;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits clean text into words and punctuation, keeping offsets, and marks where sentences start.
 * Abbreviations stay whole ("U.S.", "D.C."), possessive "'s" is split off ("Kerry's" is "Kerry" and
 * "'s"), hyphenated and apostrophe words stay whole ("al-Assad", "O'Neill"), and a dot after a
 * known abbreviation or an initial ("Mr.", "John F. Kennedy") does not end a sentence.
 */
final class Tokenizer {
  private static final Set<String> ABBREVIATIONS =
      Set.of(
          "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "sen", "rep", "gov", "lt",
          "col", "maj", "capt", "cmdr", "adm", "sgt", "rev", "inc", "corp", "co", "ltd", "bros",
          "no", "nos", "vs", "etc", "mt", "ft", "ave", "jan", "feb", "mar", "apr", "jun", "jul",
          "aug", "sep", "sept", "oct", "nov", "dec", "approx", "dept", "univ", "est", "fig", "vol",
          "pp", "ca", "cf", "al", "messrs");

  private Tokenizer() {}

  static List<Token> tokenize(String text) {
    List<Token> tokens = new ArrayList<>(text.length() / 5 + 4);
    int n = text.length();
    int i = 0;
    boolean nextStartsSentence = true;
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        if (c == '\n' && i + 1 < n && text.charAt(i + 1) == '\n') {
          nextStartsSentence = true;
        }
        i++;
        continue;
      }
      Token token;
      if (Character.isLetterOrDigit(c)) {
        int end = abbreviationEnd(text, i);
        if (end < 0) {
          end = wordEnd(text, i);
          end = placeAbbreviationDot(text, i, end);
        }
        int clitic = possessive(text, i, end);
        if (clitic > 0) {
          token = new Token(text, i, clitic, true);
          add(tokens, token, nextStartsSentence);
          nextStartsSentence = false;
          token = new Token(text, clitic, end, false);
        } else {
          token = new Token(text, i, end, true);
        }
        i = end;
      } else {
        token = new Token(text, i, i + 1, false);
        i++;
      }
      boolean wasStart = nextStartsSentence;
      add(tokens, token, nextStartsSentence);
      if (token.word) {
        nextStartsSentence = false;
      } else if (c == '.' || c == '!' || c == '?') {
        nextStartsSentence = !abbreviationDot(tokens);
      } else if (c == ':' && i < n && text.charAt(i) == '\n') {
        nextStartsSentence = true;
      } else if (!wasStart) {
        nextStartsSentence = false;
      }
    }
    return tokens;
  }

  private static void add(List<Token> tokens, Token token, boolean sentenceStart) {
    token.sentenceStart = sentenceStart && token.word;
    tokens.add(token);
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
      } else if ((c == '\'' || c == '’' || c == '-' || c == '&' || c == '‑')
          && j + 1 < n
          && Character.isLetterOrDigit(text.charAt(j + 1))) {
        if (c == '-' && j > i && text.charAt(j - 1) == '.') {
          break;
        }
        j++;
      } else if (c == '.'
          && j + 1 < n
          && Character.isDigit(text.charAt(j + 1))
          && j > i
          && Character.isDigit(text.charAt(j - 1))) {
        j++;
      } else if (c == ','
          && j + 1 < n
          && Character.isDigit(text.charAt(j + 1))
          && j > i
          && Character.isDigit(text.charAt(j - 1))) {
        j++;
      } else {
        break;
      }
    }
    return j;
  }

  /** "St. Louis", "Mt. Kenya": the dot of a place-name abbreviation stays in the word. */
  private static int placeAbbreviationDot(String text, int i, int end) {
    if (end - i == 2
        && end + 2 < text.length()
        && text.charAt(end) == '.'
        && text.charAt(end + 1) == ' '
        && Character.isUpperCase(text.charAt(end + 2))) {
      String word = text.substring(i, end);
      if (word.equals("St") || word.equals("Mt") || word.equals("Ft")) {
        return end + 1;
      }
    }
    return end;
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

  /**
   * Whether the dot just added follows an abbreviation or an initial rather than ending a sentence.
   */
  private static boolean abbreviationDot(List<Token> tokens) {
    if (tokens.size() < 2) {
      return false;
    }
    Token before = tokens.get(tokens.size() - 2);
    if (!before.word || before.end != tokens.get(tokens.size() - 1).start) {
      return false;
    }
    if (before.text.length() == 1 && Character.isUpperCase(before.text.charAt(0))) {
      return true;
    }
    return ABBREVIATIONS.contains(before.lower);
  }
}
