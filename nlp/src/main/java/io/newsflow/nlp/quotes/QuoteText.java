package io.newsflow.nlp.quotes;

import io.newsflow.avro.Entity;
import io.newsflow.avro.EntityType;
import io.newsflow.avro.Mention;
import io.newsflow.avro.TextField;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A clean text read once for quote and citation extraction: its paragraphs, its spans in quotation
 * marks, its words and punctuation with offsets and sentence starts, and which entity mention each
 * word belongs to. Built per article; not shared between threads.
 */
final class QuoteText {
  private static final Set<String> ABBREVIATIONS =
      Set.of(
          "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "sen", "rep", "gov", "lt",
          "col", "maj", "capt", "adm", "sgt", "rev", "inc", "corp", "co", "ltd", "bros", "no", "vs",
          "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
          "dec", "dept", "messrs");

  /** A word or punctuation mark. */
  static final class Tok {
    final int start;
    final int end;
    final String text;

    /** Lower case, without a final dot. */
    final String lower;

    final boolean word;

    /** The possessive ending split off a word ("'s" of "Kerry's"). */
    final boolean possessive;

    final int paragraph;
    boolean sentenceStart;

    /** Index of the span in quotation marks this token lies in (marks included), or -1. */
    int quote = -1;

    /** The entity mention this token belongs to, or null. */
    MentionRef mention;

    Tok(String source, int start, int end, boolean word, boolean possessive, int paragraph) {
      this.start = start;
      this.end = end;
      this.text = source.substring(start, end);
      String t =
          text.endsWith(".") && text.length() > 1 ? text.substring(0, text.length() - 1) : text;
      this.lower = t.toLowerCase(Locale.ROOT);
      this.word = word;
      this.possessive = possessive;
      this.paragraph = paragraph;
    }

    boolean is(char c) {
      return !word && text.length() == 1 && text.charAt(0) == c;
    }

    boolean capitalized() {
      return word && !possessive && Character.isUpperCase(text.charAt(0));
    }

    /** Written all in lower case, as verbs are. */
    boolean lowerCase() {
      return word && text.equals(text.toLowerCase(Locale.ROOT));
    }

    boolean quoteMark() {
      return !word && isQuoteMark(text.charAt(0));
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** One mention of an entity in the clean text, with the tokens it covers. */
  static final class MentionRef {
    final Entity entity;
    final int start;
    final int end;
    final String text;
    int firstTok = -1;
    int lastTok = -1;

    MentionRef(Entity entity, Mention m) {
      this.entity = entity;
      this.start = m.getStart();
      this.end = m.getEnd();
      this.text = m.getText();
    }

    EntityType type() {
      return entity.getType();
    }
  }

  /** A span in quotation marks within one paragraph. */
  static final class Span {
    /** Offset of the opening mark. */
    final int markStart;

    /** After the closing mark, or the paragraph's end when the quote is left open. */
    final int markEnd;

    /** The quoted words, marks, surrounding blanks and a trailing comma left out. */
    final int start;

    final int end;

    /** Whether a closing mark ends it within its paragraph. */
    final boolean closed;

    final int paragraph;

    /** The span that carries this quote on into the next paragraph ('"...' then '"...'), or -1. */
    int next = -1;

    int previous = -1;

    Span(int markStart, int markEnd, int start, int end, boolean closed, int paragraph) {
      this.markStart = markStart;
      this.markEnd = markEnd;
      this.start = start;
      this.end = end;
      this.closed = closed;
      this.paragraph = paragraph;
    }
  }

  final String text;
  final List<Tok> toks = new ArrayList<>();
  final List<Span> spans = new ArrayList<>();
  final List<MentionRef> mentions = new ArrayList<>();

  /** Paragraph boundaries in the text (blank lines excluded, ends trimmed). */
  final List<int[]> paragraphs = new ArrayList<>();

  /** First token of each paragraph, and one past its last. */
  final List<int[]> paragraphToks = new ArrayList<>();

  QuoteText(String text, List<Entity> entities) {
    this.text = text == null ? "" : text;
    splitParagraphs();
    for (int p = 0; p < paragraphs.size(); p++) {
      int from = toks.size();
      findSpans(p);
      tokenize(p);
      paragraphToks.add(new int[] {from, toks.size()});
    }
    linkContinuedSpans();
    for (Tok t : toks) {
      t.quote = spanAt(t.start);
    }
    indexMentions(entities == null ? List.of() : entities);
  }

  static boolean isQuoteMark(char c) {
    return c == '"' || c == '“' || c == '”' || c == '‘' || c == '’' || c == '«' || c == '»'
        || c == '„';
  }

  String paragraphText(int p) {
    int[] r = paragraphs.get(p);
    return text.substring(r[0], r[1]);
  }

  /** Index of the span in quotation marks holding {@code offset} (marks included), or -1. */
  int spanAt(int offset) {
    for (int i = 0; i < spans.size(); i++) {
      Span s = spans.get(i);
      if (offset >= s.markStart && offset < s.markEnd) {
        return i;
      }
      if (s.markStart > offset) {
        break;
      }
    }
    return -1;
  }

  /** Index of the first token starting at or after {@code offset}; the token count when none. */
  int tokenAt(int offset) {
    int lo = 0;
    int hi = toks.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (toks.get(mid).start < offset) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The first token of the sentence that holds token {@code k}, within its paragraph. */
  int sentenceStart(int k) {
    int first = paragraphToks.get(toks.get(k).paragraph)[0];
    while (k > first && !toks.get(k).sentenceStart) {
      k--;
    }
    return k;
  }

  /** One past the last token of the sentence that holds token {@code k}, within its paragraph. */
  int sentenceEnd(int k) {
    int end = paragraphToks.get(toks.get(k).paragraph)[1];
    k++;
    while (k < end && !toks.get(k).sentenceStart) {
      k++;
    }
    return k;
  }

  private void splitParagraphs() {
    int n = text.length();
    int i = 0;
    while (i < n) {
      while (i < n && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (i >= n) {
        break;
      }
      int start = i;
      int end = text.indexOf("\n\n", i);
      int next;
      if (end < 0) {
        end = n;
        next = n;
      } else {
        next = end + 2;
      }
      int trimmed = end;
      while (trimmed > start && Character.isWhitespace(text.charAt(trimmed - 1))) {
        trimmed--;
      }
      paragraphs.add(new int[] {start, trimmed});
      i = next;
    }
  }

  /**
   * Pairs the quotation marks of a paragraph. Curly marks say which way they face; a straight mark
   * opens when none is open and closes otherwise, unless it sits between two letters (a mangled
   * apostrophe, "don"t"). A mark left open runs to the paragraph's end. Curly single quotes count
   * only where they clearly quote: opening before a word after a blank, closing after a word before
   * a blank or punctuation, outside double quotes; straight single quotes are apostrophes.
   */
  private void findSpans(int p) {
    int[] r = paragraphs.get(p);
    int from = r[0];
    int to = r[1];
    int first = spans.size();
    int open = -1;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c == '"') {
        boolean letterBefore = i > from && Character.isLetter(text.charAt(i - 1));
        boolean letterAfter = i + 1 < to && Character.isLetter(text.charAt(i + 1));
        if (letterBefore && letterAfter) {
          continue;
        }
        boolean blankBefore = i == from || Character.isWhitespace(text.charAt(i - 1));
        boolean blankAfter = i + 1 >= to || Character.isWhitespace(text.charAt(i + 1));
        if (open < 0) {
          if (!blankBefore && blankAfter && "([{—–-/".indexOf(text.charAt(i - 1)) < 0) {
            continue; // a closing mark whose opening one is missing
          }
          open = i;
        } else if (blankBefore && !blankAfter && text.charAt(open) == '"' && i > open + 1) {
          // an opening mark while a quote is open: the first one was never closed
          addSpan(open, i, false, p);
          open = i;
        } else {
          addSpan(open, i, true, p);
          open = -1;
        }
      } else if (c == '“' || c == '«' || c == '„') {
        if (open < 0) {
          open = i;
        }
      } else if ((c == '”' || c == '»') && open >= 0) {
        addSpan(open, i, true, p);
        open = -1;
      }
    }
    if (open >= 0) {
      addSpan(open, to, false, p);
    }
    findSingleQuotes(from, to, p, first);
    spans.subList(first, spans.size()).sort(Comparator.comparingInt(s -> s.markStart));
  }

  private void findSingleQuotes(int from, int to, int p, int firstDouble) {
    int i = from;
    while (i < to) {
      int open = text.indexOf('‘', i);
      if (open < 0 || open >= to) {
        return;
      }
      i = open + 1;
      char before = open > from ? text.charAt(open - 1) : ' ';
      boolean opens =
          (Character.isWhitespace(before) || "([—–-\"“".indexOf(before) >= 0)
              && open + 1 < to
              && Character.isLetterOrDigit(text.charAt(open + 1));
      if (!opens || insideDouble(open, firstDouble)) {
        continue;
      }
      for (int j = open + 1; j < to; j++) {
        char c = text.charAt(j);
        if (c == '"' || c == '“' || c == '”' || c == '‘') {
          break;
        }
        if (c != '’') {
          continue;
        }
        boolean letterAfter = j + 1 < to && Character.isLetterOrDigit(text.charAt(j + 1));
        if (!letterAfter && !Character.isWhitespace(text.charAt(j - 1))) {
          addSpan(open, j, true, p);
          i = j + 1;
          break;
        }
      }
    }
  }

  private boolean insideDouble(int offset, int firstSpan) {
    for (int s = firstSpan; s < spans.size(); s++) {
      if (offset > spans.get(s).markStart && offset < spans.get(s).markEnd) {
        return true;
      }
    }
    return false;
  }

  /** A span from the opening mark at {@code open} to the closing mark at {@code close}. */
  private void addSpan(int open, int close, boolean closed, int p) {
    int start = open + 1;
    int end = close;
    while (start < end && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    while (end > start
        && (Character.isWhitespace(text.charAt(end - 1))
            || ",;:".indexOf(text.charAt(end - 1)) >= 0)) {
      end--;
    }
    boolean letters = false;
    for (int i = start; i < end && !letters; i++) {
      letters = Character.isLetter(text.charAt(i));
    }
    if (!letters) {
      return;
    }
    spans.add(new Span(open, closed ? close + 1 : close, start, end, closed, p));
  }

  /** '"first paragraph' then '"second paragraph': one quote carried over paragraphs. */
  private void linkContinuedSpans() {
    for (int i = 0; i + 1 < spans.size(); i++) {
      Span s = spans.get(i);
      Span n = spans.get(i + 1);
      if (!s.closed
          && n.paragraph == s.paragraph + 1
          && n.markStart == paragraphs.get(n.paragraph)[0]) {
        s.next = i + 1;
        n.previous = i;
      }
    }
  }

  private void tokenize(int p) {
    int[] r = paragraphs.get(p);
    int to = r[1];
    int i = r[0];
    boolean paragraphStart = true;
    while (i < to) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      if (!Character.isLetterOrDigit(c)) {
        add(new Tok(text, i, i + 1, false, false, p), paragraphStart);
        paragraphStart = false;
        i++;
        continue;
      }
      int j = i + 1;
      while (j < to) {
        char d = text.charAt(j);
        if (Character.isLetterOrDigit(d)) {
          j++;
        } else if (".-'’&/".indexOf(d) >= 0
            && j + 1 < to
            && Character.isLetterOrDigit(text.charAt(j + 1))) {
          j++;
        } else if (d == '"'
            && Character.isLetter(text.charAt(j - 1))
            && j + 1 < to
            && Character.isLetter(text.charAt(j + 1))) {
          j++;
        } else {
          break;
        }
      }
      if (j < to && text.charAt(j) == '.') {
        String w = text.substring(i, j);
        if (w.indexOf('.') >= 0
            || (w.length() == 1 && Character.isUpperCase(w.charAt(0)))
            || ABBREVIATIONS.contains(w.toLowerCase(Locale.ROOT))) {
          j++;
        }
      }
      int clitic = possessive(i, j);
      if (clitic > 0) {
        add(new Tok(text, i, clitic, true, false, p), paragraphStart);
        add(new Tok(text, clitic, j, true, true, p), false);
      } else {
        add(new Tok(text, i, j, true, false, p), paragraphStart);
      }
      paragraphStart = false;
      i = j;
    }
  }

  /** Where "'s" starts in the word [from, to), or -1. */
  private int possessive(int from, int to) {
    if (to - from < 3) {
      return -1;
    }
    char s = text.charAt(to - 1);
    char apostrophe = text.charAt(to - 2);
    if ((s == 's' || s == 'S') && (apostrophe == '\'' || apostrophe == '’' || apostrophe == '"')) {
      return to - 2;
    }
    return -1;
  }

  private void add(Tok t, boolean paragraphStart) {
    if (paragraphStart) {
      t.sentenceStart = true;
    } else if (t.capitalized() || Character.isDigit(t.text.charAt(0)) || opensSpan(t.start)) {
      // a sentence ends at . ! ? …, also behind a closing quotation mark or bracket
      for (int k = toks.size() - 1; k >= 0; k--) {
        Tok prev = toks.get(k);
        if (prev.quoteMark() || prev.is(')')) {
          continue;
        }
        t.sentenceStart = prev.is('.') || prev.is('!') || prev.is('?') || prev.is('…');
        break;
      }
    }
    toks.add(t);
  }

  private boolean opensSpan(int offset) {
    for (int i = spans.size() - 1;
        i >= 0 && spans.get(i).paragraph == toks.get(toks.size() - 1).paragraph;
        i--) {
      if (spans.get(i).markStart == offset) {
        return true;
      }
    }
    return false;
  }

  private void indexMentions(List<Entity> entities) {
    for (Entity e : entities) {
      for (Mention m : e.getMentions()) {
        if (m.getField() == TextField.BODY
            && m.getStart() >= 0
            && m.getEnd() <= text.length()
            && m.getStart() < m.getEnd()) {
          mentions.add(new MentionRef(e, m));
        }
      }
    }
    // longer mentions first, so that a nested shorter one never takes a token from them
    mentions.sort(
        Comparator.comparingInt((MentionRef m) -> m.start)
            .thenComparingInt(m -> -(m.end - m.start)));
    for (MentionRef m : mentions) {
      for (int k = tokenAt(m.start); k < toks.size() && toks.get(k).start < m.end; k++) {
        Tok t = toks.get(k);
        if (t.mention == null && !t.possessive) {
          t.mention = m;
          if (m.firstTok < 0) {
            m.firstTok = k;
          }
          m.lastTok = k;
        }
      }
    }
    mentions.removeIf(m -> m.firstTok < 0);
  }
}
