package io.newsflow.nlp.quotes;

import io.newsflow.avro.Entity;
import io.newsflow.avro.EntityType;
import io.newsflow.nlp.quotes.QuoteText.MentionRef;
import io.newsflow.nlp.quotes.QuoteText.Tok;
import java.util.Locale;

/**
 * Finds who a speech cue attributes words to, in a {@link QuoteText}: the cue ("said", "told",
 * "according to", "as saying"), then its subject before it ("X said", "X, a spokesman, said") or,
 * for verbs that allow it, after it ("said X", "according to X"). Pronouns and definite roles
 * ("he", "the minister") are resolved to the most recent person mentioned before them, preferring
 * one in the place of a subject.
 */
final class Attributor {
  /** How far before a verb its subject may be, in tokens. */
  private static final int SUBJECT_WINDOW = 12;

  /** How many paragraphs back a pronoun or a definite role may look for its person. */
  private static final int LOOKBACK_PARAGRAPHS = 4;

  /** How the text named the speaker. */
  enum Kind {
    /** By a name that the entities link ("Kerry", "Reuters"). */
    NAMED(0.9f),
    /** By a capitalised name the entities do not know. */
    NAME_ONLY(0.7f),
    /** By a pronoun, resolved to the person mentioned before. */
    PRONOUN(0.75f),
    /** By a definite role ("the minister"), resolved to the person mentioned before. */
    ROLE_RESOLVED(0.6f),
    /** By a role without a name ("a senior official", "traders"). */
    UNNAMED(0.8f);

    final float confidence;

    Kind(float confidence) {
      this.confidence = confidence;
    }
  }

  /**
   * A speaker: how the text names it (null for a pronoun nothing resolved), the entity when linked,
   * how it was found, the token where the text names it (for a pronoun, where its antecedent is; -1
   * when none), and the pronoun when it was one.
   */
  record Speaker(String name, Entity entity, Kind kind, int at, String pronoun) {
    static Speaker named(MentionRef m) {
      return new Speaker(m.text, m.entity, Kind.NAMED, m.lastTok, null);
    }

    boolean resolved() {
      return name != null;
    }

    /** Whether a pronoun could stand for this speaker: "he" for a person, "they" for traders. */
    boolean fits(String pronoun) {
      if (name == null || pronoun == null) {
        return false;
      }
      boolean plural = entity == null && kind == Kind.UNNAMED && plural(lastWord(name));
      boolean person =
          entity != null
              ? entity.getType() == EntityType.PERSON
              : kind == Kind.NAME_ONLY
                  || QuoteWords.PERSON_ROLES.contains(lastWord(name))
                  || !QuoteWords.ORG_ROLES.contains(lastWord(name));
      if (QuoteWords.PERSON_PRONOUNS.contains(pronoun)) {
        return person && !plural;
      }
      if (QuoteWords.ORG_PRONOUNS.contains(pronoun)) {
        return !person && !plural;
      }
      return plural || (entity != null && entity.getType() == EntityType.ORGANIZATION);
    }
  }

  /** A speech cue: its tokens and the words kept as the quote's cue. */
  record Cue(int first, int last, String text) {
    boolean according() {
      return text.equals("according to");
    }
  }

  private final QuoteText a;

  Attributor(QuoteText analysis) {
    this.a = analysis;
  }

  /** The cue at token {@code k}, or null: a speech verb in lower case, "according to", "saying". */
  Cue cueAt(int k) {
    Tok t = a.toks.get(k);
    if (t.word
        && t.lower.equals("according")
        && k + 1 < a.toks.size()
        && a.toks.get(k + 1).lower.equals("to")) {
      return new Cue(k, k + 1, "according to"); // "According to X," opens sentences too
    }
    if (!t.word || t.possessive || !t.lowerCase()) {
      return null;
    }
    if (t.lower.equals("saying")) {
      boolean as = k > 0 && a.toks.get(k - 1).lower.equals("as");
      return as ? new Cue(k - 1, k, "as saying") : new Cue(k, k, "saying");
    }
    if (!QuoteWords.SPEECH_VERBS.contains(t.lower)) {
      return null;
    }
    String text = t.text;
    if (QuoteWords.ADDRESSEE_VERBS.contains(t.lower) && k + 1 < a.toks.size()) {
      Tok next = a.toks.get(k + 1);
      if (next.mention != null && next.paragraph == t.paragraph) {
        MentionRef m = next.mention;
        text = a.text.substring(t.start, m.end);
      } else if (QuoteWords.LISTENERS.contains(next.lower)) {
        text = a.text.substring(t.start, next.end);
      }
    }
    return new Cue(k, k, text);
  }

  /** The first cue outside quotation marks in tokens [from, to), or null. */
  Cue firstCue(int from, int to) {
    for (int k = from; k < to; k++) {
      if (a.toks.get(k).quote < 0) {
        Cue c = cueAt(k);
        if (c != null) {
          return c;
        }
      }
    }
    return null;
  }

  /** The last cue outside quotation marks in tokens [from, to), or null. */
  Cue lastCue(int from, int to) {
    for (int k = to - 1; k >= from; k--) {
      if (a.toks.get(k).quote < 0) {
        Cue c = cueAt(k);
        if (c != null && c.last < to) {
          return c;
        }
      }
    }
    return null;
  }

  /**
   * The speaker of a cue: its subject among tokens [from, cue), else for verbs that put the speaker
   * after them ("said X", "according to X") the name among tokens (cue, to).
   */
  Speaker speaker(Cue cue, int from, int to) {
    if (cue.according()) {
      return after(cue.last, to);
    }
    Speaker s = before(cue.first, from);
    if (s == null && invertible(cue, from)) {
      s = after(cue.last, to);
    }
    return s != null ? s : sentenceSubject(from, cue.first);
  }

  /**
   * Whether the speaker may follow the cue: not after "told" or "saying", and only where the cue
   * opens its clause ('"...," said X', "..., reports The New York Times"), since "X said Y would"
   * makes Y no speaker.
   */
  private boolean invertible(Cue cue, int from) {
    Tok verb = a.toks.get(cue.first);
    if (QuoteWords.ADDRESSEE_VERBS.contains(verb.lower) || cue.text.endsWith("saying")) {
      return false;
    }
    if (cue.first <= from || verb.sentenceStart) {
      return true;
    }
    Tok before = a.toks.get(cue.first - 1);
    return before.is(',') || before.quoteMark();
  }

  /**
   * The subject that opens the sentence of a cue too far from it to be found by looking back ("He
   * added that ... and added: "..."): a pronoun or a name at the sentence's first word.
   */
  private Speaker sentenceSubject(int from, int cue) {
    if (from >= cue || a.toks.get(from).quote >= 0) {
      return null;
    }
    Tok t = a.toks.get(from);
    int k = from;
    while (k < cue
        && k < from + 3
        && a.toks.get(k).capitalized()
        && a.toks.get(k).mention == null
        && !QuoteWords.PERSON_PRONOUNS.contains(a.toks.get(k).lower)) {
      k++;
    }
    Tok first = a.toks.get(k);
    if (first.mention != null && first.mention.type() != EntityType.LOCATION) {
      return Speaker.named(first.mention);
    }
    if (QuoteWords.PERSON_PRONOUNS.contains(t.lower)) {
      Speaker s = pronoun(t, from);
      return s != null && s.resolved() ? s : null;
    }
    return null;
  }

  /**
   * The subject of the verb at token {@code verb}, looking back to token {@code from}: the nearest
   * person or organisation not governed by a preposition, a pronoun, a role, or a capitalised name
   * right before the verb. "X, a spokesman, said" gives X.
   */
  Speaker before(int verb, int from) {
    int k = verb - 1;
    if (k > from && a.toks.get(k).is(',')) {
      // "NAME, apposition, said": the name before the apposition speaks
      for (int j = k - 1; j > from && j >= k - 16; j--) {
        Tok t = a.toks.get(j);
        if (stop(t)) {
          break;
        }
        if (t.is(',')) {
          Speaker s = nameEndingAt(j - 1, from);
          if (s != null) {
            return s;
          }
          break;
        }
      }
      k--;
    }
    int limit = Math.max(from, verb - SUBJECT_WINDOW);
    for (; k >= limit; k--) {
      Tok t = a.toks.get(k);
      if (stop(t)) {
        return null;
      }
      if (t.mention != null) {
        MentionRef m = t.mention;
        boolean adjacent = m.lastTok == verb - 1;
        if ((m.type() != EntityType.LOCATION || adjacent) && !objectMarked(m.firstTok)) {
          return Speaker.named(m);
        }
        k = m.firstTok;
        continue;
      }
      if (t.possessive) {
        continue;
      }
      Speaker s = pronoun(t, k);
      if (s != null) {
        return s;
      }
      if (role(t)) {
        return roleBefore(k, from, verb);
      }
      if (k == verb - 1 && t.lower.equals("one")) {
        return oneOfThem(k);
      }
      if (k == verb - 1) {
        Speaker unnamed = unlistedRole(k, from);
        if (unnamed != null) {
          return unnamed;
        }
      }
      if (t.capitalized() && (k == verb - 1 || affiliation(a.toks.get(k + 1)))) {
        // "Smith said", "Koos Ten Have of Staal Bankiers said"
        Speaker name = capitalisedRunEndingAt(k, from);
        if (name != null) {
          return name;
        }
      }
    }
    return null;
  }

  /**
   * The speaker right after the verb at token {@code verb}: "said X", "said Treasury Secretary X",
   * "said a senior official", "said he", "according to X".
   */
  Speaker after(int verb, int to) {
    int k = verb + 1;
    if (k < to && a.toks.get(k).lower.equals("the") && a.toks.get(k).mention == null) {
      if (k + 1 < to && a.toks.get(k + 1).mention != null) {
        k++;
      }
    }
    if (k >= to || a.toks.get(k).quote >= 0) {
      return null;
    }
    Tok t = a.toks.get(k);
    // titles before a name: "said Treasury Secretary James Baker"
    for (int j = k; j < to && j < k + 5; j++) {
      Tok u = a.toks.get(j);
      if (u.mention != null) {
        if (u.mention.type() != EntityType.LOCATION) {
          return Speaker.named(u.mention);
        }
        break;
      }
      if (!u.capitalized()) {
        break;
      }
    }
    if (QuoteWords.PERSON_PRONOUNS.contains(t.lower)) {
      return pronoun(t, k);
    }
    // "said a senior official", "said the group's chief executive, Kjell Nilsson"
    int head = -1;
    int j = k;
    for (; j < to && j < k + 7; j++) {
      Tok u = a.toks.get(j);
      if (u.quote >= 0 || (!u.word && !u.is('-'))) {
        break;
      }
      if (u.lowerCase()
          && !u.possessive
          && (QuoteWords.OBJECT_MARKERS.contains(u.lower)
              || QuoteWords.CLAUSE_WORDS.contains(u.lower)
              || cueAt(j) != null)) {
        break;
      }
      if (role(u)) {
        head = j;
      }
    }
    if (head >= 0) {
      if (head + 2 < to && a.toks.get(head + 1).is(',')) {
        Tok name = a.toks.get(head + 2);
        if (name.mention != null && name.mention.type() == EntityType.PERSON) {
          return Speaker.named(name.mention);
        }
      }
      return roleAt(k, head, to);
    }
    if (t.capitalized() && !QuoteWords.NOT_NAMES.contains(t.lower)) {
      int end = k;
      while (end + 1 < to && end < k + 3 && a.toks.get(end + 1).capitalized()) {
        end++;
      }
      return new Speaker(
          a.text.substring(t.start, a.toks.get(end).end), null, Kind.NAME_ONLY, end, null);
    }
    return null;
  }

  /**
   * What a pronoun or definite role at token {@code k} refers to: the most recent mention of an
   * entity of {@code type} before it outside quotation marks, preferring one in the place of a
   * subject, or for a person an unnamed one that spoke ("a spokesman said"); null when none is
   * within a few paragraphs.
   */
  private Speaker antecedent(int k, EntityType type, Kind kind, String pronoun) {
    int paragraph = a.toks.get(Math.min(k, a.toks.size() - 1)).paragraph;
    int stopParagraph = Math.max(0, paragraph - LOOKBACK_PARAGRAPHS);
    MentionRef latest = null;
    for (int j = k - 1; j >= 0; j--) {
      Tok t = a.toks.get(j);
      if (t.paragraph < stopParagraph) {
        break;
      }
      if (t.quote >= 0) {
        continue;
      }
      MentionRef m = t.mention;
      if (m == null) {
        if (type == EntityType.PERSON
            && role(t)
            && QuoteWords.PERSON_ROLES.contains(t.lower)
            && !plural(t.lower)
            && j + 1 < a.toks.size()
            && cueAt(j + 1) != null) {
          // "a spokesman said ... he said", "the president added ... he said"
          int start = npStart(j, a.paragraphToks.get(t.paragraph)[0]);
          Speaker r = role(start, j, j);
          return new Speaker(r.name(), r.entity(), kind, r.at(), pronoun);
        }
        if (type == EntityType.PERSON
            && t.capitalized()
            && !role(t)
            && j + 1 < a.toks.size()
            && cueAt(j + 1) != null) {
          // "Haggard said he ...": a name the entities missed, as the subject of a cue
          Speaker name = capitalisedRunEndingAt(j, a.paragraphToks.get(t.paragraph)[0]);
          if (name != null) {
            return new Speaker(name.name(), null, kind, j, pronoun);
          }
        }
        continue;
      }
      if (m.type() != type || m.lastTok != j) {
        continue;
      }
      if (latest == null) {
        latest = m;
      }
      if (subjectLike(m)) {
        // "Wallison told the paper that Poindexter refused ...": the sentence's own subject first
        MentionRef main = sentenceOpener(m, type);
        return new Speaker(main.text, main.entity, kind, main.lastTok, pronoun);
      }
    }
    return latest == null
        ? null
        : new Speaker(latest.text, latest.entity, kind, latest.lastTok, pronoun);
  }

  /** The mention of {@code type} that opens the sentence of {@code m}, else {@code m}. */
  private MentionRef sentenceOpener(MentionRef m, EntityType type) {
    for (int j = a.sentenceStart(m.firstTok); j < m.firstTok; j++) {
      MentionRef o = a.toks.get(j).mention;
      if (o != null && o.type() == type && a.toks.get(j).quote < 0 && opensSentence(j)) {
        return o;
      }
    }
    return m;
  }

  /**
   * Whether a mention sits where a subject does: at the start of a paragraph, sentence or clause,
   * titles before it aside ("Finance Minister X", "Secretary Kerry"), and not owning a noun.
   */
  boolean subjectLike(MentionRef m) {
    if (m.lastTok + 1 < a.toks.size() && a.toks.get(m.lastTok + 1).possessive) {
      return false;
    }
    int first = a.paragraphToks.get(a.toks.get(m.firstTok).paragraph)[0];
    int j = m.firstTok - 1;
    while (j >= first
        && a.toks.get(j).capitalized()
        && a.toks.get(j).mention == null
        && !a.toks.get(j).sentenceStart) {
      j--;
    }
    if (j >= first && a.toks.get(j).capitalized() && a.toks.get(j).sentenceStart) {
      return true; // "Secretary Kerry emphasized" at a sentence start
    }
    if (j < first) {
      return true;
    }
    Tok p = a.toks.get(j);
    if (p.is(',') && j > first && a.toks.get(j - 1).mention != null && appositive(m)) {
      return false; // "Khalaf al-Oteiba, Marketing Director at ADNOC, told ..."
    }
    if (!p.word) {
      return ".,;:!?(—–".indexOf(p.text.charAt(0)) >= 0 || p.quoteMark();
    }
    return QuoteWords.CLAUSE_WORDS.contains(p.lower);
  }

  /**
   * Whether the name at token {@code k} opens its sentence, or the main clause after an opening
   * phrase ("On Monday, Smith said"), titles before it aside.
   */
  boolean opensSentence(int k) {
    Tok t = a.toks.get(k);
    int j = t.mention != null ? t.mention.firstTok : k;
    int first = a.paragraphToks.get(t.paragraph)[0];
    while (j > first
        && !a.toks.get(j).sentenceStart
        && a.toks.get(j - 1).capitalized()
        && a.toks.get(j - 1).mention == null) {
      j--;
    }
    return a.toks.get(j).sentenceStart || (j > first && a.toks.get(j - 1).is(','));
  }

  /** "of", "at", "from", "with": what ties a speaker's name to where the speaker works. */
  private static boolean affiliation(Tok t) {
    return t.word
        && (t.lower.equals("of")
            || t.lower.equals("at")
            || t.lower.equals("from")
            || t.lower.equals("with"));
  }

  /** Whether what follows a mention makes it an apposition: a comma or "of/at/for ...", no verb. */
  private boolean appositive(MentionRef m) {
    if (m.lastTok + 1 >= a.toks.size()) {
      return false;
    }
    Tok next = a.toks.get(m.lastTok + 1);
    return next.is(',') || (next.word && QuoteWords.OBJECT_MARKERS.contains(next.lower));
  }

  /** A punctuation mark a subject never lies behind, or a token in quotation marks. */
  private boolean stop(Tok t) {
    if (t.quote >= 0) {
      return true;
    }
    return !t.word && ".;:!?…".indexOf(t.text.charAt(0)) >= 0;
  }

  /** Whether the word before a name makes it an object: "with Lavrov", "met Putin". */
  private boolean objectMarked(int firstTok) {
    int j = firstTok - 1;
    // titles between: "with Russian President Vladimir Putin"
    while (j >= 0
        && j >= firstTok - 4
        && a.toks.get(j).capitalized()
        && a.toks.get(j).mention == null
        && !a.toks.get(j).sentenceStart) {
      j--;
    }
    while (j >= 0 && j >= firstTok - 6 && QuoteWords.ARTICLES.contains(a.toks.get(j).lower)) {
      j--;
    }
    if (j < 0 || a.toks.get(j).paragraph != a.toks.get(firstTok).paragraph) {
      return false;
    }
    Tok p = a.toks.get(j);
    return p.word && p.lowerCase() && QuoteWords.OBJECT_MARKERS.contains(p.lower);
  }

  /** A name (mention, pronoun or capitalised run) whose last token is {@code k}, or null. */
  private Speaker nameEndingAt(int k, int from) {
    if (k < from) {
      return null;
    }
    Tok t = a.toks.get(k);
    if (t.quote >= 0) {
      return null;
    }
    if (t.mention != null && t.mention.lastTok == k && t.mention.type() != EntityType.LOCATION) {
      return objectMarked(t.mention.firstTok) ? null : Speaker.named(t.mention);
    }
    if (QuoteWords.PERSON_PRONOUNS.contains(t.lower)) {
      return pronoun(t, k);
    }
    return t.capitalized() ? capitalisedRunEndingAt(k, from) : null;
  }

  /**
   * A capitalised run of up to four words ending at {@code k} as a name the entities missed: "Smith
   * said". Not when a preposition or article precedes it ("of State", "the Fund").
   */
  private Speaker capitalisedRunEndingAt(int k, int from) {
    int start = k;
    while (start - 1 >= from
        && start > k - 3
        && a.toks.get(start - 1).capitalized()
        && !a.toks.get(start).sentenceStart) {
      start--;
    }
    for (int j = start; j <= k; j++) {
      if (QuoteWords.NOT_NAMES.contains(a.toks.get(j).lower) || role(a.toks.get(j))) {
        start = j + 1;
      }
    }
    if (start > k) {
      return null;
    }
    if (start - 1 >= 0 && a.toks.get(start - 1).paragraph == a.toks.get(k).paragraph) {
      Tok before = a.toks.get(start - 1);
      if (before.word
          && (QuoteWords.OBJECT_MARKERS.contains(before.lower) || before.lower.equals("the"))) {
        return null;
      }
    }
    return new Speaker(
        a.text.substring(a.toks.get(start).start, a.toks.get(k).end),
        null,
        Kind.NAME_ONLY,
        k,
        null);
  }

  /**
   * A pronoun at token {@code k} resolved: he/she to the most recent person, it to the most recent
   * organisation. They/we/I/you, and a pronoun with nothing to refer to, give a speaker without a
   * name (the quote's context may still supply one). Null when {@code t} is no pronoun.
   */
  private Speaker pronoun(Tok t, int k) {
    if (!t.word) {
      return null;
    }
    Speaker s = null;
    if (QuoteWords.PERSON_PRONOUNS.contains(t.lower)) {
      s = antecedent(k, EntityType.PERSON, Kind.PRONOUN, t.lower);
    } else if (QuoteWords.ORG_PRONOUNS.contains(t.lower)) {
      s = antecedent(k, EntityType.ORGANIZATION, Kind.PRONOUN, t.lower);
    } else if (!QuoteWords.OTHER_PRONOUNS.contains(t.lower)) {
      return null;
    }
    return s != null ? s : new Speaker(null, null, Kind.PRONOUN, -1, t.lower);
  }

  /**
   * A role noun: "spokesman", "company"; capitalised only when no name follows ("a senior U.S.
   * Official replied", not "Secretary Kerry").
   */
  boolean role(Tok t) {
    if (!t.word
        || t.possessive
        || !(QuoteWords.PERSON_ROLES.contains(t.lower) || QuoteWords.ORG_ROLES.contains(t.lower))) {
      return false;
    }
    if (t.lowerCase()) {
      return true;
    }
    int k = a.tokenAt(t.start) + 1;
    return !t.sentenceStart && (k >= a.toks.size() || !a.toks.get(k).capitalized());
  }

  /**
   * "Dealers said ... "...," one said": one of the group that last spoke, as "one of the dealers";
   * a speaker without a name when no group spoke.
   */
  private Speaker oneOfThem(int k) {
    int stopParagraph = Math.max(0, a.toks.get(k).paragraph - LOOKBACK_PARAGRAPHS);
    for (int j = k - 1; j >= 0 && a.toks.get(j).paragraph >= stopParagraph; j--) {
      Tok t = a.toks.get(j);
      if (t.quote < 0
          && t.word
          && !t.possessive
          && plural(t.lower)
          && (role(t) || t.lower.endsWith("ers") || t.lower.endsWith("ists"))
          && j + 1 < a.toks.size()
          && cueAt(j + 1) != null) {
        return new Speaker("one of the " + t.lower, null, Kind.UNNAMED, k, null);
      }
    }
    return new Speaker(null, null, Kind.PRONOUN, -1, "one");
  }

  /**
   * A noun the role list lacks, right before the verb, read as an unnamed speaker when an
   * indefinite determiner leads it ("one Japanese refiner said") or it is a plural agent noun
   * ("exporters said").
   */
  private Speaker unlistedRole(int k, int from) {
    Tok t = a.toks.get(k);
    if (!t.word
        || t.possessive
        || !t.lowerCase()
        || t.lower.endsWith("ly")
        || QuoteWords.NOT_NAMES.contains(t.lower)
        || QuoteWords.OBJECT_MARKERS.contains(t.lower)
        || QuoteWords.CLAUSE_WORDS.contains(t.lower)) {
      return null;
    }
    int start = npStart(k, from);
    Tok det = a.toks.get(start);
    boolean indefinite =
        start < k
            && (det.lower.equals("a")
                || det.lower.equals("an")
                || det.lower.equals("one")
                || det.lower.equals("another"));
    boolean agents =
        start == k
            && (t.lower.endsWith("ers") || t.lower.endsWith("ists") || t.lower.endsWith("ians"));
    if (!indefinite && !agents) {
      return null;
    }
    return new Speaker(a.text.substring(det.start, t.end), null, Kind.UNNAMED, k, null);
  }

  /** The role whose head noun is token {@code head}, found looking back from a verb. */
  private Speaker roleBefore(int head, int from, int verb) {
    int start = npStart(head, from);
    int end = head;
    // "the secretary of State noted": the complement belongs to the role
    if (head + 1 < verb && a.toks.get(head + 1).lower.equals("of") && verb - head <= 5) {
      end = verb - 1;
      while (end > head && !a.toks.get(end).word) {
        end--;
      }
    }
    return role(start, head, end);
  }

  /** The role of tokens [start, end] with head {@code head}, found after a verb. */
  private Speaker roleAt(int start, int head, int to) {
    int end = head;
    if (head + 2 < to
        && a.toks.get(head + 1).lower.equals("of")
        && a.toks.get(head + 2).capitalized()) {
      end = head + 2;
      while (end + 1 < to && end < head + 5 && a.toks.get(end + 1).capitalized()) {
        end++;
      }
    }
    return role(start, head, end);
  }

  /**
   * Where the noun phrase of a role starts: back over modifiers to a determiner or an owner ("the
   * company's chairman"), at most six words.
   */
  private int npStart(int head, int from) {
    int j = head - 1;
    while (j >= from && j >= head - 6) {
      Tok t = a.toks.get(j);
      if (t.quote >= 0 || (!t.word && !t.is('-'))) {
        break;
      }
      if (t.possessive) {
        // the owner: a mention or a word
        j--;
        if (j >= from && a.toks.get(j).mention != null) {
          return Math.max(from, a.toks.get(j).mention.firstTok);
        }
        return Math.max(from, j);
      }
      if (QuoteWords.DEFINITE.contains(t.lower) || QuoteWords.OTHER_DETERMINERS.contains(t.lower)) {
        return j;
      }
      if (t.lowerCase()
          && (QuoteWords.OBJECT_MARKERS.contains(t.lower)
              || QuoteWords.CLAUSE_WORDS.contains(t.lower)
              || QuoteWords.SPEECH_VERBS.contains(t.lower)
              || t.lower.equals("who")
              || t.lower.equals("which"))) {
        break;
      }
      j--;
    }
    return j + 1;
  }

  private Speaker role(int start, int head, int end) {
    String name = a.text.substring(a.toks.get(start).start, a.toks.get(end).end);
    Tok headTok = a.toks.get(head);
    Tok det = a.toks.get(start);
    boolean plural = plural(headTok.lower);
    boolean document =
        QuoteWords.ORG_ROLES.contains(headTok.lower)
            && (headTok.lower.equals("report")
                || headTok.lower.equals("statement")
                || headTok.lower.equals("study")
                || headTok.lower.equals("survey")
                || headTok.lower.equals("communique"));
    if (start != head && QuoteWords.DEFINITE.contains(det.lower) && !plural && !document) {
      if (!introducedUnnamed(headTok.lower, start)) {
        EntityType type =
            QuoteWords.PERSON_ROLES.contains(headTok.lower)
                ? EntityType.PERSON
                : EntityType.ORGANIZATION;
        Speaker s = antecedent(start, type, Kind.ROLE_RESOLVED, null);
        if (s != null && s.entity() != null) {
          return s;
        }
      }
    }
    return new Speaker(name, null, Kind.UNNAMED, head, null);
  }

  /**
   * Whether "a/an/one ... {@code head}" came before token {@code k}: "the official" is that one.
   */
  private boolean introducedUnnamed(String head, int k) {
    for (int j = k - 1; j >= 0; j--) {
      Tok t = a.toks.get(j);
      if (t.word && t.lower.equals(head)) {
        for (int d = j - 1; d >= 0 && d >= j - 4; d--) {
          String w = a.toks.get(d).lower;
          if (w.equals("a") || w.equals("an") || w.equals("one")) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static String lastWord(String name) {
    int space = name.lastIndexOf(' ');
    return (space < 0 ? name : name.substring(space + 1)).toLowerCase(Locale.ROOT);
  }

  static boolean plural(String noun) {
    return noun.endsWith("men")
        || noun.endsWith("people")
        || (noun.endsWith("s") && !noun.endsWith("ss"));
  }
}
