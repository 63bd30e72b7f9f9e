package io.newsflow.eval;

import io.newsflow.nlp.corpus.ReutersCorpus;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Words per second on one core of newsflow's entity extractor and of Stanford CoreNLP's CRF (when
 * the baseline is on the class path), measured in the same run on the same Reuters-21578 texts:
 * cleaned once up front, a warm-up pass over them, then measured passes on this one thread until
 * {@code --min-seconds} have passed. Words are counted as the pipeline counts them ({@code
 * TextCleaner.wordCount}). Also prints the heap used after loading the default knowledge base and
 * model (after a full GC, before and after) and its load time.
 *
 * <p>Run with {@code eval/run --corenlp speed} (or without {@code --corenlp} for ours alone).
 */
@Command(
    name = "entity-speed-benchmark",
    mixinStandardHelpOptions = true,
    description = "Words per second of entity extraction, newsflow vs CoreNLP's CRF.")
public final class EntitySpeedBenchmark implements Callable<Integer> {
  @Option(
      names = "--docs",
      defaultValue = "5000",
      description =
          "Reuters documents in the sample, drawn with a fixed seed from those with a body;"
              + " 0 takes all (default: ${DEFAULT-VALUE}).")
  int docs;

  @Option(
      names = "--seed",
      defaultValue = "21578",
      description = "Seed of the sample (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--min-seconds",
      defaultValue = "5",
      description =
          "Measured passes repeat until this much time has passed (default: ${DEFAULT-VALUE}).")
  double minSeconds;

  @Option(
      names = "--no-baseline",
      description = "Do not run CoreNLP even when it is on the class path.")
  boolean noBaseline;

  @Option(
      names = "--reuters-dir",
      description =
          "The folder of reuters-*.json (default: <newsflow.reuters.dir or"
              + " data/reuters/package/data/full>).")
  Path reutersDir;

  private final PrintStream out = System.out;
  private final PrintStream err = System.err;
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  /** One system's speed. */
  record Speed(double wordsPerSecond, double wordsPerCpuSecond, int passes, long entities) {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new EntitySpeedBenchmark()).execute(args));
  }

  @Override
  public Integer call() {
    out.printf(
        Locale.ROOT,
        "JVM %s, %d processors, max heap %d MB; every system runs on this one thread%n",
        Runtime.version(),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);

    // The knowledge base and the model first, so the heap figure is them and an idle JVM.
    NewsflowRecognizer ours = loadOurs();

    Path dir = reutersDir != null ? reutersDir : EvalPaths.reutersDir();
    if (!ReutersCorpus.isPresent(dir)) {
      err.println("the Reuters texts are not in " + dir + ": run nlp/fetch-reuters");
      return 2;
    }
    CleanSample sample = loadSample(dir);

    Speed ourSpeed = null;
    if (ours != null) {
      ourSpeed = measure(ours, sample.documents(), sample.words());
    }
    Speed baselineSpeed = noBaseline ? null : measureBaseline(sample);

    if (ourSpeed != null && baselineSpeed != null) {
      out.printf(
          Locale.ROOT,
          "ratio newsflow / CoreNLP CRF: %.1fx (words per second), %.1fx (words per CPU second)%n",
          ourSpeed.wordsPerSecond() / baselineSpeed.wordsPerSecond(),
          ourSpeed.wordsPerCpuSecond() / baselineSpeed.wordsPerCpuSecond());
    }
    return ours != null ? 0 : 1;
  }

  /** Loads newsflow's recognizer, printing load time and heap; null when it cannot be loaded. */
  private NewsflowRecognizer loadOurs() {
    NewsflowRecognizer ours = null;
    long heapBefore = usedHeapAfterGc();
    long start = System.nanoTime();
    try {
      ours = NewsflowRecognizer.withDefaultKnowledgeBase();
      double loadSeconds = (System.nanoTime() - start) / 1e9;
      long heapAfter = usedHeapAfterGc();
      out.printf(
          Locale.ROOT,
          "default knowledge base (%,d entities, %,d alias keys) and entity model loaded in"
              + " %.2f s; heap used after load %d MB (%d MB more than before)%n",
          ours.extractor().knowledgeBase().size(),
          ours.extractor().knowledgeBase().aliasCount(),
          loadSeconds,
          heapAfter >> 20,
          (heapAfter - heapBefore) >> 20);
    } catch (IllegalStateException e) {
      err.println(e.getMessage());
    }
    return ours;
  }

  /** The cleaned sample documents and their word count. */
  private record CleanSample(List<EvalDocument> documents, long words) {}

  /** Reads the Reuters texts, draws and cleans the sample, and prints its size. */
  private CleanSample loadSample(Path dir) {
    long cleanStart = System.nanoTime();
    ReutersCorpus corpus = ReutersCorpus.load(dir);
    List<EvalDocument> sample = sample(corpus);
    long words = 0;
    for (EvalDocument doc : sample) {
      words += DocumentCleaner.words(doc);
    }
    out.printf(
        Locale.ROOT,
        "sample: %,d of %,d Reuters-21578 documents (seed %d), %,d words; read and cleaned in %.1f"
            + " s%n",
        sample.size(),
        corpus.size(),
        seed,
        words,
        (System.nanoTime() - cleanStart) / 1e9);
    return new CleanSample(sample, words);
  }

  /** Loads CoreNLP's CRF, printing its heap, and measures it; null when it is not there. */
  private Speed measureBaseline(CleanSample sample) {
    long heapBeforeModel = usedHeapAfterGc();
    Baselines.Loaded baseline = Baselines.coreNlp();
    if (!baseline.present()) {
      err.println(baseline.problem());
      return null;
    }
    out.printf(
        Locale.ROOT,
        "%s: model loaded in %.2f s; %d MB of heap%n",
        baseline.recognizer().name(),
        baseline.loadNanos() / 1e9,
        (usedHeapAfterGc() - heapBeforeModel) >> 20);
    return measure(baseline.recognizer(), sample.documents(), sample.words());
  }

  private List<EvalDocument> sample(ReutersCorpus corpus) {
    return DocumentCleaner.sample(corpus, docs, seed);
  }

  private Speed measure(EntityRecognizer system, List<EvalDocument> sample, long words) {
    long start = System.nanoTime();
    long entities = pass(system, sample);
    double warmSeconds = (System.nanoTime() - start) / 1e9;
    out.printf(
        Locale.ROOT,
        "%s: warm-up pass %.1f s (%,.0f words/s), %d entities%n",
        system.name(),
        warmSeconds,
        words / warmSeconds,
        entities);

    int passes = 0;
    long cpuStart = threads.getCurrentThreadCpuTime();
    start = System.nanoTime();
    long elapsed;
    do {
      entities = pass(system, sample);
      passes++;
      elapsed = System.nanoTime() - start;
    } while (elapsed < minSeconds * 1e9);
    long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
    double wordsMeasured = (double) words * passes;
    Speed speed =
        new Speed(wordsMeasured / (elapsed / 1e9), wordsMeasured / (cpu / 1e9), passes, entities);
    out.printf(
        Locale.ROOT,
        "%s: %,.0f words/s on one thread (%,.0f per CPU second), %d measured pass(es) in %.1f s,"
            + " %.2f entities per 100 words%n",
        system.name(),
        speed.wordsPerSecond(),
        speed.wordsPerCpuSecond(),
        passes,
        elapsed / 1e9,
        100.0 * entities / words);
    return speed;
  }

  /**
   * Runs the system over every document; the entity count keeps the work from being optimised away.
   */
  private static long pass(EntityRecognizer system, List<EvalDocument> sample) {
    long entities = 0;
    for (EvalDocument doc : sample) {
      entities += system.recognize(doc.cleanTitle(), doc.cleanText()).size();
    }
    return entities;
  }

  private long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
