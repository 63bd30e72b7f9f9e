package io.newsflow.kb.build;

import io.newsflow.avro.EntityType;
import io.newsflow.kb.AliasKeys;
import io.newsflow.kb.KbEntity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Countries from Debian's {@code iso-codes} ({@code iso_3166-1.json}: an object whose {@code
 * "3166-1"} array holds one object per country with {@code alpha_2}, {@code alpha_3}, {@code name}
 * and optionally {@code common_name} and {@code official_name}).
 *
 * <p>Entity id {@code iso3166:<alpha_2>}, type LOCATION, prior {@value #PRIOR_TEXT}. The name is
 * the common name ("Syria"), else the ISO name in natural order ("Korea, Republic of" is written
 * "Republic of Korea"). Aliases: the ISO name as written and in natural order, the official name,
 * the name without its parenthesis ("Holy See"), the head of an inverted name when it names no
 * other country ("Palestine", but not "Korea" or "Congo"), and the alpha-3 code unless it is a
 * common word ("USA", "RUS", but not "AND", "CAN", "PER"). Alpha-2 codes are never names: "US" or
 * "UK" come from the curated file.
 */
final class IsoCountries {
  static final float PRIOR = 0.95f;
  static final String PRIOR_TEXT = "0.95";

  private IsoCountries() {}

  /** One entry of iso_3166-1.json; absent optional fields are null. */
  record Country(
      String alpha2, String alpha3, String name, String commonName, String officialName) {}

  /** The countries of an iso_3166-1.json text. */
  static List<Country> parse(String json) {
    if (!(MiniJson.parse(json) instanceof Map<?, ?> root)) {
      throw new IllegalArgumentException("iso_3166-1.json: the top level is not an object");
    }
    if (!(root.get("3166-1") instanceof List<?> entries)) {
      throw new IllegalArgumentException("iso_3166-1.json: no \"3166-1\" array");
    }
    List<Country> countries = new ArrayList<>(entries.size());
    for (Object entry : entries) {
      if (!(entry instanceof Map<?, ?> map)) {
        throw new IllegalArgumentException(
            "iso_3166-1.json: entry " + (countries.size() + 1) + " is not an object");
      }
      String alpha2 = text(map, "alpha_2");
      String name = text(map, "name");
      if (alpha2 == null || !alpha2.matches("[A-Z]{2}") || name == null || name.isBlank()) {
        throw new IllegalArgumentException(
            "iso_3166-1.json: entry "
                + (countries.size() + 1)
                + " needs a two-letter alpha_2 and a name, got "
                + map);
      }
      countries.add(
          new Country(
              alpha2,
              text(map, "alpha_3"),
              name,
              text(map, "common_name"),
              text(map, "official_name")));
    }
    return countries;
  }

  /** The entities of the countries, in the same order. */
  static List<KbEntity> toEntities(List<Country> countries, CommonWords common) {
    Map<String, Integer> nameUses = new HashMap<>();
    for (Country c : countries) {
      Set<String> keys = new HashSet<>();
      for (String n : baseNames(c)) {
        keys.add(AliasKeys.normalize(n));
      }
      String head = head(c.name());
      if (head != null) {
        keys.add(AliasKeys.normalize(head));
      }
      keys.forEach(key -> nameUses.merge(key, 1, Integer::sum));
    }
    List<KbEntity> entities = new ArrayList<>(countries.size());
    for (Country c : countries) {
      List<String> names = baseNames(c);
      String head = head(c.name());
      if (head != null && nameUses.get(AliasKeys.normalize(head)) == 1) {
        names.add(head);
      }
      if (c.alpha3() != null && !common.contains(AliasKeys.normalize(c.alpha3()))) {
        names.add(c.alpha3());
      }
      Map<String, String> byKey = new LinkedHashMap<>();
      for (String n : names) {
        String key = AliasKeys.normalize(n);
        if (!key.isEmpty()) {
          byKey.putIfAbsent(key, n);
        }
      }
      List<String> aliases = new ArrayList<>(byKey.values());
      String name = aliases.remove(0);
      entities.add(
          new KbEntity("iso3166:" + c.alpha2(), EntityType.LOCATION, name, aliases, PRIOR));
    }
    return entities;
  }

  /** The canonical name first, then the other spellings of the ISO names (no codes, no head). */
  private static List<String> baseNames(Country c) {
    List<String> names = new ArrayList<>();
    String natural = naturalOrder(c.name());
    String plain = withoutParenthesis(c.name());
    if (c.commonName() != null) {
      names.add(c.commonName());
    }
    if (natural != null) {
      names.add(natural);
    }
    names.add(plain);
    names.add(c.name());
    String inParenthesis = inParenthesis(c.name());
    if (inParenthesis != null) {
      names.add(inParenthesis);
    }
    if (c.officialName() != null) {
      names.add(withoutLeadingThe(c.officialName()));
      String officialNatural = naturalOrder(c.officialName());
      if (officialNatural != null) {
        names.add(officialNatural);
      }
    }
    return names;
  }

  /**
   * An inverted ISO name in natural order: "Korea, Republic of" as "Republic of Korea", "Congo, The
   * Democratic Republic of the" as "Democratic Republic of the Congo", "Virgin Islands, British" as
   * "British Virgin Islands"; null when the name is not inverted ("Bonaire, Sint Eustatius and
   * Saba").
   */
  static String naturalOrder(String name) {
    int comma = name.indexOf(", ");
    if (comma <= 0) {
      return null;
    }
    String head = name.substring(0, comma).strip();
    String tail = name.substring(comma + 2).strip();
    String lower = tail.toLowerCase(Locale.ROOT);
    boolean ofPhrase = lower.endsWith(" of") || lower.endsWith(" of the");
    boolean oneWord = !tail.isEmpty() && tail.indexOf(' ') < 0;
    if (!ofPhrase && !oneWord) {
      return null;
    }
    return withoutLeadingThe(tail + " " + head);
  }

  /** The part before the comma of an inverted "X, ... of" name ("Palestine"), else null. */
  static String head(String name) {
    int comma = name.indexOf(", ");
    if (comma <= 0) {
      return null;
    }
    String lower = name.substring(comma + 2).strip().toLowerCase(Locale.ROOT);
    return lower.endsWith(" of") || lower.endsWith(" of the")
        ? name.substring(0, comma).strip()
        : null;
  }

  private static String withoutParenthesis(String name) {
    return name.replaceAll("\\s*\\([^)]*\\)", "").strip();
  }

  /** The text in parentheses when it is a name of its own (capitalised words): "Vatican City". */
  private static String inParenthesis(String name) {
    int open = name.indexOf('(');
    int close = name.indexOf(')', open + 1);
    if (open < 0 || close < 0) {
      return null;
    }
    String inside = name.substring(open + 1, close).strip();
    String[] words = inside.split(" ");
    if (words.length < 2) {
      return null;
    }
    for (String w : words) {
      if (w.isEmpty() || !Character.isUpperCase(w.charAt(0))) {
        return null;
      }
    }
    return inside;
  }

  private static String withoutLeadingThe(String name) {
    String s = name.strip();
    return s.regionMatches(true, 0, "the ", 0, 4) ? s.substring(4).strip() : s;
  }

  private static String text(Map<?, ?> map, String key) {
    Object value = map.get(key);
    return value instanceof String s && !s.isBlank() ? s.strip() : null;
  }
}
