package io.newsflow.eval.quotes;

import io.newsflow.avro.Entity;
import io.newsflow.avro.Quote;
import io.newsflow.eval.DocumentCleaner;
import io.newsflow.eval.EvalDocument;
import io.newsflow.eval.EvalPaths;
import io.newsflow.eval.GoldDocument;
import io.newsflow.eval.quotes.QuoteScorer.Alignment;
import io.newsflow.nlp.corpus.ReutersCorpus;
import io.newsflow.nlp.corpus.ReutersDocument;
import io.newsflow.nlp.entities.EntityExtractor;
import io.newsflow.nlp.quotes.QuoteExtractor;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Scores newsflow's speaker attribution of quotes ({@link QuoteExtractor} after the entity
 * extractor) against the gold set {@code quotes-gold.jsonl}: how many gold quotes were found, and
 * the precision and recall of their speakers (see {@link QuoteScorer} for alignment and what counts
 * as the same speaker). Texts are cleaned as the pipeline cleans them: the seed article from {@code
 * <shared>/samples/seed-article.txt} (first line title, the rest body), Reuters-21578 bodies from
 * the fetched corpus.
 *
 * <p>Run with {@code eval/run quotes [--errors]}; {@code eval/run quotes --list reuters:308} prints
 * a document's quotes with their ordinals, offsets and fingerprints, which is how the gold set is
 * annotated. Exit status: 0 when some gold quote was scored, 1 when the entity extractor could not
 * be loaded, 2 when no gold document's text is at hand.
 */
@Command(
    name = "quote-evaluation",
    mixinStandardHelpOptions = true,
    description = "Precision and recall of quote speaker attribution on the quote gold set.")
public final class QuoteEvaluation implements Callable<Integer> {
  /** The seed article, relative to the shared folder. */
  public static final String SEED_ARTICLE = "samples/seed-article.txt";

  @Option(names = "--errors", description = "Print every gold quote not found or misattributed.")
  boolean errors;

  @Option(
      names = "--list",
      paramLabel = "DOC",
      split = ",",
      description =
          "Only print the quotes newsflow finds in these documents (seed, reuters:<id>), with"
              + " ordinal, offsets, fingerprint and speaker: the annotation aid.")
  List<String> list;

  @Option(
      names = "--gold",
      description = "A gold file (default: the one that ships, quotes-gold.jsonl).")
  Path goldFile;

  @Option(
      names = "--shared-dir",
      description =
          "The shared folder holding "
              + SEED_ARTICLE
              + " (default: <newsflow.shared.dir or ../shared>).")
  Path sharedDir;

  @Option(
      names = "--reuters-dir",
      description =
          "The folder of reuters-*.json (default: <newsflow.reuters.dir or"
              + " data/reuters/package/data/full>).")
  Path reutersDir;

  private final PrintStream out;
  private final PrintStream err;
  private Result result;

  /** Counts of one pattern, or of all quotes. */
  public static final class Counts {
    int gold;
    int found;
    int attributed;
    int correct;

    public int gold() {
      return gold;
    }

    public int found() {
      return found;
    }

    /** Aligned system quotes that have a speaker. */
    public int attributed() {
      return attributed;
    }

    public int correct() {
      return correct;
    }

    /** Found gold quotes / gold quotes. */
    public double detection() {
      return ratio(found, gold);
    }

    /** Correct speakers / aligned system quotes with a speaker. */
    public double precision() {
      return ratio(correct, attributed);
    }

    /** Correct speakers / gold quotes. */
    public double recall() {
      return ratio(correct, gold);
    }

    private static double ratio(int a, int b) {
      return b == 0 ? 0 : (double) a / b;
    }
  }

  /** What one run scored: all quotes, by source and by pattern, and the documents read. */
  public record Result(
      Counts all, Map<String, Counts> bySource, Map<String, Counts> byPattern, int documents) {}

  public QuoteEvaluation() {
    this(System.out, System.err);
  }

  public QuoteEvaluation(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new QuoteEvaluation()).execute(args));
  }

  /** The scores of the last {@link #call}, or null before it or when nothing was scored. */
  public Result result() {
    return result;
  }

  @Override
  public Integer call() {
    Path shared = sharedDir != null ? sharedDir : EvalPaths.sharedDir();
    Path reuters = reutersDir != null ? reutersDir : EvalPaths.reutersDir();
    EntityExtractor entities;
    try {
      entities = EntityExtractor.withDefaultKnowledgeBase();
    } catch (IllegalStateException e) {
      err.println(e.getMessage());
      return 1;
    }
    Texts texts = new Texts(shared, reuters);
    QuoteExtractor quotes = new QuoteExtractor();
    if (list != null && !list.isEmpty()) {
      return list(texts, entities, quotes);
    }
    List<GoldQuote> gold = goldFile != null ? QuoteGold.read(goldFile) : QuoteGold.readDefault();

    Map<String, List<GoldQuote>> byDocument = new LinkedHashMap<>();
    for (GoldQuote g : gold) {
      byDocument.computeIfAbsent(g.documentKey(), k -> new ArrayList<>()).add(g);
    }
    Counts all = new Counts();
    Map<String, Counts> bySource = new LinkedHashMap<>();
    Map<String, Counts> byPattern = new LinkedHashMap<>();
    List<String> errorLines = new ArrayList<>();
    int documents = 0;
    for (Map.Entry<String, List<GoldQuote>> e : byDocument.entrySet()) {
      Optional<EvalDocument> doc = texts.get(e.getKey());
      if (doc.isEmpty()) {
        out.println("-- " + e.getKey() + ": skipped, " + texts.missing(e.getKey()));
        continue;
      }
      documents++;
      EvalDocument d = doc.get();
      List<Entity> found = entities.extract(d.cleanTitle(), d.cleanText());
      Map<String, String> names = new HashMap<>();
      found.forEach(x -> names.put(x.getId(), x.getName()));
      List<Quote> system = quotes.extract(d.cleanText(), found);
      for (Alignment a : QuoteScorer.align(e.getValue(), system, d.cleanText())) {
        GoldQuote g = a.gold();
        Quote q = a.system();
        boolean attributed = q != null && QuoteScorer.hasSpeaker(q);
        boolean correct = attributed && QuoteScorer.sameSpeaker(g, q, names);
        for (Counts c :
            List.of(
                all,
                bySource.computeIfAbsent(g.source(), k -> new Counts()),
                byPattern.computeIfAbsent(g.pattern(), k -> new Counts()))) {
          c.gold++;
          c.found += q == null ? 0 : 1;
          c.attributed += attributed ? 1 : 0;
          c.correct += correct ? 1 : 0;
        }
        if (!correct) {
          errorLines.add(error(e.getKey(), g, q, names));
        }
      }
    }
    if (documents == 0) {
      err.println(
          "no gold document could be read: fetch the Reuters texts (nlp/fetch-reuters)"
              + " or point --shared-dir at the shared folder");
      return 2;
    }
    result = new Result(all, bySource, byPattern, documents);
    print(result);
    if (errors) {
      out.println();
      out.println("-- gold quotes not found or misattributed (" + errorLines.size() + "):");
      errorLines.forEach(out::println);
    }
    return 0;
  }

  private void print(Result r) {
    Counts a = r.all();
    out.printf(
        Locale.ROOT,
        "quote speaker attribution: %d documents, %d gold quotes%n",
        r.documents(),
        a.gold());
    out.printf(Locale.ROOT, "quotes found       %3d/%-3d  %.3f%n", a.found, a.gold, a.detection());
    out.printf(
        Locale.ROOT,
        "speaker precision  %3d/%-3d  %.3f  (correct / found quotes with a speaker)%n",
        a.correct,
        a.attributed,
        a.precision());
    out.printf(
        Locale.ROOT,
        "speaker recall     %3d/%-3d  %.3f  (correct / gold quotes)%n",
        a.correct,
        a.gold,
        a.recall());
    out.println();
    out.printf(
        Locale.ROOT,
        "%-12s %5s %6s %11s %8s %6s %6s%n",
        "",
        "gold",
        "found",
        "attributed",
        "correct",
        "P",
        "R");
    for (Map.Entry<String, Counts> e : r.bySource().entrySet()) {
      row(e.getKey(), e.getValue());
    }
    for (Map.Entry<String, Counts> e : r.byPattern().entrySet()) {
      row(e.getKey().isEmpty() ? "(none)" : e.getKey(), e.getValue());
    }
  }

  private void row(String name, Counts c) {
    out.printf(
        Locale.ROOT,
        "%-12s %5d %6d %11d %8d %6.3f %6.3f%n",
        name,
        c.gold,
        c.found,
        c.attributed,
        c.correct,
        c.precision(),
        c.recall());
  }

  private static String error(String doc, GoldQuote g, Quote q, Map<String, String> names) {
    String where =
        String.format(
            Locale.ROOT,
            "%s #%d [%s] gold %s%s",
            doc,
            g.ordinal(),
            g.pattern(),
            g.speaker(),
            g.named() ? "" : " (unnamed)");
    if (q == null) {
      return where + ": not found";
    }
    String entity =
        q.getSpeakerId() == null
            ? ""
            : " = " + names.getOrDefault(q.getSpeakerId(), q.getSpeakerId());
    return String.format(
        Locale.ROOT,
        "%s: system %s%s (cue %s) at [%d,%d) \"%s\"",
        where,
        q.getSpeakerName(),
        entity,
        q.getCue(),
        q.getStart(),
        q.getEnd(),
        excerpt(q.getText()));
  }

  private int list(Texts texts, EntityExtractor entities, QuoteExtractor quotes) {
    int listed = 0;
    for (String key : list) {
      Optional<EvalDocument> doc = texts.get(key);
      if (doc.isEmpty()) {
        out.println("== " + key + ": " + texts.missing(key));
        continue;
      }
      listed++;
      EvalDocument d = doc.get();
      List<Entity> found = entities.extract(d.cleanTitle(), d.cleanText());
      Map<String, String> names = new HashMap<>();
      found.forEach(x -> names.put(x.getId(), x.getName()));
      out.println("== " + key + ": " + d.cleanTitle());
      int ordinal = 0;
      for (Quote q : quotes.extract(d.cleanText(), found)) {
        String entity = q.getSpeakerId() == null ? "" : " = " + names.get(q.getSpeakerId());
        out.printf(
            Locale.ROOT,
            "%3d [%d,%d) %s%s speaker %s%s (cue %s, %.2f)%n    %s%n",
            ++ordinal,
            q.getStart(),
            q.getEnd(),
            QuoteFingerprint.of(q.getText()),
            q.getBlock() ? " block" : "",
            q.getSpeakerName(),
            entity,
            q.getCue(),
            q.getConfidence(),
            excerpt(q.getText()));
      }
    }
    return listed == 0 ? 2 : 0;
  }

  private static String excerpt(String text) {
    String flat = text.replaceAll("\\s+", " ");
    return flat.length() <= 100
        ? flat
        : flat.substring(0, 60) + " … " + flat.substring(flat.length() - 30);
  }

  /** The gold documents' texts, read when first asked for and cleaned as the pipeline does. */
  private static final class Texts {
    private final Path shared;
    private final Path reutersDir;
    private final DocumentCleaner cleaner = new DocumentCleaner();
    private ReutersCorpus corpus;

    Texts(Path shared, Path reutersDir) {
      this.shared = shared;
      this.reutersDir = reutersDir;
    }

    Optional<EvalDocument> get(String key) {
      if (key.equals(GoldQuote.SEED)) {
        Path file = shared.resolve(SEED_ARTICLE);
        if (!Files.isRegularFile(file)) {
          return Optional.empty();
        }
        List<String> lines;
        try {
          lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + file, e);
        }
        String title = lines.isEmpty() ? "" : lines.get(0);
        String body = lines.size() < 2 ? "" : String.join("\n", lines.subList(1, lines.size()));
        return Optional.of(
            cleaner.clean(new GoldDocument(GoldQuote.SEED, key, title, body, List.of())));
      }
      if (!key.startsWith(GoldQuote.REUTERS + ":") || !ReutersCorpus.isPresent(reutersDir)) {
        return Optional.empty();
      }
      if (corpus == null) {
        corpus = ReutersCorpus.load(reutersDir);
      }
      Optional<ReutersDocument> doc = corpus.get(key.substring(GoldQuote.REUTERS.length() + 1));
      return doc.map(cleaner::clean);
    }

    String missing(String key) {
      if (key.equals(GoldQuote.SEED)) {
        return "no " + shared.resolve(SEED_ARTICLE) + " (../shared is absent here)";
      }
      if (!key.startsWith(GoldQuote.REUTERS + ":")) {
        return "not a document name (seed or reuters:<id>)";
      }
      if (!ReutersCorpus.isPresent(reutersDir)) {
        return "the Reuters texts are not in " + reutersDir + " (run nlp/fetch-reuters)";
      }
      return "no such Reuters document";
    }
  }
}
