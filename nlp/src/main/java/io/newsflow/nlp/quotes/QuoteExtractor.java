package io.newsflow.nlp.quotes;

import io.newsflow.avro.Entity;
import io.newsflow.avro.EntityType;
import io.newsflow.avro.Quote;
import io.newsflow.nlp.quotes.Attributor.Cue;
import io.newsflow.nlp.quotes.Attributor.Kind;
import io.newsflow.nlp.quotes.Attributor.Speaker;
import io.newsflow.nlp.quotes.QuoteText.Span;
import io.newsflow.nlp.quotes.QuoteText.Tok;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds the direct quotes of an article and who said them: clean text and its entities in, one
 * {@link Quote} per quoted passage out, in text order, with offsets into the clean text ({@code
 * text} is always {@code cleanText.substring(start, end)}). Stateless and thread-safe. What counts
 * as a quote, block quotes, and how the speaker is found: docs/entities.md, "How quotes are found";
 * {@code eval/run quotes} scores it on a gold set. Word lists are resources next to this class.
 */
public final class QuoteExtractor {
  /** Words in quotation marks without a speech cue must be at least this many to be a quote. */
  static final int MIN_WORDS_WITHOUT_CUE = 4;

  /** A block quote spans at most this many paragraphs. */
  static final int MAX_BLOCK_PARAGRAPHS = 5;

  /** An attribution after a quote ("," X said) starts within this many tokens of its mark. */
  static final int TAG_WINDOW = 15;

  /** Confidence of a quote whose speaker is unknown. */
  static final float NO_SPEAKER_CONFIDENCE = 0.3f;

  /** A quote as found, before it becomes a record. */
  private static final class Found {
    final int start;
    final int end;
    final boolean block;
    final int paragraph;
    final int span;
    Speaker speaker;
    String cue;
    boolean ownCue;
    float factor = 1f;

    Found(int start, int end, boolean block, int paragraph, int span) {
      this.start = start;
      this.end = end;
      this.block = block;
      this.paragraph = paragraph;
      this.span = span;
    }

    void attribute(Speaker s, String cueText, float f) {
      speaker = s;
      cue = cueText;
      factor = f;
    }
  }

  /** A paragraph introducing a block quote: "Kerry noted:". */
  private record Intro(Speaker speaker, String cue) {}

  /**
   * The quotes of an article.
   *
   * @param cleanText the clean text, paragraphs separated by a blank line
   * @param entities the article's entities; mentions with field BODY point into {@code cleanText}
   */
  public List<Quote> extract(String cleanText, List<Entity> entities) {
    QuoteText a = new QuoteText(cleanText, entities);
    Attributor at = new Attributor(a);
    int paragraphs = a.paragraphs.size();
    boolean[] inBlock = new boolean[paragraphs];
    Intro[] introBefore = new Intro[paragraphs];
    List<Found> found = new ArrayList<>();
    findBlocks(a, at, found, inBlock, introBefore);
    List<Found> marked = findMarked(a, at, inBlock);
    inherit(a, at, marked, introBefore);
    found.addAll(marked);
    found.sort(Comparator.comparingInt(f -> f.start));
    List<Quote> quotes = new ArrayList<>(found.size());
    for (Found f : found) {
      Speaker s = f.speaker != null && f.speaker.resolved() ? f.speaker : null;
      quotes.add(
          Quote.newBuilder()
              .setText(a.text.substring(f.start, f.end))
              .setStart(f.start)
              .setEnd(f.end)
              .setSpeakerId(s == null || s.entity() == null ? null : s.entity().getId())
              .setSpeakerName(s == null ? null : s.name())
              .setCue(f.cue)
              .setBlock(f.block)
              .setConfidence(s == null ? NO_SPEAKER_CONFIDENCE : s.kind().confidence * f.factor)
              .build());
    }
    return quotes;
  }

  private static void findBlocks(
      QuoteText a, Attributor at, List<Found> found, boolean[] inBlock, Intro[] introBefore) {
    int paragraphs = a.paragraphs.size();
    for (int p = 0; p + 1 < paragraphs; p++) {
      if (inBlock[p]) {
        continue;
      }
      Intro intro = intro(a, at, p);
      if (intro == null || intro(a, at, p + 1) != null) {
        continue;
      }
      int first = p + 1;
      int[] firstRange = a.paragraphs.get(first);
      if (startsWithQuote(a, first)) {
        introBefore[first] = intro;
        continue;
      }
      int last = first;
      while (last + 1 < paragraphs
          && last + 1 - first < MAX_BLOCK_PARAGRAPHS
          && continuesBlock(a, at, last + 1, intro)) {
        last++;
      }
      for (int q = first; q <= last; q++) {
        inBlock[q] = true;
      }
      Found f = new Found(firstRange[0], a.paragraphs.get(last)[1], true, first, -1);
      f.attribute(intro.speaker(), intro.cue(), 1f);
      f.ownCue = true;
      found.add(f);
      p = last - 1;
    }
  }

  private static boolean startsWithQuote(QuoteText a, int p) {
    int start = a.paragraphs.get(p)[0];
    int s = a.spanAt(start);
    return s >= 0 && a.spans.get(s).markStart == start;
  }

  /** The introduction of a block quote in paragraph {@code p}, or null when it is none. */
  private static Intro intro(QuoteText a, Attributor at, int p) {
    int[] toks = a.paragraphToks.get(p);
    if (toks[1] <= toks[0]) {
      return null;
    }
    int colon = toks[1] - 1;
    if (!a.toks.get(colon).is(':') || a.toks.get(colon).quote >= 0) {
      return null;
    }
    int from = a.sentenceStart(colon);
    Cue cue = at.lastCue(from, colon);
    if (cue == null) {
      return null;
    }
    Speaker speaker = at.speaker(cue, from, colon);
    int cueEnd = a.toks.get(cue.first()).start + cue.text().length();
    String between =
        a.text.substring(Math.min(cueEnd, a.toks.get(colon).start), a.toks.get(colon).start);
    String text = between.isBlank() ? cue.text() + ":" : cue.text();
    return new Intro(speaker, text);
  }

  /** Whether paragraph {@code p} still belongs to the block quote that {@code intro} opened. */
  private static boolean continuesBlock(QuoteText a, Attributor at, int p, Intro intro) {
    if (a.paragraphText(p).endsWith(":")) {
      return false;
    }
    int[] toks = a.paragraphToks.get(p);
    for (int k = toks[0]; k < toks[1]; k++) {
      Tok t = a.toks.get(k);
      if (t.quote >= 0) {
        return false;
      }
      if (t.mention != null
          && intro.speaker() != null
          && intro.speaker().entity() != null
          && t.mention.entity.getId().equals(intro.speaker().entity().getId())) {
        return false;
      }
    }
    if (startsWithPersonAndVerb(a, toks[0], toks[1])) {
      return false;
    }
    for (int k = toks[0]; k < toks[1]; k++) {
      Cue cue = at.cueAt(k);
      if (cue != null) {
        int from = a.sentenceStart(k);
        int to = a.sentenceEnd(k);
        if (at.speaker(cue, from, to) != null) {
          return false;
        }
      }
    }
    return true;
  }

  /** "Kerry held talks", "Secretary Kerry emphasized": a person's name, then a lower-case word. */
  private static boolean startsWithPersonAndVerb(QuoteText a, int from, int to) {
    int k = from;
    while (k < to && k < from + 3 && a.toks.get(k).capitalized() && a.toks.get(k).mention == null) {
      k++;
    }
    if (k >= to || a.toks.get(k).mention == null) {
      return false;
    }
    QuoteText.MentionRef m = a.toks.get(k).mention;
    if (m.type() != EntityType.PERSON || m.lastTok + 1 >= to) {
      return false;
    }
    Tok next = a.toks.get(m.lastTok + 1);
    return next.word && !next.possessive && next.lowerCase();
  }

  /** Quotes in quotation marks outside block quotes, with the attribution of their own sentence. */
  private static List<Found> findMarked(QuoteText a, Attributor at, boolean[] inBlock) {
    List<Found> out = new ArrayList<>();
    for (int i = 0; i < a.spans.size(); i++) {
      Span span = a.spans.get(i);
      if (inBlock[span.paragraph]) {
        continue;
      }
      Found f = new Found(span.start, span.end, false, span.paragraph, i);
      attributeOwn(a, at, span, f);
      boolean chained = span.previous >= 0 || span.next >= 0;
      if (f.ownCue || chained || words(a, span) >= MIN_WORDS_WITHOUT_CUE) {
        out.add(f);
      }
    }
    return out;
  }

  private static int words(QuoteText a, Span span) {
    int n = 0;
    for (int k = a.tokenAt(span.start); k < a.toks.size() && a.toks.get(k).start < span.end; k++) {
      if (a.toks.get(k).word && !a.toks.get(k).possessive) {
        n++;
      }
    }
    return n;
  }

  /** The attribution in the quote's own sentence: after the quote first, else before it. */
  private static void attributeOwn(QuoteText a, Attributor at, Span span, Found f) {
    int[] paragraph = a.paragraphToks.get(span.paragraph);
    Cue afterCue = null;
    Speaker afterSpeaker = null;
    if (span.closed) {
      int k = a.tokenAt(span.markEnd);
      if (k < paragraph[1] && !a.toks.get(k).sentenceStart && a.toks.get(k).quote < 0) {
        int z = k;
        while (z < paragraph[1]
            && (z == k || !a.toks.get(z).sentenceStart)
            && a.toks.get(z).quote < 0) {
          z++;
        }
        afterCue = at.firstCue(k, Math.min(z, k + TAG_WINDOW));
        int tag = k;
        if (afterCue != null && clauseBetween(a, k, afterCue.first())) {
          // '"..." and discussed it with Y, X said': the attribution after the last comma holds
          tag = -1;
          for (int c = afterCue.first() - 1; c > k && tag < 0; c--) {
            if (a.toks.get(c).is(',')) {
              tag = c + 1;
            }
          }
          if (tag < 0 || clauseBetween(a, tag, afterCue.first())) {
            afterCue = null;
          }
        }
        if (afterCue != null) {
          afterSpeaker = at.speaker(afterCue, tag, z);
        }
      }
    }
    if (afterSpeaker != null && afterSpeaker.resolved()) {
      f.attribute(afterSpeaker, afterCue.text(), 1f);
      f.ownCue = true;
      return;
    }
    int mark = a.tokenAt(span.markStart);
    int from = a.sentenceStart(Math.min(mark, a.toks.size() - 1));
    Cue beforeCue = mark > from ? at.lastCue(from, mark) : null;
    Speaker beforeSpeaker = beforeCue == null ? null : at.speaker(beforeCue, from, mark);
    if (beforeSpeaker != null && (beforeSpeaker.resolved() || afterSpeaker == null)) {
      f.attribute(beforeSpeaker, beforeCue.text(), 1f);
      f.ownCue = true;
      return;
    }
    if (afterSpeaker != null) {
      // a pronoun nothing resolved: the quotes around may still tell who it is
      f.attribute(afterSpeaker, afterCue.text(), 1f);
      f.ownCue = true;
      return;
    }
    Cue cue = afterCue != null ? afterCue : beforeCue;
    if (cue != null) {
      f.cue = cue.text();
      f.ownCue = true;
    }
  }

  /** "... and X said": a clause between a quote and a cue makes the cue another sentence's. */
  private static boolean clauseBetween(QuoteText a, int from, int cue) {
    for (int k = from; k < cue; k++) {
      Tok t = a.toks.get(k);
      if (t.word
          && t.mention == null
          && t.lowerCase()
          && QuoteWords.CLAUSE_WORDS.contains(t.lower)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Quotes without an attribution of their own take one from the quote they continue: over a
   * paragraph break, in the same paragraph, after an introduction, or after a paragraph of quotes.
   */
  private static void inherit(QuoteText a, Attributor at, List<Found> marked, Intro[] introBefore) {
    Found[] bySpan = new Found[a.spans.size()];
    for (Found f : marked) {
      bySpan[f.span] = f;
    }
    // "he said" goes on with the speaker of the quote before, unless a sentence since opened with
    // another person: "Sato thought otherwise. "...," he said."
    Found last = null;
    for (Found f : marked) {
      Speaker s = f.speaker;
      if (s != null && s.kind() == Kind.PRONOUN && last != null) {
        Speaker p = last.speaker;
        boolean newSubject =
            s.resolved()
                && s.at() > p.at()
                && s.at() >= a.tokenAt(last.end)
                && at.opensSentence(s.at());
        boolean near = last.paragraph >= f.paragraph - 1 || !s.resolved();
        if (near && !newSubject && p.fits(s.pronoun())) {
          f.attribute(
              new Speaker(p.name(), p.entity(), Kind.PRONOUN, p.at(), s.pronoun()), f.cue, 1f);
        }
      }
      if (f.speaker != null && f.speaker.resolved()) {
        last = f;
      }
    }
    // a quote carried over paragraphs: the best-attributed piece speaks for all
    for (Found f : marked) {
      if (resolved(f) || f.ownCue) {
        continue;
      }
      Found best = null;
      for (Found piece : chain(a, bySpan, f.span)) {
        if (resolved(piece)
            && piece.factor == 1f
            && (best == null || piece.speaker.kind().confidence > best.speaker.kind().confidence)) {
          best = piece;
        }
      }
      if (best != null) {
        f.attribute(best.speaker, best.cue, 0.9f);
      }
    }
    Found previous = null;
    for (Found f : marked) {
      if (!resolved(f) && !f.ownCue) {
        Span span = a.spans.get(f.span);
        Found cued = cueEarlierInParagraph(a, at, f);
        if (span.previous >= 0
            && bySpan[span.previous] != null
            && resolved(bySpan[span.previous])) {
          Found before = bySpan[span.previous];
          f.attribute(before.speaker, before.cue, 0.9f);
        } else if (cued != null) {
          f.attribute(cued.speaker, cued.cue, 0.85f);
        } else if (previous != null && previous.paragraph == f.paragraph && resolved(previous)) {
          f.attribute(previous.speaker, previous.cue, 0.85f);
        } else if (a.spans.get(f.span).markStart == a.paragraphs.get(f.paragraph)[0]) {
          Intro intro = introBefore[f.paragraph];
          if (intro != null && intro.speaker() != null && intro.speaker().resolved()) {
            f.attribute(intro.speaker(), intro.cue(), 0.9f);
          } else if (previous != null
              && previous.paragraph == f.paragraph - 1
              && resolved(previous)
              && !hasCue(a, at, f.paragraph)) {
            f.attribute(previous.speaker, previous.cue, 0.7f);
          }
        }
      }
      previous = f;
    }
  }

  /**
   * The speaker of the last speech cue before quote {@code f} in its paragraph, outside quotation
   * marks ("X predicted a cut. "..."" or '"...," X said. "..."'), as a quote carrying it; or null.
   */
  private static Found cueEarlierInParagraph(QuoteText a, Attributor at, Found f) {
    int from = a.paragraphToks.get(f.paragraph)[0];
    int mark = a.tokenAt(a.spans.get(f.span).markStart);
    Cue cue = at.lastCue(from, mark);
    if (cue == null) {
      return null;
    }
    Speaker s = at.speaker(cue, a.sentenceStart(cue.first()), a.sentenceEnd(cue.first()));
    if (s == null || !s.resolved()) {
      return null;
    }
    Found carrier = new Found(f.start, f.end, false, f.paragraph, f.span);
    carrier.attribute(s, cue.text(), 1f);
    return carrier;
  }

  private static boolean resolved(Found f) {
    return f.speaker != null && f.speaker.resolved();
  }

  private static List<Found> chain(QuoteText a, Found[] bySpan, int span) {
    int head = span;
    while (a.spans.get(head).previous >= 0) {
      head = a.spans.get(head).previous;
    }
    List<Found> pieces = new ArrayList<>();
    for (int s = head; s >= 0; s = a.spans.get(s).next) {
      if (bySpan[s] != null) {
        pieces.add(bySpan[s]);
      }
    }
    return pieces;
  }

  /** Whether paragraph {@code p} has a speech cue outside quotation marks. */
  private static boolean hasCue(QuoteText a, Attributor at, int p) {
    int[] toks = a.paragraphToks.get(p);
    return at.firstCue(toks[0], toks[1]) != null;
  }
}
