package io.newsflow.eval.quotes;

import java.util.Objects;

/**
 * One annotated quote of the speaker-attribution gold set. The quote's words are not stored (the
 * Reuters texts may not be redistributed): the document, the quote's place among the document's
 * quotes in reading order, its {@link QuoteFingerprint fingerprint}, and its offsets in the clean
 * text name it.
 *
 * @param source "reuters" (a Reuters-21578 document) or "seed" (../shared/samples/seed-article.txt)
 * @param doc the Reuters document id; null for the seed
 * @param ordinal 1-based place among the document's quotes in reading order
 * @param fingerprint {@link QuoteFingerprint#of} of the quoted words
 * @param start offset of the quote in the clean text, or -1 when not given
 * @param end offset after the quote in the clean text, or -1 when not given
 * @param speaker the speaker as the text names it ("Lloyd Bentsen"), or a description of an unnamed
 *     one ("an unnamed official")
 * @param named whether the text names the speaker
 * @param pattern how the text attributes the quote (see {@code quotes-gold.jsonl})
 */
public record GoldQuote(
    String source,
    String doc,
    int ordinal,
    String fingerprint,
    int start,
    int end,
    String speaker,
    boolean named,
    String pattern) {
  public static final String REUTERS = "reuters";
  public static final String SEED = "seed";

  public GoldQuote {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(speaker, "speaker");
    if (!source.equals(REUTERS) && !source.equals(SEED)) {
      throw new IllegalArgumentException("source must be reuters or seed, not " + source);
    }
    if (source.equals(REUTERS) && (doc == null || doc.isBlank())) {
      throw new IllegalArgumentException("a Reuters quote needs its doc id");
    }
    pattern = pattern == null ? "" : pattern;
  }

  /** "seed" or "reuters:<id>": which text the quote is in. */
  public String documentKey() {
    return source.equals(SEED) ? SEED : REUTERS + ":" + doc;
  }
}
