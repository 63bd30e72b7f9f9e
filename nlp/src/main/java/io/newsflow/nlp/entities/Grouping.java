package io.newsflow.nlp.entities;

import io.newsflow.avro.EntityType;
import io.newsflow.avro.TextField;
import io.newsflow.kb.KnowledgeBase;
import io.newsflow.nlp.ner.Lexicons;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups the mentions of one article into entities. Names written in full come first; then each
 * short mention looks for the entity it refers to: a surname or given name joins the person named
 * in full before it ("Kerry" after "John Kerry", "Assad" after "Bashar al-Assad"); an acronym joins
 * the name it abbreviates, defined in brackets or by its initials ("SEC"); a head word or the end
 * of a name joins the organisation ("the Commission", "The Times" after "The New York Times"); the
 * first words of a company name join it ("Jaguar" for "Jaguar Plc"). Knowledge-base links unite
 * their aliases ("ISIS", "ISIL", "Daesh").
 */
final class Grouping {
  private Grouping() {}

  static List<Group> group(KnowledgeBase kb, List<Candidate> candidates, String body) {
    List<Group> groups = new ArrayList<>();
    Map<String, Group> byKey = new HashMap<>();
    Map<Integer, Group> byEntity = new HashMap<>();
    List<Candidate> body1 = new ArrayList<>();
    List<Candidate> shortOnes = new ArrayList<>();
    for (Candidate c : candidates) {
      if (c.field == TextField.BODY && c.type != null && c.length() > 1) {
        body1.add(c);
      } else {
        shortOnes.add(c);
      }
    }
    // body first, title after: a headline's short form refers to what the body spells out
    shortOnes.sort(
        (a, b) ->
            a.field == b.field
                ? Integer.compare(a.start, b.start)
                : a.field == TextField.BODY ? -1 : 1);
    for (Candidate c : body1) {
      Group g = null;
      if (c.type == EntityType.ORGANIZATION && c.length() <= 2) {
        // the article's own newspaper before the knowledge base's: "The Times" after "The New York
        // Times"
        g = organisationEndingWith(groups, c);
      }
      if (g == null && c.kbEntity >= 0) {
        g = byEntity.get(c.kbEntity);
      }
      if (g == null) {
        g = byKey.get(typedKey(c));
      }
      if (g == null && c.type == EntityType.PERSON && c.length() == 2) {
        // a two-word surname after the full name: "De Benedetti" after "Carlo De Benedetti"
        g = personEndingWith(groups, c);
      }
      if (g == null && c.kbEntity < 0 && c.type == EntityType.ORGANIZATION) {
        g = organisationWithPrefix(groups, c);
      }
      if (g == null && c.kbEntity < 0 && c.type == EntityType.ORGANIZATION) {
        // the full name after a shorter one: "S and W Berisford Plc" after "S and W Berisford"
        g = organisationThatStarts(groups, c);
      }
      if (g == null) {
        g = newGroup(groups, c);
      }
      join(g, c, byKey, byEntity);
    }
    for (Candidate c : shortOnes) {
      Group g = referent(kb, groups, byKey, c, body);
      if (g == null && c.kbEntity >= 0) {
        g = byEntity.get(c.kbEntity);
      }
      if (g == null && c.type != null) {
        g = byKey.get(typedKey(c));
        if (g != null && c.kbEntity >= 0 && g.kbEntity >= 0 && g.kbEntity != c.kbEntity) {
          g = null;
        }
      }
      if (g == null) {
        if (c.type == null) {
          continue;
        }
        g = newGroup(groups, c);
      }
      join(g, c, byKey, byEntity);
    }
    for (Group g : groups) {
      vote(kb, g);
    }
    return groups;
  }

  /**
   * The type most of a group's mentions were given (a longer mention weighs more); a knowledge-base
   * link of another type is dropped. "Hesse" typed a place twice and an organisation once is a
   * place.
   */
  private static void vote(KnowledgeBase kb, Group g) {
    int[] weight = new int[EntityType.values().length];
    for (Candidate m : g.mentions) {
      if (m.type != null) {
        weight[m.type.ordinal()] += 1 + m.length();
      }
    }
    EntityType best = g.type;
    for (EntityType t : EntityType.values()) {
      if (best == null || weight[t.ordinal()] > weight[best.ordinal()]) {
        best = t;
      }
    }
    if (best != g.type) {
      g.type = best;
      if (g.kbEntity >= 0 && kb.type(g.kbEntity) != best) {
        g.kbEntity = -1;
      }
    }
  }

  private static Group newGroup(List<Group> groups, Candidate c) {
    Group g = new Group();
    g.type = c.type;
    g.kbEntity = c.kbEntity;
    groups.add(g);
    return g;
  }

  private static void join(
      Group g, Candidate c, Map<String, Group> byKey, Map<Integer, Group> byEntity) {
    g.mentions.add(c);
    c.group = g;
    if (g.kbEntity < 0 && c.kbEntity >= 0 && c.type == g.type && c.length() > 1) {
      g.kbEntity = c.kbEntity;
    }
    byKey.putIfAbsent(typedKey(c.key, g.type), g);
    if (c.kbEntity >= 0 && c.type == g.type) {
      byEntity.putIfAbsent(c.kbEntity, g);
    }
  }

  private static String typedKey(Candidate c) {
    return typedKey(c.key, c.type);
  }

  private static String typedKey(String key, EntityType type) {
    return type + "|" + key;
  }

  /** The entity a short mention refers to, among those named in full, or null. */
  private static Group referent(
      KnowledgeBase kb, List<Group> groups, Map<String, Group> byKey, Candidate c, String body) {
    Group g = sameName(byKey, c);
    if (g == null) {
      g = headlineShortForm(groups, c);
    }
    if (g != null || c.length() > 2) {
      return g;
    }
    g = personNamedBefore(kb, groups, c);
    if (g == null) {
      g = acronymOf(groups, c, body);
    }
    if (g == null) {
      g = organisationEndOrHead(kb, groups, c);
    }
    if (g == null && c.length() == 1 && c.type != EntityType.LOCATION && c.kbEntity < 0) {
      g = organisationHolding(groups, c);
    }
    return g;
  }

  /** The same name seen already, whatever made us type it. */
  private static Group sameName(Map<String, Group> byKey, Candidate c) {
    for (EntityType type : EntityType.values()) {
      Group same = byKey.get(typedKey(c.key, type));
      if (same != null
          && (c.type == null || c.type == type || c.kbEntity < 0)
          && (c.kbEntity < 0 || same.kbEntity < 0 || same.kbEntity == c.kbEntity)) {
        return same;
      }
    }
    return null;
  }

  /**
   * A headline's short form of a name the body spells out: "MCDONNELL DOUGLAS" for "McDonnell
   * Douglas Corp".
   */
  private static Group headlineShortForm(List<Group> groups, Candidate c) {
    if (c.field != TextField.TITLE || c.type == EntityType.PERSON) {
      return null;
    }
    String key = c.key;
    String expanded = headlineWords(key);
    for (Group g : groups) {
      if (g.type != c.type) {
        continue;
      }
      for (Candidate m : g.mentions) {
        if (m.field == TextField.BODY
            && m.length() > c.length()
            && (startsWithWords(m.key, key) || startsWithWords(m.key, expanded))) {
          return g;
        }
      }
    }
    return null;
  }

  /**
   * The person whose surname or given name this is, named in full before it (the last such); not
   * for a name of two words or more that the knowledge base knows as a person of its own.
   */
  private static Group personNamedBefore(KnowledgeBase kb, List<Group> groups, Candidate c) {
    String key = c.key;
    Group person = null;
    for (Group g : groups) {
      if (g.type != EntityType.PERSON) {
        continue;
      }
      for (Candidate m : g.mentions) {
        if (m.length() > 1
            && (c.field == TextField.TITLE || (m.field == TextField.BODY && m.start < c.start))) {
          String[] words = m.key.split(" ");
          String last = words[words.length - 1];
          if (key.equals(last)
              || key.equals(withoutParticle(m.key))
              || (words.length > 2 && key.equals(words[words.length - 2] + " " + last))
              || familyNameFirst(key, words)) {
            person = g;
          }
        }
      }
    }
    if (person != null
        && (c.kbEntity < 0 || kb.type(c.kbEntity) != EntityType.PERSON || c.length() == 1)) {
      return person;
    }
    return null;
  }

  /** For an acronym: the name it is defined after in brackets, or a name with its initials. */
  private static Group acronymOf(List<Group> groups, Candidate c, String body) {
    if (c.length() != 1 || !isAcronym(c.text)) {
      return null;
    }
    Group defined = definedBy(groups, c, body);
    if (defined != null) {
      return defined;
    }
    String letters = c.text.replace(".", "").toLowerCase();
    for (Group g : groups) {
      if (g.type == EntityType.PERSON) {
        continue;
      }
      for (Candidate m : g.mentions) {
        if (m.length() > 1 && initials(m.key).equals(letters)) {
          return g;
        }
        // "BAE" of "Australian Bureau of Agricultural Economics": a demonym left out
        String first = m.key.split(" ")[0];
        if (m.length() > 2
            && Lexicons.DEMONYMS.contains(first)
            && initials(m.key).equals(first.charAt(0) + letters)) {
          return g;
        }
      }
    }
    return null;
  }

  /**
   * The organisation this is the end or the head of: "the Commission", "The Times", "Berisford".
   * Not for a headline's word without case ("BIRTH CONTROL" is no "Centers for Disease Control"),
   * nor for a place ("Washington" is not "The Washington Post").
   */
  private static Group organisationEndOrHead(KnowledgeBase kb, List<Group> groups, Candidate c) {
    if (c.field != TextField.BODY
        || c.type == EntityType.LOCATION
        || !(c.kbEntity < 0
            || kb.type(c.kbEntity) == EntityType.ORGANIZATION
            || kb.prior(c.kbEntity) < 0.6f)) {
      return null;
    }
    String key = c.key;
    for (Group g : groups) {
      if (g.type != EntityType.ORGANIZATION) {
        continue;
      }
      for (Candidate m : g.mentions) {
        if (m.length() <= c.length()) {
          continue;
        }
        String full = " " + m.key;
        String stripped = withoutLegalForm(m.key);
        boolean knownElsewhere =
            c.kbEntity >= 0
                && kb.type(c.kbEntity) != EntityType.ORGANIZATION
                && kb.prior(c.kbEntity) >= 0.6f;
        if (full.endsWith(" " + withoutArticle(key))
            || head(m.key).equals(key)
            || (" " + stripped).endsWith(" " + key)
            || (!knownElsewhere && startsWithWords(m.key, key))) {
          return g;
        }
      }
    }
    return null;
  }

  /**
   * The one organisation whose name holds this word as one of its own: "Buitoni" of "Industrie
   * Buitoni Perugina Spa", "Hardie" of "James Hardie Industries Ltd"; null when none or several do,
   * or when the word is a common one or a legal form.
   */
  private static Group organisationHolding(List<Group> groups, Candidate c) {
    String key = c.key;
    if (Lexicons.COMMON_WORDS.contains(key)
        || Lexicons.ORG_SUFFIXES.contains(key)
        || Lexicons.ORG_HEADS.contains(key)
        || Lexicons.CONNECTORS.contains(key)) {
      return null;
    }
    Group found = null;
    for (Group g : groups) {
      if (g.type != EntityType.ORGANIZATION) {
        continue;
      }
      boolean holds = false;
      for (Candidate m : g.mentions) {
        if (m.length() > 1 && (" " + m.key + " ").contains(" " + key + " ")) {
          holds = true;
          break;
        }
      }
      if (holds) {
        if (found != null && found != g) {
          return null;
        }
        found = g;
      }
    }
    return found;
  }

  /** The person whose longer name ends with this one's words: "Carlo De Benedetti". */
  private static Group personEndingWith(List<Group> groups, Candidate c) {
    for (Group g : groups) {
      if (g.type != EntityType.PERSON) {
        continue;
      }
      for (Candidate m : g.mentions) {
        if (m.length() > c.length() && m.start < c.start && m.key.endsWith(" " + c.key)) {
          return g;
        }
      }
    }
    return null;
  }

  /** The organisation whose longer name ends with this one's words, without article. */
  private static Group organisationEndingWith(List<Group> groups, Candidate c) {
    String tail = " " + withoutArticle(c.key);
    for (Group g : groups) {
      if (g.type != EntityType.ORGANIZATION) {
        continue;
      }
      for (Candidate m : g.mentions) {
        if (m.length() > c.length() && (" " + m.key).endsWith(tail)) {
          return g;
        }
      }
    }
    return null;
  }

  /** The organisation, known only from the text, whose shorter name starts this one. */
  private static Group organisationThatStarts(List<Group> groups, Candidate c) {
    for (Group g : groups) {
      if (g.type != EntityType.ORGANIZATION || g.kbEntity >= 0) {
        continue;
      }
      for (Candidate m : g.mentions) {
        if (m.length() > 1 && m.length() < c.length() && startsWithWords(c.key, m.key)) {
          return g;
        }
      }
    }
    return null;
  }

  /** The organisation whose longer name starts with this one's words ("Home and City Savings"). */
  private static Group organisationWithPrefix(List<Group> groups, Candidate c) {
    for (Group g : groups) {
      if (g.type != EntityType.ORGANIZATION) {
        continue;
      }
      for (Candidate m : g.mentions) {
        if (m.length() > c.length() && startsWithWords(m.key, c.key)) {
          return g;
        }
      }
    }
    return null;
  }

  private static boolean startsWithWords(String longer, String prefix) {
    return longer.startsWith(prefix + " ");
  }

  /** "Securities and Exchange Commission (SEC)": the name right before the brackets. */
  private static Group definedBy(List<Group> groups, Candidate c, String body) {
    if (c.field != TextField.BODY || c.start < 2) {
      return null;
    }
    int open = c.start - 1;
    while (open >= 0 && body.charAt(open) == ' ') {
      open--;
    }
    if (open < 0 || body.charAt(open) != '(') {
      return null;
    }
    int before = open - 1;
    while (before >= 0 && body.charAt(before) == ' ') {
      before--;
    }
    for (Group g : groups) {
      for (Candidate m : g.mentions) {
        if (m.field == TextField.BODY && m.end == before + 1) {
          return g;
        }
      }
    }
    return null;
  }

  private static boolean isAcronym(String text) {
    String letters = text.replace(".", "");
    if (letters.length() < 2 || letters.length() > 6) {
      return false;
    }
    for (int i = 0; i < letters.length(); i++) {
      if (!Character.isUpperCase(letters.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** First letters of the significant words: "securities and exchange commission" is "sec". */
  static String initials(String key) {
    StringBuilder out = new StringBuilder();
    for (String w : key.split(" ")) {
      if (!w.isEmpty() && !Lexicons.CONNECTORS.contains(w) && !Lexicons.ORG_SUFFIXES.contains(w)) {
        out.append(w.charAt(0));
      }
    }
    return out.toString();
  }

  /** The head of a name: the word before "of" ("bank" of "bank of japan"), else its last word. */
  static String head(String key) {
    String[] words = withoutLegalForm(key).split(" ");
    for (int i = 1; i < words.length; i++) {
      if (words[i].equals("of") || words[i].equals("for")) {
        return words[i - 1];
      }
    }
    return words[words.length - 1];
  }

  private static final Map<String, String> HEADLINE_ABBREVIATIONS =
      Map.of(
          "int'l", "international",
          "intl", "international",
          "dept", "department",
          "natl", "national",
          "assn", "association",
          "svcs", "services",
          "mgmt", "management",
          "tech", "technology",
          "fin'l", "financial");

  /**
   * A headline's key with its abbreviations written out: "int'l minerals" is "international...".
   */
  private static String headlineWords(String key) {
    StringBuilder out = new StringBuilder(key.length() + 16);
    for (String w : key.split(" ")) {
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(HEADLINE_ABBREVIATIONS.getOrDefault(w, w));
    }
    return out.toString();
  }

  /** "morgan stanley and co" is "morgan stanley". */
  private static String withoutLegalForm(String key) {
    int space = key.lastIndexOf(' ');
    if (space > 0 && Lexicons.ORG_SUFFIXES.contains(key.substring(space + 1))) {
      String rest = key.substring(0, space);
      if (rest.endsWith(" and")) {
        rest = rest.substring(0, rest.length() - 4);
      }
      return rest;
    }
    return key;
  }

  private static String withoutArticle(String key) {
    return key.startsWith("the ") ? key.substring(4) : key;
  }

  /**
   * "Hu" of "Hu Yaobang", "Yao" of "Yao Yilin": names written family name first, where the first
   * word is no given name of the lists.
   */
  private static boolean familyNameFirst(String key, String[] words) {
    return words.length >= 2
        && words.length <= 3
        && key.equals(words[0])
        && !Lexicons.FIRST_NAMES.contains(key)
        && !Lexicons.PERSON_TITLES.contains(key);
  }

  /** "bashar al assad" is "assad" without its particle. */
  private static String withoutParticle(String key) {
    String[] words = key.split(" ");
    if (words.length >= 2 && Lexicons.CONNECTORS.contains(words[words.length - 2])) {
      return words[words.length - 1];
    }
    return "";
  }
}
