package io.newsflow.eval;

import io.newsflow.nlp.corpus.CorpusDocument;
import io.newsflow.nlp.corpus.CorpusEntity;
import io.newsflow.nlp.corpus.CorpusMention;
import io.newsflow.nlp.corpus.EntityCorpus;
import io.newsflow.nlp.corpus.ReutersCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Sets of the annotated corpus as evaluation gold: {@code corpus:reuters-dev}, {@code
 * corpus:reuters-test} (Reuters-21578 documents of that split), {@code corpus:modern-dev}, {@code
 * corpus:modern-test} (articles written for newsflow). A gold entity's mentions are the distinct
 * surface forms at its offsets.
 */
public final class CorpusSets {
  static final String PREFIX = "corpus:";

  private CorpusSets() {}

  static boolean needsTexts(String name) {
    return source(name).equals(EntityCorpus.REUTERS);
  }

  static List<EvalDocument> documents(Path dir, String name, ReutersCorpus texts) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    String source = source(name);
    String set = name.substring(name.lastIndexOf('-') + 1);
    List<EvalDocument> out = new ArrayList<>();
    for (CorpusDocument d :
        EntityCorpus.load(
            EntityCorpus.files(dir), source.equals(EntityCorpus.REUTERS) ? texts : null)) {
      if (!d.source().equals(source) || !d.set().equals(set)) {
        continue;
      }
      out.add(new EvalDocument(d.docId(), d.title(), d.text(), gold(d)));
    }
    return out;
  }

  /** A corpus document's entities as gold: each with the distinct surface forms of its mentions. */
  public static List<GoldEntity> gold(CorpusDocument d) {
    List<GoldEntity> gold = new ArrayList<>();
    for (CorpusEntity e : d.entities()) {
      Set<String> forms = new LinkedHashSet<>();
      for (CorpusMention m : e.mentions()) {
        forms.add(d.surface(m));
      }
      gold.add(new GoldEntity(e.type(), e.canonical(), new ArrayList<>(forms)));
    }
    return gold;
  }

  private static String source(String name) {
    String rest = name.substring(PREFIX.length());
    if (rest.startsWith("reuters-")) {
      return EntityCorpus.REUTERS;
    }
    if (rest.startsWith("modern-")) {
      return EntityCorpus.WRITTEN;
    }
    throw new IllegalArgumentException(
        "unknown corpus set " + name + ": corpus:reuters-dev|reuters-test|modern-dev|modern-test");
  }
}
