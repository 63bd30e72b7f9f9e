package io.newsflow.nlp.entities;

import io.newsflow.nlp.text.WordLists;
import java.util.Set;

/**
 * The word lists the extractor types names with, read once from the resources next to this class:
 * person titles, organisation heads and legal forms, place heads, connectors inside names,
 * demonyms, capitalised non-names and given names. All lower case.
 */
final class Lexicon {
  static final Set<String> PERSON_TITLES = load("person-titles.txt");
  static final Set<String> ORG_HEADS = load("org-heads.txt");
  static final Set<String> ORG_SUFFIXES = load("org-suffixes.txt");
  static final Set<String> LOCATION_HEADS = load("location-heads.txt");
  static final Set<String> CONNECTORS = load("connectors.txt");
  static final Set<String> DEMONYMS = load("demonyms.txt");
  static final Set<String> STOPWORDS = load("stopwords.txt");
  static final Set<String> FIRST_NAMES = load("first-names.txt");

  /**
   * Common English words as name keys, from the knowledge-base build (empty when it was not built).
   */
  static final Set<String> COMMON_WORDS = io.newsflow.kb.CommonEnglishWords.get();

  /** Words after "Secretary of" or before "Minister" that belong to the title, not the name. */
  static final Set<String> PORTFOLIOS =
      Set.of(
          "state",
          "defense",
          "defence",
          "treasury",
          "finance",
          "foreign",
          "affairs",
          "interior",
          "justice",
          "commerce",
          "trade",
          "industry",
          "agriculture",
          "labor",
          "labour",
          "energy",
          "health",
          "education",
          "transport",
          "transportation",
          "economy",
          "economic",
          "home",
          "housing",
          "environment",
          "culture",
          "information",
          "oil",
          "petroleum",
          "planning",
          "development",
          "security",
          "homeland",
          "veterans",
          "war",
          "staff",
          "joint",
          "chiefs",
          "prime",
          "deputy",
          "vice",
          "acting",
          "former",
          "general",
          "majority",
          "minority",
          "house",
          "senate",
          "party",
          "executive",
          "corporate",
          "national",
          "army",
          "navy",
          "air",
          "force",
          "central",
          "bank",
          "fed",
          "reserve");

  /**
   * Words that end names of things that are not entities here (laws, plans, events, prizes): "Tax
   * Reform Act", "Venice Summit".
   */
  static final Set<String> MISC_HEADS =
      Set.of(
          "act",
          "acts",
          "bill",
          "law",
          "laws",
          "treaty",
          "accord",
          "accords",
          "charter",
          "doctrine",
          "plan",
          "program",
          "programme",
          "initiative",
          "amendment",
          "resolution",
          "directive",
          "protocol",
          "index",
          "award",
          "awards",
          "prize",
          "trophy",
          "cup",
          "games",
          "olympics",
          "championship",
          "championships",
          "festival",
          "war",
          "wars",
          "summit",
          "day",
          "week",
          "month",
          "year",
          "era",
          "crisis",
          "revolution",
          "agreement",
          "pact",
          "report",
          "survey",
          "census",
          "strategy",
          "policy",
          "budget",
          "scandal");

  /**
   * Words that begin names of things that are not entities here: "Typhoon Kalmaegi", "Operation
   * Desert Storm".
   */
  static final Set<String> MISC_LEADS =
      Set.of(
          "typhoon",
          "hurricane",
          "cyclone",
          "storm",
          "tropical",
          "operation",
          "project",
          "flight",
          "exercise");

  /** Whether a word (lower case) is a title before a person's name, "rear-admiral" included. */
  static boolean isTitle(String lower) {
    if (PERSON_TITLES.contains(lower)) {
      return true;
    }
    if (lower.indexOf('-') <= 0) {
      return false;
    }
    for (String part : lower.split("-")) {
      if (!PERSON_TITLES.contains(part) && !TITLE_PREFIXES.contains(part)) {
        return false;
      }
    }
    return true;
  }

  private static final Set<String> TITLE_PREFIXES =
      Set.of(
          "rear",
          "vice",
          "ex",
          "deputy",
          "lieutenant",
          "major",
          "acting",
          "former",
          "under",
          "co",
          "elect");

  /**
   * Words that begin organisation names in other languages: "Gruppo Ferruzzi", "Banco Santander".
   */
  static final Set<String> ORG_LEADS =
      Set.of(
          "gruppo",
          "grupo",
          "banco",
          "banca",
          "banque",
          "compagnie",
          "compania",
          "compañía",
          "societe",
          "société",
          "sociedad",
          "societa",
          "società",
          "instituto",
          "istituto",
          "institut",
          "stichting",
          "fundacion");

  /**
   * Determiners and pronouns that precede names without belonging to them: "The Times" is "Times".
   */
  static final Set<String> DETERMINERS =
      Set.of(
          "the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "our", "their",
          "my", "your", "every", "each", "some", "any", "no", "mr", "mrs", "ms");

  /** Place nouns of "the township of KwaMashu", "the town of Kafanchan". */
  static final Set<String> PLACE_NOUNS =
      Set.of(
          "town",
          "city",
          "township",
          "village",
          "province",
          "state",
          "region",
          "port",
          "district",
          "island",
          "suburb",
          "county",
          "capital",
          "area",
          "outskirts",
          "municipality",
          "settlement",
          "camp");

  /** Words after which an unknown name is a place: "in Kafanchan", "near Durban". */
  static final Set<String> PLACE_PREPOSITIONS =
      Set.of("in", "at", "near", "outside", "across", "around", "throughout");

  /** Particles that may start a name in lower case: "al Qaeda", "de Gaulle" only inside. */
  static final Set<String> LOWER_STARTERS = Set.of("al", "el", "ul");

  private Lexicon() {}

  private static Set<String> load(String resource) {
    return WordLists.load(Lexicon.class, resource);
  }
}
