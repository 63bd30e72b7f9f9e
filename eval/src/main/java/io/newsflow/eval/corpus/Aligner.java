package io.newsflow.eval.corpus;

import io.newsflow.avro.EntityType;
import io.newsflow.nlp.corpus.CorpusDocument;
import io.newsflow.nlp.corpus.CorpusEntity;
import io.newsflow.nlp.corpus.CorpusMention;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Turns an annotator's entities (surface forms, as {@code docs/entity-annotation-guidelines.md}
 * asks) into offsets: every occurrence of a listed form in the clean title and text, as a whole
 * word, is a mention; case counts except in a field written in capitals. Where two forms overlap
 * the longer wins. Ticker symbols in angle brackets ("&lt;KWH&gt;") and a leftover "Reuter"
 * sign-off are skipped; a form followed by "'s" takes it when the entity's canonical name has it
 * ("Moody" → "Moody's"). A country's abbreviation right before an organisation's name becomes part
 * of it ("U.S. Agriculture Department").
 */
final class Aligner {
  /** An entity as annotated: type, canonical name, surface forms. */
  record Annotated(EntityType type, String canonical, List<String> forms) {}

  /** The offsets found, and the forms that were not found. */
  record Result(CorpusDocument document, List<String> problems) {}

  private record Hit(boolean title, int start, int end, int entity) {}

  private Aligner() {}

  static Result align(
      String source,
      String docId,
      String set,
      String title,
      String text,
      List<Annotated> entities) {
    List<String> problems = new ArrayList<>();
    List<Hit> hits = new ArrayList<>();
    for (int e = 0; e < entities.size(); e++) {
      Annotated a = entities.get(e);
      for (String form : a.forms()) {
        int before = hits.size();
        find(title, true, form, a.canonical(), e, hits);
        find(text, false, form, a.canonical(), e, hits);
        if (hits.size() == before) {
          problems.add(docId + ": \"" + form + "\" (" + a.canonical() + ") is not in the text");
        }
      }
    }
    hits.sort(
        Comparator.comparingInt((Hit h) -> -(h.end() - h.start()))
            .thenComparing(h -> !h.title())
            .thenComparingInt(Hit::start));
    List<Hit> kept = new ArrayList<>();
    for (Hit h : hits) {
      boolean free = true;
      for (Hit k : kept) {
        if (k.title() == h.title() && k.start() < h.end() && h.start() < k.end()) {
          free = false;
          break;
        }
      }
      if (free) {
        kept.add(h);
      }
    }
    kept.sort(Comparator.comparing((Hit h) -> !h.title()).thenComparingInt(Hit::start));
    kept = countryPrefixes(kept, title, text, entities);
    List<CorpusEntity> out = new ArrayList<>();
    for (int e = 0; e < entities.size(); e++) {
      List<CorpusMention> mentions = new ArrayList<>();
      for (Hit h : kept) {
        if (h.entity() == e) {
          mentions.add(new CorpusMention(h.title(), h.start(), h.end()));
        }
      }
      if (!mentions.isEmpty()) {
        Annotated a = entities.get(e);
        out.add(new CorpusEntity(a.type(), a.canonical(), mentions));
      }
    }
    return new Result(new CorpusDocument(source, docId, set, title, text, out), problems);
  }

  private static final java.util.Set<String> COUNTRY_PREFIXES =
      java.util.Set.of("U.S.", "U.S", "US", "U.K.", "UK");

  /**
   * "U.S. Agriculture Department" is one organisation (as the gold files have "U.S. State
   * Department"): a country's abbreviation annotated as a place right before an organisation's name
   * becomes part of that name.
   */
  private static List<Hit> countryPrefixes(
      List<Hit> kept, String title, String text, List<Annotated> entities) {
    List<Hit> out = new ArrayList<>(kept.size());
    for (int i = 0; i < kept.size(); i++) {
      Hit h = kept.get(i);
      if (i + 1 < kept.size()) {
        Hit next = kept.get(i + 1);
        String field = h.title() ? title : text;
        if (next.title() == h.title()
            && entities.get(h.entity()).type() == EntityType.LOCATION
            && entities.get(next.entity()).type() == EntityType.ORGANIZATION
            && COUNTRY_PREFIXES.contains(field.substring(h.start(), h.end()))
            && next.start() == h.end() + 1
            && field.charAt(h.end()) == ' ') {
          out.add(new Hit(h.title(), h.start(), next.end(), next.entity()));
          i++;
          continue;
        }
      }
      out.add(h);
    }
    return out;
  }

  private static void find(
      String field, boolean title, String form, String canonical, int entity, List<Hit> hits) {
    if (form.isEmpty()) {
      return;
    }
    boolean anyCase = capitals(field);
    String hay = anyCase ? field.toLowerCase(Locale.ROOT) : field;
    String needle = anyCase ? form.toLowerCase(Locale.ROOT) : form;
    int from = 0;
    int at;
    while ((at = hay.indexOf(needle, from)) >= 0) {
      from = at + 1;
      int end = at + needle.length();
      if ((at > 0 && Character.isLetterOrDigit(field.charAt(at - 1)))
          || (end < field.length() && Character.isLetterOrDigit(field.charAt(end)))) {
        continue;
      }
      if (ticker(field, at, end, form) || signOff(field, at, form)) {
        continue;
      }
      if (end + 1 < field.length()
          && (field.charAt(end) == '\'' || field.charAt(end) == '’')
          && (field.charAt(end + 1) == 's' || field.charAt(end + 1) == 'S')
          && (end + 2 == field.length() || !Character.isLetterOrDigit(field.charAt(end + 2)))
          && ownApostropheS(canonical, form)) {
        end += 2;
      }
      hits.add(new Hit(title, at, end, entity));
    }
  }

  /** "&lt;GM&gt;", "&lt;RHON.PA&gt;": a symbol in brackets, not a name. */
  private static boolean ticker(String field, int at, int end, String form) {
    if (at == 0 || field.charAt(at - 1) != '<' || form.contains(" ")) {
      return false;
    }
    int close = field.indexOf('>', end);
    if (close < 0 || close - at > 12) {
      return false;
    }
    String symbol = field.substring(at, close);
    return symbol.indexOf(' ') < 0 && symbol.equals(symbol.toUpperCase(Locale.ROOT));
  }

  private static boolean signOff(String field, int at, String form) {
    return form.equalsIgnoreCase("reuter") && field.length() - at <= 10;
  }

  private static boolean ownApostropheS(String canonical, String form) {
    String c = canonical.toLowerCase(Locale.ROOT).replace('’', '\'');
    return c.contains(form.toLowerCase(Locale.ROOT) + "'s");
  }

  /** Whether most letters of a field are capitals (a Reuters headline). */
  static boolean capitals(String field) {
    int letters = 0;
    int upper = 0;
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (Character.isLetter(c)) {
        letters++;
        if (Character.isUpperCase(c)) {
          upper++;
        }
      }
    }
    return letters >= 4 && upper >= 0.8 * letters;
  }
}
