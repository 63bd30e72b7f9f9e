package io.newsflow.nlp.quotes;

import io.newsflow.nlp.text.WordLists;
import java.util.Set;

/**
 * The word lists quote and citation extraction read, once, from the resources next to this class
 * (one lower-case word a line, {@code #} comments), and the few closed classes small enough to keep
 * here.
 */
final class QuoteWords {
  static final Set<String> SPEECH_VERBS = load("speech-verbs.txt");
  static final Set<String> PERSON_ROLES = load("person-roles.txt");
  static final Set<String> ORG_ROLES = load("org-roles.txt");
  static final Set<String> OUTLET_WORDS = load("outlet-words.txt");
  static final Set<String> OUTLET_CONTEXT = load("outlet-context-words.txt");

  /** Verbs whose object is the listener, not the speaker: "X told Reuters", "X asked Y". */
  static final Set<String> ADDRESSEE_VERBS = Set.of("told", "tells", "asked", "asks");

  /** Listeners worth keeping in the cue ("told reporters"); an entity after "told" is kept too. */
  static final Set<String> LISTENERS =
      Set.of("reporters", "journalists", "newsmen", "correspondents", "parliament", "congress");

  static final Set<String> PERSON_PRONOUNS = Set.of("he", "she");
  static final Set<String> ORG_PRONOUNS = Set.of("it");
  static final Set<String> OTHER_PRONOUNS = Set.of("they", "we", "i", "you");

  static final Set<String> ARTICLES = Set.of("a", "an", "the");

  /** Determiners that make a role definite, so that it refers back: "the minister". */
  static final Set<String> DEFINITE = Set.of("the", "this", "that");

  /** Determiners that keep a role unnamed: "a spokesman", "his aide", "two traders". */
  static final Set<String> OTHER_DETERMINERS =
      Set.of(
          "a", "an", "one", "another", "two", "three", "four", "five", "several", "some", "many",
          "other", "most", "few", "its", "his", "her", "their", "our", "these", "those", "both");

  /**
   * Words after which a name is an object, not the subject of a verb that follows: prepositions and
   * a few words of meeting ("met Putin", "his counterpart Lavrov").
   */
  static final Set<String> OBJECT_MARKERS =
      Set.of(
          "with",
          "to",
          "for",
          "by",
          "from",
          "of",
          "on",
          "at",
          "about",
          "against",
          "in",
          "into",
          "over",
          "under",
          "between",
          "among",
          "via",
          "than",
          "like",
          "toward",
          "towards",
          "through",
          "without",
          "upon",
          "met",
          "meeting",
          "counterpart",
          "visit",
          "visited");

  /** Words after which a name starts a clause, so that it may be its subject. */
  static final Set<String> CLAUSE_WORDS =
      Set.of(
          "and",
          "but",
          "while",
          "that",
          "when",
          "because",
          "although",
          "though",
          "as",
          "since",
          "so",
          "whereas",
          "if",
          "where");

  /** Capitalised words that are no name on their own: sentence openers and function words. */
  static final Set<String> NOT_NAMES =
      Set.of(
          "the",
          "a",
          "an",
          "he",
          "she",
          "it",
          "they",
          "we",
          "i",
          "you",
          "this",
          "that",
          "these",
          "those",
          "there",
          "here",
          "in",
          "on",
          "at",
          "but",
          "and",
          "or",
          "so",
          "yet",
          "however",
          "also",
          "then",
          "now",
          "today",
          "yesterday",
          "his",
          "her",
          "its",
          "their",
          "our",
          "my",
          "as",
          "if",
          "when",
          "while",
          "after",
          "before",
          "during",
          "since",
          "for",
          "with",
          "by",
          "from",
          "of",
          "to",
          "what",
          "who",
          "which",
          "why",
          "how",
          "one",
          "some",
          "many",
          "all",
          "both",
          "each",
          "other",
          "another",
          "such",
          "no",
          "not",
          "mr",
          "mrs",
          "ms",
          "dr",
          "monday",
          "tuesday",
          "wednesday",
          "thursday",
          "friday",
          "saturday",
          "sunday",
          "january",
          "february",
          "march",
          "april",
          "may",
          "june",
          "july",
          "august",
          "september",
          "october",
          "november",
          "december");

  private QuoteWords() {}

  private static Set<String> load(String name) {
    return WordLists.load(QuoteWords.class, name);
  }
}
