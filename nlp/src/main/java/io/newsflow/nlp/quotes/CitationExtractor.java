package io.newsflow.nlp.quotes;

import io.newsflow.avro.Entity;
import io.newsflow.avro.EntityType;
import io.newsflow.avro.Link;
import io.newsflow.avro.LinkType;
import io.newsflow.avro.Mention;
import io.newsflow.nlp.quotes.QuoteText.MentionRef;
import io.newsflow.nlp.quotes.QuoteText.Tok;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds the news outlets and agencies an article cites as its sources: clean text and its entities
 * in, one {@link LinkType#CITES} {@link Link} per cited organisation out (target: its entity id;
 * targetName: its name; evidence: every cue phrase as written, in text order; via: the reporter
 * when one is named with it; score 1.0, all cues being explicit). Stateless and thread-safe.
 *
 * <p>What cites an organisation X (an {@code ORGANIZATION} entity, outside quotation marks):
 *
 * <ul>
 *   <li>cues that name a source whatever X is: "according to X", "citing X", "a report by X", "a
 *       survey from X", "X quoted ... as saying", and "..., reports X" behind a comma;
 *   <li>cues that also fit a company speaking for itself, counted only when X is an outlet: "X
 *       reports/reported/said/explains/wrote ...", "X's Y reports" (Y, a person, is the {@code
 *       via}), "X reporter Y wrote", "..., said X" behind a comma, "a report in X".
 * </ul>
 *
 * "Y said X would ..." cites nothing: X opens the reported clause. "X told Reuters" does not cite
 * Reuters: Reuters is the one listening there, not a source of the article. X is an outlet when a
 * word of its name or of a mention is an outlet word ("Times", "Post", "Agency", "Reuters",
 * "Xinhua", ... in {@code outlet-words.txt}) or a word right beside a mention says so ("the daily
 * X", "X newspaper", {@code outlet-context-words.txt}); never a name with a legal form ("Inc",
 * "Corp", "Co"), which is a company speaking for itself.
 */
public final class CitationExtractor {
  /** Score of a citation found by an explicit cue. */
  static final double EXPLICIT_CUE_SCORE = 1.0;

  private static final Set<String> REPORT_NOUNS =
      Set.of(
          "report",
          "reports",
          "article",
          "articles",
          "story",
          "editorial",
          "dispatch",
          "broadcast",
          "commentary",
          "survey");

  /** "a report by/from X" names X as the source whatever X is; "a report in X" only an outlet. */
  private static final Set<String> REPORT_PREPOSITIONS = Set.of("by", "from", "in");

  /**
   * Verbs that, before a name behind a comma, make it a source whatever it is: "..., reports X".
   */
  private static final Set<String> REPORT_VERBS = Set.of("reports", "reported", "writes", "wrote");

  /** Legal forms: a company speaking for itself ("Taft Broadcasting Co said"), not an outlet. */
  private static final Set<String> LEGAL_FORMS =
      Set.of(
          "inc",
          "corp",
          "corporation",
          "co",
          "cos",
          "ltd",
          "plc",
          "llc",
          "lp",
          "ag",
          "sa",
          "nv",
          "bv",
          "spa",
          "gmbh",
          "bhd",
          "pty",
          "holdings",
          "kk");

  private static final Set<String> REPORTER_ROLES =
      Set.of(
          "reporter",
          "reporters",
          "correspondent",
          "correspondents",
          "columnist",
          "editor",
          "writer",
          "journalist",
          "commentator");

  /** One citation cue around a mention. */
  private record Citation(String phrase, String via, int lastTok) {}

  /** The citations of one outlet, in text order. */
  private static final class Cited {
    final Entity entity;
    final List<String> evidence = new ArrayList<>();
    String via;

    Cited(Entity entity) {
      this.entity = entity;
    }
  }

  /**
   * The outlets and agencies an article cites.
   *
   * @param cleanText the clean text, paragraphs separated by a blank line
   * @param entities the article's entities; mentions with field BODY point into {@code cleanText}
   */
  public List<Link> extract(String cleanText, List<Entity> entities) {
    QuoteText a = new QuoteText(cleanText, entities);
    Attributor at = new Attributor(a);
    Map<String, Cited> byEntity = new LinkedHashMap<>();
    int consumed = -1;
    for (MentionRef m : a.mentions) {
      if (m.type() != EntityType.ORGANIZATION
          || m.firstTok <= consumed
          || a.toks.get(m.firstTok).quote >= 0) {
        continue;
      }
      Citation c = cite(a, at, m);
      if (c == null) {
        continue;
      }
      consumed = c.lastTok();
      Cited cited = byEntity.computeIfAbsent(m.entity.getId(), id -> new Cited(m.entity));
      if (!cited.evidence.contains(c.phrase())) {
        cited.evidence.add(c.phrase());
      }
      if (cited.via == null) {
        cited.via = c.via();
      }
    }
    List<Link> links = new ArrayList<>(byEntity.size());
    for (Cited cited : byEntity.values()) {
      links.add(
          Link.newBuilder()
              .setType(LinkType.CITES)
              .setTarget(cited.entity.getId())
              .setScore(EXPLICIT_CUE_SCORE)
              .setEvidence(List.copyOf(cited.evidence))
              .setTargetName(cited.entity.getName())
              .setVia(cited.via)
              .build());
    }
    return links;
  }

  /** Whether an organisation is a news outlet or agency by its name alone. */
  public static boolean isOutletName(Entity entity) {
    if (entity.getType() != EntityType.ORGANIZATION || hasLegalForm(entity.getName())) {
      return false;
    }
    if (hasOutletWord(entity.getName())) {
      return true;
    }
    for (Mention m : entity.getMentions()) {
      if (hasOutletWord(m.getText())) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasLegalForm(String name) {
    String[] words = name.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
    return words.length > 1 && LEGAL_FORMS.contains(words[words.length - 1]);
  }

  private static boolean hasOutletWord(String name) {
    for (String word : name.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (QuoteWords.OUTLET_WORDS.contains(word)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the mention names an outlet: by its entity's name, or a word beside it. */
  private static boolean isOutlet(QuoteText a, MentionRef m) {
    if (isOutletName(m.entity)) {
      return true;
    }
    int after = m.lastTok + 1;
    if (after < a.toks.size() && a.toks.get(after).is(')')) {
      after++;
    }
    if (after < a.toks.size() && QuoteWords.OUTLET_CONTEXT.contains(a.toks.get(after).lower)) {
      return true;
    }
    int before = m.firstTok - 1;
    if (before >= 0 && QuoteWords.ARTICLES.contains(a.toks.get(before).lower)) {
      before--;
    }
    return before >= 0 && QuoteWords.OUTLET_CONTEXT.contains(a.toks.get(before).lower);
  }

  /** The citation cue around mention {@code m}, or null when it is cited by none. */
  private static Citation cite(QuoteText a, Attributor at, MentionRef m) {
    int p = m.firstTok - 1;
    if (p >= 0 && a.toks.get(p).lower.equals("the") && a.toks.get(p).lowerCase()) {
      p--;
    }
    if (p >= 0 && a.toks.get(p).paragraph == a.toks.get(m.firstTok).paragraph) {
      Citation before = citeBefore(a, at, m, p);
      if (before != null) {
        return before;
      }
    }
    return citeAsSubject(a, at, m);
  }

  /** "according to X", "citing X", "a report by X", "..., reports X". */
  private static Citation citeBefore(QuoteText a, Attributor at, MentionRef m, int p) {
    Tok t = a.toks.get(p);
    if (!t.word || !t.lowerCase()) {
      return null;
    }
    if (t.lower.equals("to") && p > 0 && a.toks.get(p - 1).lower.equals("according")) {
      return new Citation(phrase(a, p - 1, m.lastTok), null, m.lastTok);
    }
    if (t.lower.equals("citing")) {
      return new Citation(phrase(a, p, m.lastTok), null, m.lastTok);
    }
    if (REPORT_PREPOSITIONS.contains(t.lower)
        && p > 0
        && REPORT_NOUNS.contains(a.toks.get(p - 1).lower)
        && (!t.lower.equals("in") || isOutlet(a, m))) {
      int from = p - 1;
      if (from > 0 && QuoteWords.ARTICLES.contains(a.toks.get(from - 1).lower)) {
        from--;
      }
      return new Citation(phrase(a, from, m.lastTok), null, m.lastTok);
    }
    Attributor.Cue cue = at.cueAt(p);
    if (cue != null
        && cue.first() == p
        && !QuoteWords.ADDRESSEE_VERBS.contains(t.lower)
        && !cue.according()
        && !cue.text().endsWith("saying")) {
      // "Killian said the Nikkei contract ...": without the comma, X opens the reported clause
      boolean inverted = p > 0 && (a.toks.get(p - 1).is(',') || a.toks.get(p - 1).quoteMark());
      if (inverted && (REPORT_VERBS.contains(t.lower) || isOutlet(a, m))) {
        return new Citation(phrase(a, p, m.lastTok), null, m.lastTok);
      }
    }
    return null;
  }

  /**
   * "X reports", "X (XX) highlighted", "X also acknowledges:", "X's Y reports", "X reporter Y
   * wrote", "X quoted ... as saying".
   */
  private static Citation citeAsSubject(QuoteText a, Attributor at, MentionRef m) {
    int q = m.lastTok + 1;
    int end = a.paragraphToks.get(a.toks.get(m.firstTok).paragraph)[1];
    if (q < end && a.toks.get(q).is('(')) {
      int close = q + 1;
      while (close < end && close < q + 6 && !a.toks.get(close).is(')')) {
        close++;
      }
      if (close < end && a.toks.get(close).is(')')) {
        q = close + 1;
      }
    }
    String via = null;
    if (q < end && a.toks.get(q).possessive) {
      q++;
    }
    if (q < end && REPORTER_ROLES.contains(a.toks.get(q).lower)) {
      q++;
    }
    if (q < end && a.toks.get(q).mention != null) {
      MentionRef reporter = a.toks.get(q).mention;
      if (reporter.type() != EntityType.PERSON || q == m.lastTok + 1) {
        return null;
      }
      via = reporter.text;
      q = reporter.lastTok + 1;
    }
    for (int skipped = 0; q < end && skipped < 2 && adverb(a.toks.get(q)); skipped++) {
      q++;
    }
    if (q >= end) {
      return null;
    }
    Tok verb = a.toks.get(q);
    boolean quoted = verb.word && verb.lower.equals("quoted") && verb.lowerCase();
    Attributor.Cue cue = quoted ? null : at.cueAt(q);
    if (!quoted
        && (cue == null
            || cue.first() != q
            || QuoteWords.ADDRESSEE_VERBS.contains(verb.lower)
            || cue.according())) {
      return null;
    }
    if (!quoted && !isOutlet(a, m)) {
      return null;
    }
    int from = m.firstTok;
    if (from > 0 && a.toks.get(from - 1).lower.equals("the") && a.toks.get(from - 1).word) {
      from--; // "The Times also acknowledges:" as written, article included
    }
    String phrase = phrase(a, from, q);
    if (q + 1 < end && a.toks.get(q + 1).is(':')) {
      phrase += ":";
    }
    return new Citation(phrase, via, q);
  }

  private static boolean adverb(Tok t) {
    return t.word
        && t.lowerCase()
        && (t.lower.endsWith("ly")
            || t.lower.equals("also")
            || t.lower.equals("earlier")
            || t.lower.equals("today")
            || t.lower.equals("yesterday")
            || t.lower.equals("again")
            || t.lower.equals("later"));
  }

  /** The text of tokens [from, to], blanks collapsed. */
  private static String phrase(QuoteText a, int from, int to) {
    return a.text.substring(a.toks.get(from).start, a.toks.get(to).end).replaceAll("\\s+", " ");
  }
}
