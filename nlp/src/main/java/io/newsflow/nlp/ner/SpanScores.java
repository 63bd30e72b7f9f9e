package io.newsflow.nlp.ner;

import io.newsflow.nlp.corpus.CorpusDocument;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Exact-span precision, recall and F1 of the recogniser on annotated documents (training aid). */
record SpanScores(int gold, int found, int correct) {
  static SpanScores of(Recognizer recognizer, List<CorpusDocument> docs) {
    int gold = 0;
    int found = 0;
    int correct = 0;
    for (CorpusDocument d : docs) {
      Set<String> g = new HashSet<>();
      for (CorpusDocument.TypedMention m : d.mentions()) {
        g.add(
            m.mention().title()
                + ":"
                + m.mention().start()
                + ":"
                + m.mention().end()
                + ":"
                + m.type());
      }
      gold += g.size();
      for (Recognizer.Span s : recognizer.recognize(d.title(), d.text()).spans()) {
        found++;
        if (g.contains(s.title() + ":" + s.start() + ":" + s.end() + ":" + s.type())) {
          correct++;
        }
      }
    }
    return new SpanScores(gold, found, correct);
  }

  @Override
  public String toString() {
    double p = found == 0 ? 0 : correct / (double) found;
    double r = gold == 0 ? 0 : correct / (double) gold;
    double f = p + r == 0 ? 0 : 2 * p * r / (p + r);
    return String.format(
        Locale.ROOT, "spans P %.3f R %.3f F1 %.3f (gold %d, found %d)", p, r, f, gold, found);
  }
}
