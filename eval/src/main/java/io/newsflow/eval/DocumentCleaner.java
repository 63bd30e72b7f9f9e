package io.newsflow.eval;

import io.newsflow.nlp.corpus.EntityCorpus;
import io.newsflow.nlp.corpus.ReutersCorpus;
import io.newsflow.nlp.corpus.ReutersDocument;
import io.newsflow.nlp.text.TextCleaner;
import java.util.ArrayList;
import java.util.List;

/**
 * Cleans texts exactly as the enrich stage does before extraction: the built-in boilerplate (which
 * drops the Reuters "Reuter" sign-off), plain-text bodies. Every system is scored and timed on
 * these same clean texts.
 */
public final class DocumentCleaner {
  public EvalDocument clean(GoldDocument doc) {
    return new EvalDocument(
        doc.docId(),
        EntityCorpus.cleanTitle(doc.title()),
        EntityCorpus.cleanText(doc.body()),
        doc.entities());
  }

  public EvalDocument clean(ReutersDocument doc) {
    return new EvalDocument(
        doc.id(),
        EntityCorpus.cleanTitle(doc.title()),
        EntityCorpus.cleanText(doc.body()),
        List.of());
  }

  public List<EvalDocument> cleanAll(List<GoldDocument> docs) {
    List<EvalDocument> out = new ArrayList<>(docs.size());
    for (GoldDocument doc : docs) {
      out.add(clean(doc));
    }
    return out;
  }

  /** Words of title and text, counted as the pipeline counts them. */
  /**
   * The Reuters documents that have a body, cleaned; {@code docs} of them drawn with a fixed seed,
   * or all when {@code docs} is 0 or more than there are.
   */
  public static List<EvalDocument> sample(ReutersCorpus corpus, int docs, long seed) {
    List<ReutersDocument> withBody = new java.util.ArrayList<>();
    for (ReutersDocument doc : corpus.documents()) {
      if (!doc.body().isBlank()) {
        withBody.add(doc);
      }
    }
    if (docs > 0 && docs < withBody.size()) {
      java.util.Collections.shuffle(withBody, new java.util.Random(seed));
      withBody = withBody.subList(0, docs);
    }
    DocumentCleaner cleaner = new DocumentCleaner();
    List<EvalDocument> out = new java.util.ArrayList<>(withBody.size());
    for (ReutersDocument doc : withBody) {
      out.add(cleaner.clean(doc));
    }
    return out;
  }

  public static int words(EvalDocument doc) {
    return TextCleaner.wordCount(doc.cleanTitle()) + TextCleaner.wordCount(doc.cleanText());
  }
}
