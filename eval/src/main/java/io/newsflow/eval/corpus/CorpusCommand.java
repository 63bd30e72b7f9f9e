package io.newsflow.eval.corpus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.newsflow.eval.DocumentCleaner;
import io.newsflow.eval.EvalDocument;
import io.newsflow.eval.EvalPaths;
import io.newsflow.eval.GoldLoader;
import io.newsflow.eval.ReutersCorpus;
import io.newsflow.eval.ReutersDocument;
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
 * select}), writing them out cleaned for annotators ({@code export}). Run with {@code eval/run
 * corpus <command> --help}.
 */
@Command(
    name = "corpus",
    mixinStandardHelpOptions = true,
    description = "Tools of the annotated entity corpus.",
    subcommands = {CorpusCommand.Select.class, CorpusCommand.Export.class})
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
}
