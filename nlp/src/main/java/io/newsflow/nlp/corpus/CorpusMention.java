package io.newsflow.nlp.corpus;

/** Where a name is written: in the clean title or the clean text, at [start, end). */
public record CorpusMention(boolean title, int start, int end) {
  public CorpusMention {
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException("mention [" + start + ", " + end + ") is empty");
    }
  }
}
