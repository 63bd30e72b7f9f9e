package io.newsflow.nlp.text;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Guesses the language of a text that came without one, well enough to keep non-English articles
 * out of the English entity extractor: the script first (Cyrillic, Arabic, Greek, Hebrew, kana,
 * hangul, Han), then, for Latin script, which language's most frequent function words occur most.
 * Returns null when the text is too short or the evidence too thin.
 */
public final class LanguageDetector {
  private static final Map<String, Set<String>> FUNCTION_WORDS =
      Map.of(
          "en",
              Set.of(
                  "the", "and", "of", "to", "in", "is", "that", "for", "on", "with", "was", "said",
                  "by", "it", "as"),
          "fr",
              Set.of(
                  "le", "la", "les", "des", "et", "est", "une", "un", "du", "dans", "pour", "que",
                  "qui", "sur", "au"),
          "de",
              Set.of(
                  "der", "die", "das", "und", "ist", "nicht", "mit", "den", "von", "zu", "ein",
                  "eine", "sich", "auf", "im"),
          "es",
              Set.of(
                  "el", "los", "las", "y", "que", "del", "en", "por", "una", "con", "para", "es",
                  "se", "al", "como"),
          "it",
              Set.of(
                  "il", "di", "che", "e", "della", "per", "una", "sono", "del", "nel", "con", "gli",
                  "alla", "non", "si"),
          "pt",
              Set.of(
                  "o", "os", "as", "e", "que", "do", "da", "em", "um", "uma", "para", "com", "não",
                  "dos", "foi"),
          "nl",
              Set.of(
                  "de", "het", "een", "en", "van", "is", "dat", "op", "te", "zijn", "niet", "met",
                  "voor", "ook", "werd"));
  private static final int SAMPLE_CHARS = 4_000;

  private LanguageDetector() {}

  /** A language tag such as {@code en} or {@code fr}, or null when unsure. */
  public static String detect(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String sample = text.length() > SAMPLE_CHARS ? text.substring(0, SAMPLE_CHARS) : text;
    String script = byScript(sample);
    if (script != null) {
      return script;
    }
    Map<String, Integer> scores = new java.util.HashMap<>();
    int words = 0;
    for (String word : sample.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")) {
      if (word.isEmpty()) {
        continue;
      }
      words++;
      for (Map.Entry<String, Set<String>> e : FUNCTION_WORDS.entrySet()) {
        if (e.getValue().contains(word)) {
          scores.merge(e.getKey(), 1, Integer::sum);
        }
      }
    }
    String best = null;
    int top = 0;
    int second = 0;
    for (Map.Entry<String, Integer> e : scores.entrySet()) {
      if (e.getValue() > top) {
        second = top;
        top = e.getValue();
        best = e.getKey();
      } else if (e.getValue() > second) {
        second = e.getValue();
      }
    }
    if (words < 8 || top < 3 || top < second * 1.5) {
      return null;
    }
    return best;
  }

  private static String byScript(String sample) {
    int letters = 0;
    int cyrillic = 0;
    int arabic = 0;
    int greek = 0;
    int hebrew = 0;
    int kana = 0;
    int hangul = 0;
    int han = 0;
    for (int i = 0; i < sample.length(); i++) {
      char c = sample.charAt(i);
      if (!Character.isLetter(c)) {
        continue;
      }
      letters++;
      Character.UnicodeScript s = Character.UnicodeScript.of(c);
      switch (s) {
        case CYRILLIC -> cyrillic++;
        case ARABIC -> arabic++;
        case GREEK -> greek++;
        case HEBREW -> hebrew++;
        case HIRAGANA, KATAKANA -> kana++;
        case HANGUL -> hangul++;
        case HAN -> han++;
        default -> {}
      }
    }
    if (letters == 0) {
      return null;
    }
    double third = letters / 3.0;
    if (kana > letters / 10.0) {
      return "ja";
    }
    if (hangul > third) {
      return "ko";
    }
    if (han > third) {
      return "zh";
    }
    if (cyrillic > third) {
      return "ru";
    }
    if (arabic > third) {
      return "ar";
    }
    if (greek > third) {
      return "el";
    }
    if (hebrew > third) {
      return "he";
    }
    return null;
  }
}
