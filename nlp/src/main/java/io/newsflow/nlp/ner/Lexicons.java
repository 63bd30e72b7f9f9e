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

  /**
   * Word classes by name key, one lookup for all lists: bit {@code FieldText.TITLE_WORD} and the
   * others.
   */
  private static final LongIntMap CLASSES = classMap();

  private Lexicons() {}

  /** The classes ({@code FieldText} bits) of a word's name key; 0 for none. */
  static int classes(String key) {
    return CLASSES.get(Hashes.of(key));
  }

  /** The classes of a name key by its hash ({@link Hashes#of}). */
  static int classes(long keyHash) {
    return CLASSES.get(keyHash);
  }

  private static LongIntMap classMap() {
    LongIntMap map = new LongIntMap(1 << 17);
    add(map, PERSON_TITLES, FieldText.TITLE_WORD);
    add(map, FIRST_NAMES, FieldText.GIVEN_NAME);
    add(map, ORG_HEADS, FieldText.ORG_HEAD);
    add(map, ORG_SUFFIXES, FieldText.ORG_SUFFIX);
    add(map, LOCATION_HEADS, FieldText.LOCATION_HEAD);
    add(map, DEMONYMS, FieldText.DEMONYM);
    add(map, STOPWORDS, FieldText.STOPWORD);
    add(map, COMMON_WORDS, FieldText.COMMON);
    add(map, CONNECTORS, FieldText.CONNECTOR);
    add(map, PLACE_PREPOSITIONS, FieldText.PLACE_PREPOSITION);
    return map;
  }

  private static void add(LongIntMap map, Set<String> words, int bit) {
    for (String w : words) {
      map.or(Hashes.of(io.newsflow.kb.AliasKeys.normalize(w)), 1 << bit);
    }
  }

  private static Set<String> load(String resource) {
    return WordLists.load(Lexicons.class, resource);
  }
}
