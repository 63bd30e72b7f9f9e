package io.newsflow.nlp.entities;

import io.newsflow.avro.Entity;
import io.newsflow.avro.EntityType;
import io.newsflow.avro.Mention;
import io.newsflow.avro.TextField;
import io.newsflow.kb.AliasKeys;
import io.newsflow.kb.KnowledgeBase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Finds the people, organisations and places of an English article and links them to canonical ids:
 * title and clean text in, one {@link Entity} per distinct entity out, with every mention's
 * offsets. Thread-safe.
 *
 * <p>How: the text is tokenised and scanned left to right. At each capitalised word the longest
 * name of the knowledge base is looked up (by the hash of its key, extended word by word), and the
 * run of capitalised words around it is read as a candidate name. A run ending in an organisation
 * word ("Committee", "Ltd") beats a shorter knowledge-base name inside it ("Japan" in "Japan Line
 * Ltd"); names the knowledge base does not know are typed from their context: a title before them
 * ("Rep", "Secretary of State"), a given name, an organisation or place word, a preposition of
 * place. Then mentions are grouped into entities: a surname joins the person named in full ("Kerry"
 * after "John Kerry"), an acronym joins the name it abbreviates ("SEC"), a head word or a shortened
 * company name joins the organisation ("the Commission", "Jaguar" for "Jaguar Plc"), and
 * knowledge-base aliases share their entity ("ISIS", "ISIL", "Daesh"). Headlines in capitals or in
 * title case only contribute names the knowledge base or the body confirm.
 */
public final class EntityExtractor {
  private static final float KB_MIN_PRIOR_SINGLE_CAPS = 0.6f;
  private static final float KB_MIN_PRIOR_MULTI_CAPS = 0.3f;
  private static final float KB_MIN_PRIOR_SENTENCE_START = 0.9f;
  private static final float KB_MIN_PRIOR_COMMON = 0.7f;
  private static final float KB_MIN_PRIOR_COMMON_CAPS = 0.85f;

  private final KnowledgeBase kb;
  private final int maxTokens;

  public EntityExtractor(KnowledgeBase kb) {
    this.kb = Objects.requireNonNull(kb, "knowledge base");
    this.maxTokens = Math.min(kb.maxAliasTokens(), 10);
  }

  /** An extractor over the knowledge base that ships with newsflow. */
  public static EntityExtractor withDefaultKnowledgeBase() {
    return new EntityExtractor(KnowledgeBase.loadDefault());
  }

  public KnowledgeBase knowledgeBase() {
    return kb;
  }

  /** How much a text's capitals say about names. */
  enum CaseMode {
    /** Sentence case: capitals mark names. */
    NORMAL,
    /** Most words capitalised (a headline in title case): capitals say little. */
    TITLE,
    /** All capitals: capitals say nothing. */
    UPPER
  }

  /** A span of tokens that may name an entity. */
  static final class Candidate {
    final TextField field;
    final int from;
    final int to;
    final int start;
    final int end;
    final String text;
    final String key;
    int kbEntity = -1;
    EntityType type;
    float confidence;
    boolean personCue;
    Group group;

    Candidate(TextField field, List<Token> tokens, String source, int from, int to) {
      this.field = field;
      this.from = from;
      this.to = to;
      this.start = tokens.get(from).start;
      this.end = tokens.get(to).end;
      this.text = source.substring(start, end);
      this.key = AliasKeys.normalize(text);
    }

    int length() {
      return to - from + 1;
    }
  }

  /** Mentions found to be one entity. */
  static final class Group {
    final List<Candidate> mentions = new ArrayList<>();
    EntityType type;
    int kbEntity = -1;
    float confidence;

    Candidate longest() {
      return mentions.stream()
          .filter(m -> m.field == TextField.BODY)
          .max(
              Comparator.comparingInt((Candidate m) -> m.length())
                  .thenComparingInt(m -> m.text.length()))
          .orElse(mentions.get(0));
    }

    Candidate first() {
      return mentions.get(0);
    }
  }

  /**
   * The entities of an article.
   *
   * @param cleanTitle the clean title (mention offsets with field TITLE point into it)
   * @param cleanText the clean text (mention offsets with field BODY point into it)
   */
  public List<Entity> extract(String cleanTitle, String cleanText) {
    String title = cleanTitle == null ? "" : cleanTitle;
    String body = cleanText == null ? "" : cleanText;
    List<Token> bodyTokens = Tokenizer.tokenize(body);
    List<Token> titleTokens = Tokenizer.tokenize(title);
    Set<String> lowerWords = new HashSet<>();
    for (Token t : bodyTokens) {
      if (t.word && !t.capitalized && !t.numeric()) {
        lowerWords.add(t.lower);
      }
    }
    Document doc = new Document(lowerWords);
    // a body in title case is rare and a short one with many names looks like it: only capitals
    // count
    CaseMode bodyMode = caseMode(bodyTokens) == CaseMode.UPPER ? CaseMode.UPPER : CaseMode.NORMAL;
    List<Candidate> bodyCandidates = scan(doc, TextField.BODY, bodyTokens, body, bodyMode);
    doc.learn(bodyCandidates);
    if (bodyMode != CaseMode.NORMAL) {
      // a text without case information: read it again with what it taught about its own names
      bodyCandidates = scan(doc, TextField.BODY, bodyTokens, body, bodyMode);
    } else {
      bodyCandidates = rescanWithDocumentNames(doc, bodyTokens, body, bodyCandidates);
    }
    List<Candidate> titleCandidates =
        scan(doc, TextField.TITLE, titleTokens, title, caseMode(titleTokens));
    List<Candidate> all = new ArrayList<>(titleCandidates.size() + bodyCandidates.size());
    all.addAll(titleCandidates);
    all.addAll(bodyCandidates);
    List<Group> groups = Grouping.group(kb, all, bodyTokens, body);
    return toEntities(groups);
  }

  /** What a document knows about its own names once its body has been read. */
  final class Document {
    final Set<String> lowerWords;

    /**
     * Keys of names the body spelled out (several words, or typed by context), with their
     * candidates.
     */
    final Map<Long, Candidate> names = new HashMap<>();

    int maxNameTokens = 1;

    Document(Set<String> lowerWords) {
      this.lowerWords = lowerWords;
    }

    void learn(List<Candidate> candidates) {
      for (Candidate c : candidates) {
        if (c.type != null && (c.length() > 1 || c.kbEntity >= 0 || c.personCue)) {
          names.putIfAbsent(AliasKeys.finish(AliasKeys.extend(AliasKeys.start(), c.key)), c);
          maxNameTokens = Math.max(maxNameTokens, c.length());
          if (c.type == EntityType.ORGANIZATION && c.length() > 2 && c.kbEntity < 0) {
            // "Kestrel Widget Holdings Plc" is also "Kestrel Widget Holdings" and "Kestrel Widget"
            String shorter = c.text;
            while ((shorter = shorten(shorter)) != null) {
              names.putIfAbsent(AliasKeys.hash(shorter), c);
            }
          }
        }
      }
    }

    Candidate named(long hash) {
      return names.get(hash);
    }
  }

  /** "Japan Line Ltd" without its legal-form word, or null when it has none. */
  static String withoutSuffix(String name) {
    int space = name.lastIndexOf(' ');
    if (space <= 0) {
      return null;
    }
    String last = name.substring(space + 1).toLowerCase(Locale.ROOT).replace(".", "");
    return Lexicon.ORG_SUFFIXES.contains(last) ? name.substring(0, space).strip() : null;
  }

  /**
   * A company name without its last legal-form or organisation word, when two name words remain.
   */
  static String shorten(String name) {
    String shorter = withoutSuffix(name);
    if (shorter == null) {
      shorter = withoutHead(name);
    }
    return shorter != null && shorter.indexOf(' ') > 0 ? shorter : null;
  }

  /** "Home and City Savings Bank" without its organisation word, when two name words remain. */
  static String withoutHead(String name) {
    String[] words = name.split(" ");
    if (words.length < 3
        || !Lexicon.ORG_HEADS.contains(words[words.length - 1].toLowerCase(Locale.ROOT))) {
      return null;
    }
    String before = words[words.length - 2].toLowerCase(Locale.ROOT);
    if (Lexicon.CONNECTORS.contains(before)) {
      return null;
    }
    return name.substring(0, name.lastIndexOf(' ')).strip();
  }

  static CaseMode caseMode(List<Token> tokens) {
    int letters = 0;
    int upper = 0;
    int words = 0;
    int capitalized = 0;
    for (Token t : tokens) {
      if (!t.word) {
        continue;
      }
      for (int i = 0; i < t.text.length(); i++) {
        char c = t.text.charAt(i);
        if (Character.isLetter(c)) {
          letters++;
          if (Character.isUpperCase(c)) {
            upper++;
          }
        }
      }
      if (t.text.length() > 3 && !t.numeric()) {
        words++;
        if (t.capitalized) {
          capitalized++;
        }
      }
    }
    if (letters > 0 && upper >= letters * 0.8) {
      return CaseMode.UPPER;
    }
    if (words >= 3 && capitalized >= words * 0.6) {
      return CaseMode.TITLE;
    }
    return CaseMode.NORMAL;
  }

  /**
   * Reads the text once more, where names the body spelled out are known: "Japan Line" after "Japan
   * Line Ltd".
   */
  private List<Candidate> rescanWithDocumentNames(
      Document doc, List<Token> tokens, String source, List<Candidate> first) {
    boolean useful = false;
    for (Candidate c : doc.names.values()) {
      if (c.type == EntityType.ORGANIZATION && c.length() > 2) {
        useful = true;
        break;
      }
    }
    return useful ? scan(doc, TextField.BODY, tokens, source, CaseMode.NORMAL) : first;
  }

  /** One left-to-right pass over a text. */
  private List<Candidate> scan(
      Document doc, TextField field, List<Token> tokens, String source, CaseMode mode) {
    List<Candidate> out = new ArrayList<>();
    int n = tokens.size();
    boolean[] heading = mode == CaseMode.NORMAL ? headings(tokens, source) : null;
    int i = 0;
    while (i < n) {
      Token t = tokens.get(i);
      CaseMode here = heading != null && heading[i] ? CaseMode.TITLE : mode;
      if (!startable(tokens, i, here)) {
        i++;
        continue;
      }
      int[] kbMatch = kbMatch(tokens, i, here);
      DocHit docMatch = docMatch(doc, tokens, i);
      if (here != CaseMode.NORMAL) {
        Candidate c = capsCandidate(doc, field, tokens, source, i, kbMatch, docMatch);
        if (c != null) {
          out.add(c);
          i = c.to + 1;
        } else {
          i++;
        }
        continue;
      }
      int chunkEnd = chunkEnd(tokens, source, i);
      int kbEnd = kbMatch == null ? -1 : kbMatch[0];
      int docEnd = docMatch == null ? -1 : docMatch.end();
      int limit = firstKnownStart(doc, tokens, Math.max(i, kbEnd) + 1, chunkEnd, mode);
      int orgEnd = orgHeadedEnd(tokens, i, chunkEnd);
      if (orgEnd > limit && !Lexicon.ORG_SUFFIXES.contains(tokens.get(orgEnd).lower)) {
        // a known name inside splits the run ("Assad and Nusra Front"), unless a legal form ends it
        // all
        orgEnd = orgHeadedEnd(tokens, i, limit);
      }
      if (docEnd >= 0 && docEnd >= kbEnd && docEnd >= orgEnd) {
        Candidate known = docMatch.known();
        Candidate c = new Candidate(field, tokens, source, i, docEnd);
        c.type = known.type;
        c.kbEntity = known.kbEntity;
        c.confidence = known.confidence;
        out.add(c);
        i = docEnd + 1;
        continue;
      }
      int personEnd = personRunEnd(tokens, i, chunkEnd, kbMatch);
      if (personEnd > i && personEnd > kbEnd && personEnd > orgEnd) {
        Candidate c = new Candidate(field, tokens, source, i, personEnd);
        c.type = EntityType.PERSON;
        c.personCue = titleBefore(tokens, i);
        c.confidence = c.personCue ? 0.8f : 0.75f;
        out.add(c);
        i = personEnd + 1;
        continue;
      }
      if (orgEnd > kbEnd && !(kbEnd >= 0 && kbEnd == orgEnd)) {
        int from = skipLeading(tokens, i, orgEnd);
        if (from < orgEnd
            || (from == orgEnd && Lexicon.ORG_SUFFIXES.contains(tokens.get(orgEnd).lower))) {
          Candidate c = new Candidate(field, tokens, source, from, orgEnd);
          c.type = EntityType.ORGANIZATION;
          c.confidence = 0.75f;
          out.add(c);
          i = orgEnd + 1;
          continue;
        }
      }
      if (kbMatch != null && acceptKb(doc, tokens, i, kbMatch, mode)) {
        int entity = chooseKbEntity(tokens, i, kbMatch[1]);
        int extended = extendKnown(tokens, source, i, kbEnd, kb.type(entity), chunkEnd);
        // "Pope John Paul II" is written "John Paul II" when the title is a word of its own
        int start =
            i < kbEnd && Lexicon.isTitle(t.lower) && sameEntityFrom(tokens, i + 1, kbEnd, entity)
                ? i + 1
                : i;
        Candidate c = new Candidate(field, tokens, source, start, extended);
        if (extended == kbEnd) {
          c.kbEntity = entity;
          c.confidence = 0.6f + 0.4f * kb.prior(entity);
        } else {
          c.confidence = 0.7f;
        }
        c.type = kb.type(entity);
        if (c.type != EntityType.PERSON
            && kbEnd == i
            && administrationAfter(tokens, i)
            && kb.prior(entity) < 0.9f) {
          // "the Obama administration": a president's surname, whatever else the name means
          c.kbEntity = -1;
          c.type = EntityType.PERSON;
          c.confidence = 0.7f;
        }
        if (!roleModifier(tokens, c)) {
          out.add(c);
        } else {
          // "U.S. Treasury Secretary James Baker": the portfolio goes, the country stays
          Candidate place = placeAtStart(field, tokens, source, c);
          if (place != null) {
            out.add(place);
          }
        }
        i = extended + 1;
        continue;
      }
      if (t.capitalized && !t.hyphenLower && !t.numeric()) {
        readChunk(doc, field, tokens, source, i, limit, out);
        i = limit + 1;
        continue;
      }
      i++;
    }
    return out;
  }

  /**
   * The end of a person's name starting at i: a given name ("Pat Henderson") or a title before
   * ("Rep Zbigniew Quarlesworth"), then one to three more name words, even where those words also
   * name a town ("Henderson"). -1 when there is no such name, or a longer known name starts here.
   */
  private int personRunEnd(List<Token> tokens, int i, int chunkEnd, int[] kbMatch) {
    if (kbMatch != null && kbMatch[0] > i) {
      return -1;
    }
    Token first = tokens.get(i);
    if (kbMatch != null) {
      int best = kb.candidate(kbMatch[1], 0);
      if (kb.prior(best) >= 0.9f && !Lexicon.FIRST_NAMES.contains(first.lower)) {
        return -1;
      }
    }
    boolean cue =
        Lexicon.FIRST_NAMES.contains(first.lower)
            || (titleBefore(tokens, i) && !first.sentenceStart);
    if (!cue || Lexicon.STOPWORDS.contains(first.lower) || Lexicon.DEMONYMS.contains(first.lower)) {
      return -1;
    }
    int j = i;
    int words = 1;
    while (j + 1 <= chunkEnd && words < 4) {
      Token next = tokens.get(j + 1);
      if (nameWord(next) && personWord(next)) {
        j++;
        words++;
      } else if (next.word
          && Lexicon.CONNECTORS.contains(next.lower)
          && !next.lower.equals("and")
          && !next.lower.equals("of")
          && !next.lower.equals("for")
          && !next.lower.equals("the")
          && j + 2 <= chunkEnd
          && nameWord(tokens.get(j + 2))
          && personWord(tokens.get(j + 2))) {
        j += 2;
        words++;
      } else {
        break;
      }
    }
    if (j == i || (j < chunkEnd && Lexicon.ORG_HEADS.contains(tokens.get(j + 1).lower))) {
      return -1;
    }
    return j;
  }

  private static boolean personWord(Token t) {
    return !Lexicon.ORG_HEADS.contains(t.lower)
        && !Lexicon.LOCATION_HEADS.contains(t.lower)
        && !Lexicon.isTitle(t.lower)
        && !Lexicon.STOPWORDS.contains(t.lower)
        && !Lexicon.DEMONYMS.contains(t.lower)
        && !t.allCaps;
  }

  /**
   * Grows a known name by the words that make it a different one: a place word ("Rio de Janeiro
   * Port", "Kaduna State") after a place, more name words after a one-word organisation ("House
   * Appropriations").
   */
  private static int extendKnown(
      List<Token> tokens, String source, int i, int kbEnd, EntityType type, int chunkEnd) {
    if (kbEnd + 1 > chunkEnd
        || lineBreakBetween(source, tokens.get(kbEnd), tokens.get(kbEnd + 1))) {
      return kbEnd;
    }
    Token next = tokens.get(kbEnd + 1);
    if (!nameWord(next)) {
      return kbEnd;
    }
    if (type == EntityType.LOCATION && Lexicon.LOCATION_HEADS.contains(next.lower)) {
      return kbEnd + 1;
    }
    if (type == EntityType.ORGANIZATION && kbEnd == i) {
      int j = kbEnd;
      while (j + 1 <= chunkEnd
          && nameWord(tokens.get(j + 1))
          && personWord(tokens.get(j + 1))
          && !Lexicon.PORTFOLIOS.contains(tokens.get(j + 1).lower)) {
        j++;
      }
      return j;
    }
    return kbEnd;
  }

  /** "the Obama administration", "the Kohl government". */
  private static boolean administrationAfter(List<Token> tokens, int i) {
    if (i + 1 >= tokens.size()) {
      return false;
    }
    String next = tokens.get(i + 1).lower;
    return next.equals("administration")
        || next.equals("presidency")
        || next.equals("government")
        || next.equals("cabinet")
        || next.equals("era");
  }

  /**
   * Which tokens stand in a heading of the body: a paragraph in title case without a final full
   * stop ("City Council Approves Riverside Flood Barrier"), where capitals say little.
   */
  private static boolean[] headings(List<Token> tokens, String source) {
    boolean[] heading = new boolean[tokens.size()];
    int start = 0;
    for (int k = 1; k <= tokens.size(); k++) {
      if (k == tokens.size() || paragraphBreakBetween(source, tokens.get(k - 1), tokens.get(k))) {
        List<Token> paragraph = tokens.subList(start, k);
        Token last = paragraph.get(paragraph.size() - 1);
        if (!last.isPunct('.')
            && !last.isPunct('"')
            && !last.isPunct('”')
            && paragraph.size() <= 20
            && caseMode(paragraph) == CaseMode.TITLE) {
          java.util.Arrays.fill(heading, start, k, true);
        }
        start = k;
      }
    }
    return heading;
  }

  private static boolean paragraphBreakBetween(String source, Token a, Token b) {
    return source.indexOf("\n\n", a.end) >= 0 && source.indexOf("\n\n", a.end) < b.start;
  }

  /** A headline or an all-capitals text: only what the knowledge base or the body confirm. */
  private Candidate capsCandidate(
      Document doc,
      TextField field,
      List<Token> tokens,
      String source,
      int i,
      int[] kbMatch,
      DocHit docMatch) {
    int docEnd = docMatch == null ? -1 : docMatch.end();
    int kbEnd = kbMatch == null ? -1 : kbMatch[0];
    if (docEnd >= 0 && docEnd >= kbEnd) {
      Candidate known = docMatch.known();
      Candidate c = new Candidate(field, tokens, source, i, docEnd);
      c.type = known.type;
      c.kbEntity = known.kbEntity;
      c.confidence = known.confidence;
      return c;
    }
    if (kbMatch == null) {
      Token t = tokens.get(i);
      // a surname the body spelled out in full: "SHULTZ" for "George Shultz"
      if (t.word && t.text.length() > 2 && !Lexicon.STOPWORDS.contains(t.lower)) {
        Candidate c = new Candidate(field, tokens, source, i, i);
        c.confidence = 0.5f;
        return c;
      }
      return null;
    }
    int entity = kbMatch[1] >= 0 ? kb.candidate(kbMatch[1], 0) : -1;
    boolean single = kbEnd == i;
    Token t = tokens.get(i);
    float min = single ? KB_MIN_PRIOR_SINGLE_CAPS : KB_MIN_PRIOR_MULTI_CAPS;
    if (entity < 0
        || kb.prior(entity) < min
        || (single
            && (Lexicon.STOPWORDS.contains(t.lower)
                || t.key.length() < 2
                || (Lexicon.COMMON_WORDS.contains(t.key)
                    && kb.prior(entity) < KB_MIN_PRIOR_COMMON_CAPS)))) {
      if (single && t.text.length() > 2 && !Lexicon.STOPWORDS.contains(t.lower)) {
        Candidate c = new Candidate(field, tokens, source, i, i);
        c.confidence = 0.5f;
        return c;
      }
      return null;
    }
    Candidate c = new Candidate(field, tokens, source, i, kbEnd);
    c.kbEntity = chooseKbEntity(tokens, i, kbMatch[1]);
    c.type = kb.type(c.kbEntity);
    c.confidence = 0.5f + 0.4f * kb.prior(c.kbEntity);
    return c;
  }

  private static boolean startable(List<Token> tokens, int i, CaseMode mode) {
    Token t = tokens.get(i);
    if (!t.word || t.numeric()) {
      return false;
    }
    if (i > 0 && tokens.get(i - 1).isPunct('<')) {
      return false; // a stock ticker, "<ROK>"
    }
    if (mode != CaseMode.NORMAL) {
      return true;
    }
    if (t.capitalized) {
      return true;
    }
    return Lexicon.LOWER_STARTERS.contains(t.lower)
        && i + 1 < tokens.size()
        && tokens.get(i + 1).capitalized;
  }

  /** A lower-case word that may end a known name: "Washington state", "Kaduna province". */
  private static boolean headWord(Token t) {
    return t.word
        && !t.capitalized
        && (Lexicon.LOCATION_HEADS.contains(t.lower) || Lexicon.ORG_HEADS.contains(t.lower));
  }

  /** A word that can continue a capitalised name. */
  private static boolean nameWord(Token t) {
    return t.word && (t.capitalized || t.allCaps) && !t.hyphenLower && !t.numeric();
  }

  /** The last token of the run of capitalised words (with connectors and "&") starting at i. */
  private static int chunkEnd(List<Token> tokens, String source, int i) {
    int n = tokens.size();
    int j = i;
    while (j + 1 < n && !lineBreakBetween(source, tokens.get(j), tokens.get(j + 1))) {
      Token next = tokens.get(j + 1);
      if (nameWord(next) && !next.sentenceStart) {
        j++;
        continue;
      }
      boolean joiner =
          (next.word && Lexicon.CONNECTORS.contains(next.lower))
              || next.isPunct('&')
              || possessiveInCompanyName(tokens, j + 1);
      if (joiner
          && j + 2 < n
          && nameWord(tokens.get(j + 2))
          && !lineBreakBetween(source, next, tokens.get(j + 2))) {
        j += 2;
        continue;
      }
      break;
    }
    return j;
  }

  /**
   * "Standard and Poor's Corp": a possessive inside a company name, right before its legal form.
   */
  private static boolean possessiveInCompanyName(List<Token> tokens, int k) {
    Token t = tokens.get(k);
    if (t.word || !(t.text.equals("'s") || t.text.equals("’s"))) {
      return false;
    }
    for (int p = k + 1; p < tokens.size() && p <= k + 2; p++) {
      Token next = tokens.get(p);
      if (!nameWord(next)) {
        return false;
      }
      if (Lexicon.ORG_SUFFIXES.contains(next.lower)) {
        return true;
      }
    }
    return false;
  }

  private static boolean lineBreakBetween(String source, Token a, Token b) {
    for (int p = a.end; p < b.start; p++) {
      if (source.charAt(p) == '\n') {
        return true;
      }
    }
    return false;
  }

  /**
   * The end of the longest prefix of the run [i, chunkEnd] that ends in an organisation word:
   * "Senate Finance Committee" in "Senate Finance Committee Chairman Lloyd Bentsen". -1 if none.
   */
  private static int orgHeadedEnd(List<Token> tokens, int i, int chunkEnd) {
    Token first = tokens.get(i);
    if ((Lexicon.ORG_HEADS.contains(first.lower) || Lexicon.ORG_LEADS.contains(first.lower))
        && i + 2 <= chunkEnd
        && tokens.get(i + 1).word
        && (tokens.get(i + 1).lower.equals("of") || tokens.get(i + 1).lower.equals("for"))) {
      // "Bank of France", "Ministry of Finance", "Bureau for Information"
      return chunkEnd;
    }
    int best = Lexicon.ORG_LEADS.contains(first.lower) && chunkEnd > i ? chunkEnd : -1;
    for (int j = i + 1; j <= chunkEnd; j++) {
      Token t = tokens.get(j);
      if (!t.word) {
        continue;
      }
      if (Lexicon.isTitle(t.lower)
          && !Lexicon.ORG_HEADS.contains(t.lower)
          && !(j + 1 <= chunkEnd && Lexicon.ORG_HEADS.contains(tokens.get(j + 1).lower))) {
        // a title ends the organisation's name, unless an organisation word follows ("General
        // Motors")
        break;
      }
      if (Lexicon.ORG_HEADS.contains(t.lower) && t.capitalized) {
        best = j;
      }
    }
    if (best > 0
        && best + 2 <= chunkEnd
        && tokens.get(best + 1).word
        && (tokens.get(best + 1).lower.equals("of") || tokens.get(best + 1).lower.equals("for"))) {
      // "Soviet Ministry of Fertiliser Production": the name goes on after its head
      best = chunkEnd;
    }
    return best;
  }

  /**
   * Where an organisation's name starts in [from, to]: after a leading stop word ("The") and after
   * words that only lead into it ("Shares of Kestrel Holdings Plc").
   */
  private static int skipLeading(List<Token> tokens, int from, int to) {
    int i = from;
    while (i < to
        && (Lexicon.DETERMINERS.contains(tokens.get(i).lower)
            || (tokens.get(i).sentenceStart && Lexicon.STOPWORDS.contains(tokens.get(i).lower))
            || tokens.get(i).isPunct('&'))) {
      i++;
    }
    for (int p = i + 1; p < to; p++) {
      Token t = tokens.get(p);
      if (t.word && (t.lower.equals("of") || t.lower.equals("for"))) {
        String before = tokens.get(p - 1).lower;
        if (!Lexicon.ORG_HEADS.contains(before) && !Lexicon.LOCATION_HEADS.contains(before)) {
          i = p + 1;
        }
      }
    }
    return i;
  }

  /** The longest knowledge-base name at i: {end token, candidates offset}, or null. */
  private int[] kbMatch(List<Token> tokens, int i, CaseMode mode) {
    int n = tokens.size();
    long h = AliasKeys.start();
    int bestEnd = -1;
    int bestFound = -1;
    for (int j = i; j < n && j < i + maxTokens; j++) {
      Token t = tokens.get(j);
      boolean joiner = t.isPunct('&');
      if (!t.word && !joiner) {
        break;
      }
      if (j > i) {
        if (mode == CaseMode.NORMAL
            && !(nameWord(t)
                || joiner
                || Lexicon.CONNECTORS.contains(t.lower)
                || t.numeric()
                || headWord(t))) {
          break;
        }
        h = AliasKeys.extend(h, ' ');
      }
      h = AliasKeys.extend(h, joiner ? "and" : t.key);
      if (t.word
          && (mode != CaseMode.NORMAL || t.capitalized || t.numeric() || (j > i && headWord(t)))) {
        int found = kb.find(AliasKeys.finish(h));
        if (found >= 0) {
          bestEnd = j;
          bestFound = found;
        }
      }
    }
    return bestEnd < 0 ? null : new int[] {bestEnd, bestFound};
  }

  /** The longest name this document spelled out elsewhere, at i: {end token}, or null. */
  /**
   * A name the document spelled out elsewhere, found again: where it ends, and as what it was read.
   */
  private record DocHit(int end, Candidate known) {}

  private static DocHit docMatch(Document doc, List<Token> tokens, int i) {
    if (doc.names.isEmpty()) {
      return null;
    }
    int n = tokens.size();
    long h = AliasKeys.start();
    int bestEnd = -1;
    Candidate best = null;
    for (int j = i; j < n && j < i + doc.maxNameTokens; j++) {
      Token t = tokens.get(j);
      if (!t.word && !t.isPunct('&')) {
        break;
      }
      if (j > i) {
        h = AliasKeys.extend(h, ' ');
      }
      h = AliasKeys.extend(h, t.word ? t.key : "and");
      Candidate known = j > i ? doc.named(AliasKeys.finish(h)) : null;
      if (known != null) {
        bestEnd = j;
        best = known;
      }
    }
    return best == null ? null : new DocHit(bestEnd, best);
  }

  /** Whether a knowledge-base name at i is safe to take as a mention. */
  private boolean acceptKb(Document doc, List<Token> tokens, int i, int[] match, CaseMode mode) {
    int end = match[0];
    Token t = tokens.get(i);
    int best = kb.candidate(match[1], 0);
    if (end == i) {
      if (Lexicon.STOPWORDS.contains(t.lower)
          || Lexicon.DEMONYMS.contains(t.lower)
          || (Lexicon.isTitle(t.lower) && !t.allCaps)) {
        return false;
      }
      if (doc.lowerWords.contains(t.lower) && kb.prior(best) < KB_MIN_PRIOR_SENTENCE_START) {
        // the text itself uses the word in lower case: "Reading" here is most likely the word
        return false;
      }
      if (t.sentenceStart
          && Lexicon.COMMON_WORDS.contains(t.key)
          && kb.prior(best) < KB_MIN_PRIOR_COMMON) {
        return false;
      }
    }
    return true;
  }

  /**
   * Picks among entities sharing a name: a title before it asks for a person; otherwise the highest
   * prior.
   */
  private int chooseKbEntity(List<Token> tokens, int i, int found) {
    int count = kb.candidateCount(found);
    int best = kb.candidate(found, 0);
    if (count > 1 && i > 0 && Lexicon.PERSON_TITLES.contains(tokens.get(i - 1).lower)) {
      for (int k = 0; k < count; k++) {
        int e = kb.candidate(found, k);
        if (kb.type(e) == EntityType.PERSON) {
          return e;
        }
      }
    }
    return best;
  }

  /** "Treasury" in "Treasury Secretary James Baker" names a portfolio, not the organisation. */
  private boolean roleModifier(List<Token> tokens, Candidate c) {
    if (c.type != EntityType.ORGANIZATION || c.to + 1 >= tokens.size()) {
      return false;
    }
    String next = tokens.get(c.to + 1).lower;
    return next.equals("secretary") || next.equals("minister") || next.equals("ministers");
  }

  /** Whether the tokens [from, to] are a name of the given entity too. */
  private boolean sameEntityFrom(List<Token> tokens, int from, int to, int entity) {
    long h = AliasKeys.start();
    for (int j = from; j <= to; j++) {
      if (j > from) {
        h = AliasKeys.extend(h, ' ');
      }
      Token t = tokens.get(j);
      h = AliasKeys.extend(h, t.word ? t.key : t.text);
    }
    int found = kb.find(AliasKeys.finish(h));
    if (found < 0) {
      return false;
    }
    for (int k = 0; k < kb.candidateCount(found); k++) {
      if (kb.candidate(found, k) == entity) {
        return true;
      }
    }
    return false;
  }

  /** The longest place name at the start of a candidate ("U.S." in "U.S. Treasury"), or null. */
  private Candidate placeAtStart(TextField field, List<Token> tokens, String source, Candidate c) {
    long h = AliasKeys.start();
    Candidate best = null;
    for (int j = c.from; j < c.to; j++) {
      Token t = tokens.get(j);
      if (!t.word) {
        break;
      }
      if (j > c.from) {
        h = AliasKeys.extend(h, ' ');
      }
      h = AliasKeys.extend(h, t.key);
      int found = kb.find(AliasKeys.finish(h));
      if (found >= 0 && kb.type(kb.candidate(found, 0)) == EntityType.LOCATION) {
        best = new Candidate(field, tokens, source, c.from, j);
        best.kbEntity = kb.candidate(found, 0);
        best.type = EntityType.LOCATION;
        best.confidence = 0.6f + 0.4f * kb.prior(best.kbEntity);
      }
    }
    return best;
  }

  /**
   * Where, after i, the first knowledge-base or document name starts inside the run; the run ends
   * before it.
   */
  private int firstKnownStart(
      Document doc, List<Token> tokens, int from, int chunkEnd, CaseMode mode) {
    for (int p = from; p <= chunkEnd; p++) {
      Token t = tokens.get(p);
      if (!t.word || !t.capitalized) {
        continue;
      }
      int[] m = kbMatch(tokens, p, mode);
      if (m != null
          && (m[0] > p || acceptKb(doc, tokens, p, m, mode))
          && !surnameAfterName(tokens, p, m)
          && !insideOfName(tokens, p)) {
        return lastNameWordBefore(tokens, p);
      }
      if (docMatch(doc, tokens, p) != null) {
        return lastNameWordBefore(tokens, p);
      }
    }
    return chunkEnd;
  }

  /**
   * A one-word known name right after another name word is more likely the rest of that name than a
   * name of its own: "Duncan" in "John Duncan", "Saboya" in "Henrique Saboya".
   */
  private boolean surnameAfterName(List<Token> tokens, int p, int[] match) {
    if (match[0] != p || p == 0) {
      return false;
    }
    Token previous = tokens.get(p - 1);
    return nameWord(previous)
        && personWord(previous)
        && !Lexicon.PORTFOLIOS.contains(previous.lower)
        && kb.prior(kb.candidate(match[1], 0)) < 0.9f;
  }

  /** "Rotterdam" in "Port of Rotterdam Authority": a known name inside a longer "X of Y" name. */
  private static boolean insideOfName(List<Token> tokens, int p) {
    if (p < 2) {
      return false;
    }
    String connector = tokens.get(p - 1).lower;
    String head = tokens.get(p - 2).lower;
    return (connector.equals("of") || connector.equals("for"))
        && (Lexicon.ORG_HEADS.contains(head) || Lexicon.LOCATION_HEADS.contains(head));
  }

  private static int lastNameWordBefore(List<Token> tokens, int p) {
    int j = p - 1;
    while (j > 0 && !nameWord(tokens.get(j))) {
      j--;
    }
    return j;
  }

  /** Turns a run of capitalised words into typed candidates, splitting titles and lists off. */
  private void readChunk(
      Document doc,
      TextField field,
      List<Token> tokens,
      String source,
      int from,
      int to,
      List<Candidate> out) {
    // strip leading stop words and demonyms, remembering titles as a cue for what follows
    int i = from;
    boolean personCue = i > 0 && titleBefore(tokens, i);
    while (i <= to) {
      Token t = tokens.get(i);
      if (t.word && Lexicon.isTitle(t.lower) && restIsName(tokens, i + 1, to)) {
        personCue = true;
        i++;
      } else if (!t.word || leadingNonName(t) || Lexicon.CONNECTORS.contains(t.lower)) {
        i++;
      } else if (Lexicon.DEMONYMS.contains(t.lower) && !endsWithOrgHead(tokens, i, to)) {
        i++;
      } else if (personCue
          && Lexicon.PORTFOLIOS.contains(t.lower)
          && restIsName(tokens, i + 1, to)) {
        i++;
      } else if (Lexicon.PORTFOLIOS.contains(t.lower) && titleAhead(tokens, i + 1, to)) {
        i++;
      } else {
        break;
      }
    }
    if (i > to || onlyTitleWords(tokens, i, to)) {
      return;
    }
    // a title inside the run splits it: "Finance Committee Chairman Lloyd Bentsen"
    for (int p = i + 1; p < to; p++) {
      Token t = tokens.get(p);
      if (t.word
          && Lexicon.isTitle(t.lower)
          && !Lexicon.ORG_HEADS.contains(t.lower)
          && restIsName(tokens, p + 1, to)) {
        readChunk(doc, field, tokens, source, i, p - 1, out);
        readChunk(doc, field, tokens, source, p, to, out);
        return;
      }
    }
    // "and" joins two names unless the whole is an organisation: "Tate and Lyle Plc"
    for (int p = i + 1; p < to; p++) {
      Token t = tokens.get(p);
      if ((t.word && t.lower.equals("and")) || t.isPunct('&')) {
        if (!endsWithOrgHead(tokens, i, to)) {
          readChunk(doc, field, tokens, source, i, p - 1, out);
          readChunk(doc, field, tokens, source, p + 1, to, out);
          return;
        }
      }
    }
    // "of" and "for" belong to a name only after an organisation or place word
    for (int p = i + 1; p < to; p++) {
      Token t = tokens.get(p);
      if (t.word && (t.lower.equals("of") || t.lower.equals("for"))) {
        String before = tokens.get(p - 1).lower;
        if (!Lexicon.ORG_HEADS.contains(before)
            && !Lexicon.LOCATION_HEADS.contains(before)
            && !Lexicon.PERSON_TITLES.contains(before)) {
          readChunk(doc, field, tokens, source, i, p - 1, out);
          readChunk(doc, field, tokens, source, p + 1, to, out);
          return;
        }
      }
    }
    int end = to;
    while (end > i && !nameWord(tokens.get(end))) {
      end--;
    }
    Candidate c = new Candidate(field, tokens, source, i, end);
    c.personCue = personCue;
    typeByContext(doc, tokens, c);
    out.add(c);
  }

  /**
   * A word at the start of a capitalised run that is not part of the name: a determiner anywhere
   * ("The", "This"), any stop word at the start of a sentence ("First, ..."), but not "First" in
   * "First Interstate Bancorp" mid-sentence.
   */
  private static boolean leadingNonName(Token t) {
    return Lexicon.DETERMINERS.contains(t.lower)
        || (t.sentenceStart
            && (Lexicon.STOPWORDS.contains(t.lower) || Lexicon.COMMON_WORDS.contains(t.key)));
  }

  /** "Foreign Minister", "Secretary of State": a title without a name. */
  private static boolean onlyTitleWords(List<Token> tokens, int from, int to) {
    for (int p = from; p <= to; p++) {
      Token t = tokens.get(p);
      if (t.word
          && !Lexicon.isTitle(t.lower)
          && !Lexicon.PORTFOLIOS.contains(t.lower)
          && !Lexicon.CONNECTORS.contains(t.lower)
          && !Lexicon.STOPWORDS.contains(t.lower)) {
        return false;
      }
    }
    return true;
  }

  private static boolean endsWithOrgHead(List<Token> tokens, int from, int to) {
    for (int p = to; p >= from; p--) {
      Token t = tokens.get(p);
      if (t.word) {
        return Lexicon.ORG_HEADS.contains(t.lower);
      }
    }
    return false;
  }

  /**
   * Whether [from, to] holds one to four name words and nothing that makes it an organisation or
   * place.
   */
  private static boolean restIsName(List<Token> tokens, int from, int to) {
    if (from > to) {
      return false;
    }
    int words = 0;
    for (int p = from; p <= to; p++) {
      Token t = tokens.get(p);
      if (!t.word
          || Lexicon.CONNECTORS.contains(t.lower)
          || Lexicon.PORTFOLIOS.contains(t.lower)
          || Lexicon.isTitle(t.lower)) {
        continue;
      }
      if (Lexicon.ORG_HEADS.contains(t.lower) || Lexicon.LOCATION_HEADS.contains(t.lower)) {
        return false;
      }
      words++;
    }
    return words >= 1 && words <= 4;
  }

  private static boolean titleAhead(List<Token> tokens, int from, int to) {
    for (int p = from; p <= to; p++) {
      Token t = tokens.get(p);
      if (Lexicon.isTitle(t.lower)) {
        return restIsName(tokens, p + 1, to);
      }
      if (!Lexicon.PORTFOLIOS.contains(t.lower)) {
        return false;
      }
    }
    return false;
  }

  /** A title right before: "Rep John Duncan", "said spokesman Tom Smith", "Mr. Smith". */
  private static boolean titleBefore(List<Token> tokens, int i) {
    int p = i - 1;
    if (p >= 0 && tokens.get(p).isPunct('.')) {
      p--;
    }
    return p >= 0 && tokens.get(p).word && Lexicon.PERSON_TITLES.contains(tokens.get(p).lower);
  }

  /** Types a name the knowledge base does not know, from its words and its neighbours. */
  private static void typeByContext(Document doc, List<Token> tokens, Candidate c) {
    Token first = tokens.get(c.from);
    Token last = tokens.get(c.to);
    int n = tokens.size();
    Token after = c.to + 1 < n ? tokens.get(c.to + 1) : null;
    Token before = c.from > 0 ? tokens.get(c.from - 1) : null;
    boolean afterTicker = after != null && after.isPunct('<');
    boolean partyTag =
        after != null
            && after.isPunct('(')
            && c.to + 2 < n
            && tokens.get(c.to + 2).word
            && tokens.get(c.to + 2).text.matches("[DRI]-.*");
    boolean placePreposition =
        before != null && before.word && Lexicon.PLACE_PREPOSITIONS.contains(before.lower);
    boolean saidAfter =
        after != null
            && after.word
            && (after.lower.equals("said")
                || after.lower.equals("says")
                || after.lower.equals("told")
                || after.lower.equals("added")
                || after.lower.equals("noted"));
    if ((Lexicon.MISC_HEADS.contains(last.lower) || Lexicon.MISC_LEADS.contains(first.lower))
        && !afterTicker) {
      return; // a law, a plan, an event: not an entity of ours
    }
    if (before != null
        && before.word
        && before.lower.equals("of")
        && c.from >= 2
        && Lexicon.PLACE_NOUNS.contains(tokens.get(c.from - 2).lower)) {
      // "the township of KwaMashu"
      c.type = EntityType.LOCATION;
      c.confidence = 0.6f;
      return;
    }
    if (Lexicon.ORG_HEADS.contains(last.lower) || afterTicker || hasOrgOf(tokens, c)) {
      c.type = EntityType.ORGANIZATION;
      c.confidence = 0.75f;
    } else if (Lexicon.LOCATION_HEADS.contains(last.lower) && c.length() > 1) {
      c.type = EntityType.LOCATION;
      c.confidence = 0.7f;
    } else if (c.personCue || partyTag) {
      c.type = EntityType.PERSON;
      c.confidence = 0.8f;
    } else if (c.length() > 1 && Lexicon.FIRST_NAMES.contains(first.lower)) {
      c.type = EntityType.PERSON;
      c.confidence = 0.75f;
    } else if (placePreposition && !saidAfter) {
      c.type = EntityType.LOCATION;
      c.confidence = c.length() > 1 ? 0.55f : 0.5f;
    } else if (c.length() > 1 && c.length() <= 3 && allNameLike(tokens, c)) {
      c.type = EntityType.PERSON;
      c.confidence = 0.55f;
    } else if (c.length() > 3) {
      c.type = EntityType.ORGANIZATION;
      c.confidence = 0.45f;
    }
    // a single unknown word stays untyped: grouping may find it is a surname, an acronym or a head
    // word
  }

  private static boolean hasOrgOf(List<Token> tokens, Candidate c) {
    for (int p = c.from + 1; p < c.to; p++) {
      Token t = tokens.get(p);
      if (t.word
          && (t.lower.equals("of") || t.lower.equals("for"))
          && Lexicon.ORG_HEADS.contains(tokens.get(p - 1).lower)) {
        return true;
      }
    }
    return false;
  }

  private static boolean allNameLike(List<Token> tokens, Candidate c) {
    for (int p = c.from; p <= c.to; p++) {
      Token t = tokens.get(p);
      if (t.word
          && (Lexicon.DEMONYMS.contains(t.lower)
              || Lexicon.STOPWORDS.contains(t.lower)
              || Lexicon.LOCATION_HEADS.contains(t.lower)
              || t.allCaps)) {
        return false;
      }
    }
    return true;
  }

  private List<Entity> toEntities(List<Group> groups) {
    List<Entity> out = new ArrayList<>(groups.size());
    for (Group g : groups) {
      if (g.type == null || g.type == EntityType.OTHER) {
        continue;
      }
      Candidate name = g.longest();
      String id;
      String canonical;
      String source;
      if (g.kbEntity >= 0) {
        id = kb.id(g.kbEntity);
        canonical = kb.name(g.kbEntity);
        source = kb.source(g.kbEntity);
      } else {
        canonical = name.text;
        id = textId(g.type, canonical);
        source = "text";
      }
      List<Mention> mentions = new ArrayList<>(g.mentions.size());
      g.mentions.sort(
          Comparator.comparingInt((Candidate m) -> m.field == TextField.TITLE ? 0 : 1)
              .thenComparingInt(m -> m.start));
      for (Candidate m : g.mentions) {
        mentions.add(new Mention(m.start, m.end, m.text, m.field));
      }
      out.add(new Entity(id, canonical, g.type, g.confidence, source, mentions));
    }
    // one entity per id: two groups linked to the same entity are one
    Map<String, Entity> byId = new LinkedHashMap<>();
    for (Entity e : out) {
      Entity seen = byId.get(e.getId());
      if (seen == null) {
        byId.put(e.getId(), e);
      } else {
        List<Mention> merged = new ArrayList<>(seen.getMentions());
        merged.addAll(e.getMentions());
        merged.sort(
            Comparator.comparingInt((Mention m) -> m.getField() == TextField.TITLE ? 0 : 1)
                .thenComparingInt(Mention::getStart));
        seen.setMentions(merged);
        seen.setConfidence(Math.max(seen.getConfidence(), e.getConfidence()));
      }
    }
    return new ArrayList<>(byId.values());
  }

  /**
   * The id of a name only the text knows: {@code newsflow:person/dan-rostenkowski}, the same in
   * every article that spells the name the same way.
   */
  static String textId(EntityType type, String name) {
    String kind =
        switch (type) {
          case PERSON -> "person";
          case ORGANIZATION -> "org";
          case LOCATION -> "place";
          default -> "other";
        };
    return "newsflow:" + kind + "/" + slug(name);
  }

  static String slug(String name) {
    String key = AliasKeys.normalize(name);
    StringBuilder out = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        out.append(c);
      } else if (out.length() > 0 && out.charAt(out.length() - 1) != '-') {
        out.append('-');
      }
    }
    int end = out.length();
    while (end > 0 && out.charAt(end - 1) == '-') {
      end--;
    }
    return end == 0 ? Integer.toHexString(name.hashCode()) : out.substring(0, end);
  }
}
