package io.newsflow.eval.corpus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.newsflow.eval.DocumentCleaner;
import io.newsflow.eval.EvalDocument;
import io.newsflow.eval.EvalPaths;
import io.newsflow.eval.GoldLoader;
import io.newsflow.nlp.corpus.ReutersCorpus;
import io.newsflow.nlp.corpus.ReutersDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The annotated entity corpus's tools: drawing the Reuters documents and their split ({@code
 * select}), writing them out cleaned for annotators ({@code export}), turning annotators' files
 * into the corpus's offsets ({@code align}), measuring two annotators' agreement ({@code agree}).
 * Run with {@code eval/run corpus <command> --help}.
 */
@Command(
    name = "corpus",
    mixinStandardHelpOptions = true,
    description = "Tools of the annotated entity corpus.",
    subcommands = {
      CorpusCommand.Select.class,
      CorpusCommand.Export.class,
      CorpusCommand.Align.class,
      CorpusCommand.Agree.class
    })
public final class CorpusCommand implements Callable<Integer> {
  public static void main(String[] args) {
    System.exit(new CommandLine(new CorpusCommand()).execute(args));
  }

  @Override
  public Integer call() {
    new CommandLine(this).usage(System.err);
    return 2;
  }

  static ReutersCorpus reuters(Path dir) {
    return ReutersCorpus.load(dir != null ? dir : EvalPaths.reutersDir());
  }

  @Command(
      name = "select",
      mixinStandardHelpOptions = true,
      description = "Draws the Reuters documents of the corpus and writes the split file.")
  static final class Select implements Callable<Integer> {
    @Option(names = "--seed", defaultValue = "20261206", description = "Shuffle seed.")
    long seed;

    @Option(names = "--test", defaultValue = "200", description = "Documents in test.")
    int test;

    @Option(names = "--dev", defaultValue = "150", description = "Documents in dev.")
    int dev;

    @Option(names = "--train", defaultValue = "1150", description = "Documents in train.")
    int train;

    @Option(names = "--min-words", defaultValue = "50", description = "Shortest body drawn.")
    int minWords;

    @Option(names = "--max-words", defaultValue = "600", description = "Longest body drawn.")
    int maxWords;

    @Option(names = "--reuters-dir", description = "The folder of reuters-*.json.")
    Path reutersDir;

    @Option(names = "--out", required = true, description = "The split file to write.")
    Path out;

    @Override
    public Integer call() throws IOException {
      Set<String> excluded = new HashSet<>();
      Path devGold = EvalPaths.goldDir().resolve(EvalPaths.REUTERS_GOLD);
      if (!Files.isRegularFile(devGold)) {
        System.err.println("the gold file " + devGold + " is needed: its documents are excluded");
        return 2;
      }
      GoldLoader.read(devGold, reuters(reutersDir)).forEach(d -> excluded.add(d.docId()));
      excluded.addAll(QuoteGoldIds.reutersIds());
      Map<String, Integer> sizes = new LinkedHashMap<>();
      sizes.put("test", test);
      sizes.put("dev", dev);
      sizes.put("train", train);
      Map<String, List<String>> split =
          new CorpusSelection(minWords, maxWords)
              .select(reuters(reutersDir), sizes, excluded, seed);
      try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
        w.write(
            String.format(
                "# Reuters-21578 documents of newsflow's entity corpus and their split, by document.%n"
                    + "# Made by: eval/run corpus select --seed %d --test %d --dev %d --train %d"
                    + " --min-words %d --max-words %d --out <this file>%n"
                    + "# (bodies of %d-%d cleaned words; %d excluded documents of the gold files and"
                    + " anything sharing a third of its shingles with them or with a document"
                    + " drawn before)%n"
                    + "# set\tdoc_id%n",
                seed, test, dev, train, minWords, maxWords, minWords, maxWords, excluded.size()));
        for (Map.Entry<String, List<String>> set : split.entrySet()) {
          for (String id : set.getValue()) {
            w.write(set.getKey() + "\t" + id + "\n");
          }
        }
      }
      System.err.println("wrote " + out);
      return 0;
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description = "Writes the cleaned documents of a set in batches, for annotators.")
  static final class Export implements Callable<Integer> {
    @Option(names = "--split", required = true, description = "The split file.")
    Path split;

    @Option(names = "--set", required = true, description = "test, dev or train.")
    String set;

    @Option(names = "--batch", defaultValue = "100", description = "Documents per batch file.")
    int batch;

    @Option(names = "--out-dir", required = true, description = "Where the batches go.")
    Path outDir;

    @Option(names = "--reuters-dir", description = "The folder of reuters-*.json.")
    Path reutersDir;

    @Override
    public Integer call() throws IOException {
      ReutersCorpus corpus = reuters(reutersDir);
      List<String> ids = new ArrayList<>();
      for (SplitFile.Entry e : SplitFile.read(split)) {
        if (e.set().equals(set)) {
          ids.add(e.docId());
        }
      }
      Files.createDirectories(outDir);
      ObjectMapper json = new ObjectMapper();
      DocumentCleaner cleaner = new DocumentCleaner();
      for (int b = 0; b * batch < ids.size(); b++) {
        Path file = outDir.resolve(String.format("%s-%02d.jsonl", set, b + 1));
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
          for (String id : ids.subList(b * batch, Math.min(ids.size(), (b + 1) * batch))) {
            ReutersDocument doc =
                corpus.get(id).orElseThrow(() -> new IllegalStateException("no document " + id));
            EvalDocument clean = cleaner.clean(doc);
            ObjectNode node = json.createObjectNode();
            node.put("doc_id", id);
            node.put("title", clean.cleanTitle());
            node.put("body", clean.cleanText());
            w.write(json.writeValueAsString(node) + "\n");
          }
        } catch (UncheckedIOException e) {
          throw e.getCause();
        }
        System.err.println("wrote " + file);
      }
      return 0;
    }
  }

  @Command(
      name = "align",
      mixinStandardHelpOptions = true,
      description =
          "Turns annotators' files (surface forms) into a corpus file (offsets into the clean"
              + " texts).")
  static final class Align implements Callable<Integer> {
    @Option(names = "--in", required = true, split = ",", description = "Annotators' files.")
    List<Path> in;

    @Option(
        names = "--split",
        description = "The split file: the set of each Reuters document (Reuters input).")
    Path split;

    @Option(
        names = "--written",
        description = "The input holds articles written for newsflow (title, body, entities).")
    boolean written;

    @Option(names = "--set", description = "The set of written articles: train, dev or test.")
    String set;

    @Option(names = "--out", required = true, description = "The corpus file to write.")
    Path out;

    @Option(names = "--reuters-dir", description = "The folder of reuters-*.json.")
    Path reutersDir;

    @Override
    public Integer call() throws IOException {
      if (written == (split != null) || (written && set == null)) {
        System.err.println("give --split for Reuters input, or --written with --set");
        return 2;
      }
      java.util.Map<String, String> sets = new java.util.HashMap<>();
      ReutersCorpus corpus = null;
      if (!written) {
        SplitFile.read(split).forEach(e -> sets.put(e.docId(), e.set()));
        corpus = reuters(reutersDir);
      }
      ObjectMapper json = new ObjectMapper();
      Totals totals = new Totals();
      try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
        for (Path file : in) {
          for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
              continue;
            }
            align(json.readTree(line), sets, corpus, totals, w);
          }
        }
      }
      totals.problems.forEach(System.err::println);
      System.err.printf(
          java.util.Locale.ROOT,
          "wrote %s: %d documents, %d entities, %d mentions; %d forms not found%n",
          out,
          totals.docs,
          totals.entities,
          totals.mentions,
          totals.problems.size());
      return 0;
    }

    /** Aligns one input document, counts it in {@code totals} and writes its corpus line. */
    private void align(
        com.fasterxml.jackson.databind.JsonNode node,
        java.util.Map<String, String> sets,
        ReutersCorpus corpus,
        Totals totals,
        Writer w)
        throws IOException {
      String id = node.path("doc_id").asText();
      Source doc = source(node, id, sets, corpus);
      List<Aligner.Annotated> annotated = annotated(node);
      Aligner.Result r =
          Aligner.align(
              doc.source(),
              id,
              doc.set(),
              io.newsflow.nlp.corpus.EntityCorpus.cleanTitle(doc.rawTitle()),
              io.newsflow.nlp.corpus.EntityCorpus.cleanText(doc.rawBody()),
              annotated);
      totals.problems.addAll(r.problems());
      totals.docs++;
      totals.entities += r.document().entities().size();
      totals.mentions += r.document().mentions().size();
      w.write(
          io.newsflow.nlp.corpus.EntityCorpus.line(r.document(), doc.rawTitle(), doc.rawBody()));
      w.write("\n");
    }

    /** An input document's raw text, its source (written or Reuters) and its set. */
    private record Source(String rawTitle, String rawBody, String source, String set) {}

    /** Written input carries its text; Reuters input is looked up, its set in the split file. */
    private Source source(
        com.fasterxml.jackson.databind.JsonNode node,
        String id,
        java.util.Map<String, String> sets,
        ReutersCorpus corpus) {
      if (written) {
        return new Source(
            node.path("title").asText(),
            node.path("body").asText(),
            io.newsflow.nlp.corpus.EntityCorpus.WRITTEN,
            set);
      }
      ReutersDocument doc =
          corpus.get(id).orElseThrow(() -> new IllegalStateException("no Reuters document " + id));
      String rawTitle = doc.title();
      String rawBody = doc.body();
      String docSet = sets.get(id);
      if (docSet == null) {
        throw new IllegalStateException("document " + id + " is not in " + split);
      }
      return new Source(rawTitle, rawBody, io.newsflow.nlp.corpus.EntityCorpus.REUTERS, docSet);
    }

    /** The annotator's entities of a document: type, canonical name and surface forms. */
    private static List<Aligner.Annotated> annotated(com.fasterxml.jackson.databind.JsonNode node) {
      List<Aligner.Annotated> annotated = new ArrayList<>();
      for (com.fasterxml.jackson.databind.JsonNode e : node.path("entities")) {
        List<String> forms = new ArrayList<>();
        e.path("mentions").forEach(m -> forms.add(m.asText()));
        annotated.add(
            new Aligner.Annotated(
                io.newsflow.avro.EntityType.valueOf(e.path("type").asText()),
                e.path("canonical").asText(),
                forms));
      }
      return annotated;
    }

    /** What the aligned documents add up to, and the forms not found in them. */
    private static final class Totals {
      final List<String> problems = new ArrayList<>();
      int docs;
      int entities;
      int mentions;
    }
  }

  @Command(
      name = "agree",
      mixinStandardHelpOptions = true,
      description = "Agreement of two aligned annotations of the same documents.")
  static final class Agree implements Callable<Integer> {
    @Option(names = "--a", required = true, description = "Corpus file of the first annotator.")
    Path a;

    @Option(
        names = "--b",
        required = true,
        split = ",",
        description = "Corpus files of the second.")
    List<Path> b;

    @Option(names = "--reuters-dir", description = "The folder of reuters-*.json.")
    Path reutersDir;

    @Override
    public Integer call() {
      ReutersCorpus texts = reuters(reutersDir);
      List<io.newsflow.nlp.corpus.CorpusDocument> first =
          io.newsflow.nlp.corpus.EntityCorpus.load(List.of(a), texts);
      List<io.newsflow.nlp.corpus.CorpusDocument> second =
          io.newsflow.nlp.corpus.EntityCorpus.load(b, texts);
      System.out.print(Agreement.of(first, second).report(a.getFileName().toString(), "second"));
      return 0;
    }
  }
}
