package io.newsflow.nlp.ner;

import io.newsflow.kb.CommonEnglishWords;
import io.newsflow.nlp.text.WordLists;
import java.util.Set;

/**
 * Word lists that say something about names, read once from the resources next to this class
 * (written for newsflow, all lower case): person titles, organisation heads and legal forms, place
 * heads, connectors inside names, demonyms, stop words and given names; and the common English
 * words of the knowledge-base build.
 */
public final class Lexicons {
  public static final Set<String> PERSON_TITLES = load("person-titles.txt");
  public static final Set<String> ORG_HEADS = load("org-heads.txt");
  public static final Set<String> ORG_SUFFIXES = load("org-suffixes.txt");
  public static final Set<String> LOCATION_HEADS = load("location-heads.txt");
  public static final Set<String> CONNECTORS = load("connectors.txt");
  public static final Set<String> DEMONYMS = load("demonyms.txt");
  public static final Set<String> STOPWORDS = load("stopwords.txt");
  public static final Set<String> FIRST_NAMES = load("first-names.txt");

  /** Common English words as name keys (empty when the knowledge base was not built). */
  public static final Set<String> COMMON_WORDS = CommonEnglishWords.get();

  /** Words after which a name is often a place: "in Kafanchan", "near Durban". */
  public static final Set<String> PLACE_PREPOSITIONS =
      Set.of("in", "at", "near", "outside", "across", "around", "throughout", "from", "to");

  private Lexicons() {}

  private static Set<String> load(String resource) {
    return WordLists.load(Lexicons.class, resource);
  }
}
