package io.newsflow.eval;

import io.newsflow.nlp.corpus.ReutersCorpus;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Scores newsflow's entity extractor, and Stanford CoreNLP's CRF beside it when the baseline is on
 * the class path, against the gold files of {@code ../shared/gold/}: precision, recall and F1 per
 * type and overall (see {@link EntityScorer} for what counts as a match). Texts are cleaned as the
 * pipeline cleans them; Reuters bodies come from the fetched Reuters-21578 texts.
 *
 * <p>Run with {@code eval/run evaluate [--errors]}, or {@code eval/run --corenlp evaluate} for the
 * baseline. Exit status: 0 when newsflow's extractor was scored on every gold file at hand, 1 when
 * it could not be loaded, 2 when there is no gold to score against.
 */
@Command(
    name = "entity-evaluation",
    mixinStandardHelpOptions = true,
    description = "Precision, recall and F1 of entity extraction on the gold files.")
public final class EntityEvaluation implements Callable<Integer> {
  @Option(names = "--errors", description = "Print newsflow's errors, document by document.")
  boolean errors;

  @Option(
      names = "--baseline-errors",
      description = "Print the CoreNLP baseline's errors, document by document.")
  boolean baselineErrors;

  @Option(
      names = "--no-baseline",
      description = "Do not run CoreNLP even when it is on the class path.")
  boolean noBaseline;

  @Option(
      names = "--gold",
      split = ",",
      description =
          "What to score on: gold files (names in the gold folder) and sets of the annotated"
              + " corpus (corpus:reuters-dev, corpus:modern-dev, corpus:reuters-test,"
              + " corpus:modern-test); default: ${DEFAULT-VALUE}. The test sets are scored only"
              + " when named.",
      defaultValue =
          EvalPaths.SEED_GOLD
              + ","
              + EvalPaths.REUTERS_GOLD
              + ",corpus:reuters-dev,corpus:modern-dev")
  List<String> goldFiles;

  @Option(
      names = "--corpus-dir",
      description = "The annotated corpus (default: nlp/corpus in the repository).")
  Path corpusDir;

  @Option(
      names = "--gold-dir",
      description = "The gold folder (default: <newsflow.shared.dir or ../shared>/gold).")
  Path goldDir;

  @Option(
      names = "--reuters-dir",
      description =
          "The folder of reuters-*.json (default: <newsflow.reuters.dir or"
              + " data/reuters/package/data/full>).")
  Path reutersDir;

  private final PrintStream out;
  private final PrintStream err;

  /** The scores of each system on each gold file, as printed; filled by {@link #call}. */
  private final List<FileResult> fileResults = new ArrayList<>();

  /** The systems' scores on one gold file. */
  public record FileResult(String goldFile, int documents, List<Evaluation.Result> results) {}

  public EntityEvaluation() {
    this(System.out, System.err);
  }

  public EntityEvaluation(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new EntityEvaluation()).execute(args));
  }

  public List<FileResult> fileResults() {
    return List.copyOf(fileResults);
  }

  @Override
  public Integer call() {
    Path gold = goldDir != null ? goldDir : EvalPaths.goldDir();
    if (!Files.isDirectory(gold)) {
      err.println(
          "no gold folder at "
              + gold
              + ": it is ../shared/gold beside the repository (or set -D"
              + EvalPaths.SHARED_DIR_PROPERTY
              + ")");
      return 2;
    }
    Path reuters = reutersDir != null ? reutersDir : EvalPaths.reutersDir();

    List<EntityRecognizer> systems = new ArrayList<>();
    boolean oursLoaded = loadOurs(systems);
    EntityRecognizer baseline = noBaseline ? null : loadBaseline();
    if (baseline != null) {
      systems.add(baseline);
    }
    if (systems.isEmpty()) {
      err.println("no system to evaluate");
      return 1;
    }

    GoldDocuments documents = new GoldDocuments(gold, reuters);
    Evaluation evaluation = new Evaluation();
    int scored = 0;
    for (String name : goldFiles) {
      out.println();
      List<EvalDocument> docs = documents.read(name);
      if (docs == null) {
        continue;
      }
      int goldEntities = docs.stream().mapToInt(d -> d.gold().size()).sum();
      List<Evaluation.Result> results = new ArrayList<>();
      for (EntityRecognizer system : systems) {
        results.add(evaluation.run(system, docs));
      }
      fileResults.add(new FileResult(name, docs.size(), results));
      scored++;
      report(name, docs, goldEntities, results, oursLoaded, baseline == null && !noBaseline);
    }
    if (scored == 0) {
      err.println("no gold file could be scored");
      return 2;
    }
    return oursLoaded ? 0 : 1;
  }

  /**
   * Prints the scores on one gold file, then the errors asked for by --errors/--baseline-errors.
   */
  private void report(
      String name,
      List<EvalDocument> docs,
      int goldEntities,
      List<Evaluation.Result> results,
      boolean oursLoaded,
      boolean baselineAbsent) {
    out.printf(
        Locale.ROOT, "== %s: %d documents, %d gold entities%n", name, docs.size(), goldEntities);
    Reports.scoreTable(out, results);
    if (!oursLoaded) {
      out.println("(newsflow: not run, see above)");
    }
    if (baselineAbsent) {
      out.println("(" + Baselines.CORENLP_ABSENT + ")");
    }
    for (Evaluation.Result r : results) {
      boolean ours = oursLoaded && r == results.get(0);
      if ((ours && errors) || (!ours && baselineErrors)) {
        out.println();
        out.println("-- errors of " + r.system() + " on " + name + ":");
        Reports.errors(out, docs, r.scores());
      }
    }
  }

  /** Reads gold files and corpus sets; loads the Reuters texts once, when first needed. */
  private final class GoldDocuments {
    private final Path gold;
    private final Path reuters;
    private final DocumentCleaner cleaner = new DocumentCleaner();
    private ReutersCorpus texts;

    GoldDocuments(Path gold, Path reuters) {
      this.gold = gold;
      this.reuters = reuters;
    }

    /** The documents of a gold file or corpus set; null, with a line saying why, when skipped. */
    List<EvalDocument> read(String name) {
      boolean corpusSet = name.startsWith(CorpusSets.PREFIX);
      Path file = corpusSet ? null : gold.resolve(name);
      if (!corpusSet && !Files.isRegularFile(file)) {
        out.println("== " + name + ": skipped, no such file in " + gold);
        return null;
      }
      if (texts == null
          && (corpusSet ? CorpusSets.needsTexts(name) : GoldLoader.needsTexts(file))) {
        if (!ReutersCorpus.isPresent(reuters)) {
          out.println(
              "== "
                  + name
                  + ": skipped, the Reuters texts are not in "
                  + reuters
                  + " (run nlp/fetch-reuters)");
          return null;
        }
        texts = ReutersCorpus.load(reuters);
      }
      if (corpusSet) {
        Path dir = corpusDir != null ? corpusDir : EvalPaths.corpusDir();
        List<EvalDocument> docs = CorpusSets.documents(dir, name, texts);
        if (docs.isEmpty()) {
          out.println("== " + name + ": skipped, no such documents in " + dir);
          return null;
        }
        return docs;
      }
      return cleaner.cleanAll(GoldLoader.read(file, texts));
    }
  }

  private boolean loadOurs(List<EntityRecognizer> systems) {
    long start = System.nanoTime();
    try {
      systems.add(NewsflowRecognizer.withDefaultKnowledgeBase());
      out.printf(
          Locale.ROOT,
          "newsflow: default knowledge base loaded in %.1f s%n",
          (System.nanoTime() - start) / 1e9);
      return true;
    } catch (IllegalStateException e) {
      err.println(e.getMessage());
      return false;
    }
  }

  private EntityRecognizer loadBaseline() {
    Baselines.Loaded loaded = Baselines.coreNlp();
    if (!loaded.present()) {
      err.println(loaded.problem());
      return null;
    }
    out.printf(
        Locale.ROOT,
        "%s: model loaded in %.1f s%n",
        loaded.recognizer().name(),
        loaded.loadNanos() / 1e9);
    return loaded.recognizer();
  }
}
