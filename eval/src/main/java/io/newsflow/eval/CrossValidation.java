package io.newsflow.eval;

import io.newsflow.avro.Entity;
import io.newsflow.kb.KnowledgeBase;
import io.newsflow.nlp.corpus.CorpusDocument;
import io.newsflow.nlp.corpus.EntityCorpus;
import io.newsflow.nlp.corpus.ReutersCorpus;
import io.newsflow.nlp.entities.EntityExtractor;
import io.newsflow.nlp.ner.KbGazetteer;
import io.newsflow.nlp.ner.NerModel;
import io.newsflow.nlp.ner.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Cross-validation of the recogniser on the corpus's training documents, for choosing features and
 * options without touching dev or test: the documents are dealt into folds (seeded), and each fold
 * is scored by a model trained on the others, with the evaluation's document-level rules. Prints
 * the scores per source and overall with a bootstrap interval. Run with {@code eval/run cv}.
 */
@Command(
    name = "cv",
    mixinStandardHelpOptions = true,
    description = "Cross-validated entity scores on the corpus's training documents.")
public final class CrossValidation implements Callable<Integer> {
  @Option(names = "--folds", defaultValue = "5", description = "Folds (default ${DEFAULT-VALUE}).")
  int folds;

  @Option(names = "--epochs", defaultValue = "12", description = "Training epochs.")
  int epochs;

  @Option(names = "--seed", defaultValue = "20261206", description = "Seed of folds and training.")
  long seed;

  @Option(names = "--min-weight", defaultValue = "1", description = "Feature pruning.")
  float minWeight;

  @Option(names = "--seeds", defaultValue = "3", description = "Models averaged, one per seed.")
  int seeds;

  @Option(names = "--corpus-dir", description = "The corpus (default nlp/corpus).")
  Path corpusDir;

  @Option(
      names = "--errors",
      description = "Print the errors on the documents of this source (reuters or modern).")
  String errors;

  public static void main(String[] args) {
    System.exit(new CommandLine(new CrossValidation()).execute(args));
  }

  @Override
  public Integer call() {
    Path dir = corpusDir != null ? corpusDir : EvalPaths.corpusDir();
    List<Path> files = EntityCorpus.files(dir);
    ReutersCorpus texts = ReutersCorpus.load(EvalPaths.reutersDir());
    List<CorpusDocument> docs = new ArrayList<>();
    for (CorpusDocument d : EntityCorpus.load(files, texts)) {
      if (d.set().equals("train")) {
        docs.add(d);
      }
    }
    Collections.shuffle(docs, new Random(seed));
    KnowledgeBase kb = KnowledgeBase.loadDefault();
    Trainer trainer = new Trainer(new KbGazetteer(kb));
    EntityScorer scorer = new EntityScorer();
    List<DocumentScore> reuters = new ArrayList<>();
    List<DocumentScore> written = new ArrayList<>();
    List<EvalDocument> shown = new ArrayList<>();
    List<DocumentScore> shownScores = new ArrayList<>();
    for (int fold = 0; fold < folds; fold++) {
      List<CorpusDocument> train = new ArrayList<>();
      List<CorpusDocument> held = new ArrayList<>();
      for (int i = 0; i < docs.size(); i++) {
        (i % folds == fold ? held : train).add(docs.get(i));
      }
      NerModel model =
          trainer.train(
              train, new Trainer.Options(epochs, seed, minWeight, seeds), line -> {}, null);
      EntityExtractor extractor = new EntityExtractor(kb, model);
      for (CorpusDocument d : held) {
        List<SystemEntity> found = new ArrayList<>();
        for (Entity e : extractor.extract(d.title(), d.text())) {
          found.add(SystemEntity.of(e));
        }
        DocumentScore s = scorer.score(d.docId(), CorpusSets.gold(d), found);
        boolean isReuters = d.source().equals(EntityCorpus.REUTERS);
        (isReuters ? reuters : written).add(s);
        if (errors != null && errors.equals(isReuters ? "reuters" : "modern")) {
          shown.add(new EvalDocument(d.docId(), d.title(), d.text(), CorpusSets.gold(d)));
          shownScores.add(s);
        }
      }
      System.err.printf(Locale.ROOT, "fold %d of %d done%n", fold + 1, folds);
    }
    if (errors != null) {
      Reports.errors(System.out, shown, new Scoreboard(shownScores));
    }
    print("reuters", new Scoreboard(reuters));
    print("modern", new Scoreboard(written));
    List<DocumentScore> all = new ArrayList<>(reuters);
    all.addAll(written);
    print("all", new Scoreboard(all));
    return 0;
  }

  private static void print(String label, Scoreboard s) {
    Counts c = s.overall();
    Bootstrap.Interval i = Bootstrap.overallF1(s);
    System.out.printf(
        Locale.ROOT,
        "%-8s %4d docs  P %.3f  R %.3f  F1 %.3f [%.3f, %.3f]   PER %.3f  ORG %.3f  LOC %.3f%n",
        label,
        s.documents().size(),
        c.precision(),
        c.recall(),
        c.f1(),
        i.low(),
        i.high(),
        s.counts(io.newsflow.avro.EntityType.PERSON).f1(),
        s.counts(io.newsflow.avro.EntityType.ORGANIZATION).f1(),
        s.counts(io.newsflow.avro.EntityType.LOCATION).f1());
  }
}
