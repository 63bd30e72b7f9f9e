package io.newsflow.kb.build;

import io.newsflow.kb.AliasKeys;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Common English words, as normalized one-word keys ({@link AliasKeys#normalize}): a name that is
 * one of them ("Mobile", "Police", "Reading") would match ordinary text, so the build drops such
 * one-word names from sources that are not curated.
 *
 * <p>From WordNet: a lemma of the index files counts when some synset writes it in lower case.
 * WordNet's index files list every lemma in lower case, proper names included ("moscow",
 * "hezbollah"), so the lemma column alone would make every name common; the case written in the
 * data files tells a word from a name. WordNet holds only nouns, verbs, adjectives and adverbs, so
 * English function words ("of", "and", "the", "per"), which are also names of towns and countries'
 * codes, are added from {@link #FUNCTION_WORDS}.
 */
final class CommonWords {
  /** Closed-class English words that WordNet does not list. */
  static final List<String> FUNCTION_WORDS =
      List.of(
          // articles, determiners, quantifiers
          "the",
          "an",
          "this",
          "that",
          "these",
          "those",
          "each",
          "every",
          "either",
          "neither",
          "some",
          "any",
          "no",
          "none",
          "all",
          "both",
          "few",
          "many",
          "much",
          "more",
          "most",
          "several",
          "such",
          "what",
          "which",
          "whose",
          "whatever",
          "whichever",
          // pronouns
          "he",
          "she",
          "it",
          "we",
          "they",
          "me",
          "him",
          "her",
          "us",
          "them",
          "my",
          "your",
          "his",
          "its",
          "our",
          "their",
          "mine",
          "yours",
          "hers",
          "ours",
          "theirs",
          "who",
          "whom",
          "myself",
          "yourself",
          "himself",
          "herself",
          "itself",
          "ourselves",
          "themselves",
          // prepositions
          "of",
          "to",
          "in",
          "on",
          "at",
          "by",
          "for",
          "from",
          "with",
          "without",
          "into",
          "onto",
          "upon",
          "about",
          "above",
          "below",
          "over",
          "under",
          "between",
          "among",
          "through",
          "during",
          "before",
          "after",
          "against",
          "across",
          "along",
          "around",
          "behind",
          "beside",
          "besides",
          "beyond",
          "despite",
          "except",
          "inside",
          "outside",
          "near",
          "off",
          "out",
          "past",
          "per",
          "since",
          "than",
          "toward",
          "towards",
          "until",
          "unto",
          "via",
          "within",
          "amid",
          "amongst",
          "versus",
          "as",
          "like",
          // conjunctions
          "and",
          "or",
          "nor",
          "but",
          "yet",
          "so",
          "if",
          "unless",
          "because",
          "although",
          "though",
          "while",
          "whereas",
          "whether",
          "when",
          "where",
          "why",
          "how",
          "once",
          // auxiliaries and modals
          "am",
          "is",
          "are",
          "was",
          "were",
          "be",
          "been",
          "being",
          "do",
          "does",
          "did",
          "has",
          "have",
          "had",
          "can",
          "could",
          "may",
          "might",
          "must",
          "shall",
          "should",
          "will",
          "would",
          "ought",
          // adverbs and particles
          "not",
          "also",
          "very",
          "too",
          "just",
          "only",
          "even",
          "still",
          "here",
          "there",
          "then",
          "now",
          "again",
          "ever",
          "never",
          "always",
          "often",
          "soon",
          "already",
          "yes",
          "else",
          "thus",
          "hence",
          "therefore",
          "however",
          "la",
          "le",
          "de",
          "del",
          "da",
          "di",
          "du",
          "des",
          "el",
          "los",
          "las",
          "von",
          "van",
          "der",
          "den",
          "et");

  private final Set<String> keys;

  private CommonWords(Set<String> keys) {
    this.keys = keys;
  }

  /** The function words and the given words (normalized; words of several tokens are ignored). */
  static CommonWords of(Collection<String> words) {
    Set<String> keys = new HashSet<>();
    addSingleWordKeys(FUNCTION_WORDS, keys);
    addSingleWordKeys(words, keys);
    return new CommonWords(keys);
  }

  /**
   * From WordNet: the lemmas of the index files that some data file writes in lower case.
   *
   * @param indexLemmas lemmas of index.noun/verb/adj/adv
   * @param lowercaseForms words that synsets write without capitals
   */
  static CommonWords fromWordNet(Set<String> indexLemmas, Set<String> lowercaseForms) {
    Set<String> words = new HashSet<>();
    for (String form : lowercaseForms) {
      if (indexLemmas.contains(form)) {
        words.add(form);
      }
    }
    return of(words);
  }

  /** Whether a word, written as in a synset, has no capital letter. */
  static boolean isLowercase(String word) {
    for (int i = 0; i < word.length(); i++) {
      if (Character.isUpperCase(word.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Whether a normalized key is one common word. */
  boolean contains(String key) {
    return keys.contains(key);
  }

  List<String> sortedKeys() {
    return keys.stream().sorted().toList();
  }

  int size() {
    return keys.size();
  }

  private static void addSingleWordKeys(Collection<String> words, Set<String> out) {
    for (String word : words) {
      String key = AliasKeys.normalize(word);
      if (!key.isEmpty() && key.indexOf(' ') < 0) {
        out.add(key);
      }
    }
  }
}
