package io.newsflow.nlp.ner;

import io.newsflow.kb.KnowledgeBase;
import io.newsflow.nlp.corpus.CorpusDocument;
import io.newsflow.nlp.corpus.EntityCorpus;
import io.newsflow.nlp.corpus.ReutersCorpus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Trains the entity model from the annotated corpus and writes it: {@code nlp/train} runs it, and
 * the nlp module's build runs it when the corpus or the trainer changed. Options: {@code --corpus
 * DIR} (the corpus files), {@code --reuters DIR} (the Reuters texts), {@code --sets train} (sets
 * trained on), {@code --dev dev} (set scored after each epoch, none when empty), {@code --epochs},
 * {@code --seed}, {@code --seeds} (models averaged), {@code --min-weight}, {@code --out FILE};
 * {@code --if-stale} returns at once when the stamp file ({@code --stamp FILE}, else the model's
 * name and {@code .stamp}) says the model is made from the same corpus, code, knowledge base and
 * options; {@code --quiet} prints one line.
 */
public final class Train {
  /** The options the build trains the shipped model with. */
  public static final Trainer.Options DEFAULTS = new Trainer.Options(12, 20261206L, 1f, 3);

  private Train() {}

  private static String sha256(Path file) throws IOException {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  public static void main(String[] args) throws IOException {
    CommandLine options = CommandLine.parse(args);
    List<Path> files = EntityCorpus.files(options.corpus);
    String stamp = ModelStamp.of(files, options.stampOptions());
    Path stampFile = options.stampFile();
    if (options.ifStale && upToDate(options.out, stampFile, stamp)) {
      System.err.println("nlp: entity model " + options.out.getFileName() + " is up to date");
      return;
    }
    List<CorpusDocument> all = EntityCorpus.load(files, reutersTexts(files, options.reuters));
    List<CorpusDocument> train = new ArrayList<>();
    List<CorpusDocument> devDocs = new ArrayList<>();
    for (CorpusDocument d : all) {
      if (options.sets.contains(d.set())) {
        train.add(d);
      } else if (d.set().equals(options.dev)) {
        devDocs.add(d);
      }
    }
    long start = System.nanoTime();
    NerModel model = train(options, train, devDocs);
    write(model, options.out);
    Files.writeString(stampFile, stamp + "\n");
    System.err.printf(
        Locale.ROOT,
        "nlp: trained the entity model on %d documents: %s, %d features, %d bytes, sha256 %s,"
            + " in %.1f s%n",
        train.size(),
        options.out.getFileName(),
        model.featureCount(),
        Files.size(options.out),
        sha256(options.out),
        (System.nanoTime() - start) / 1e9);
  }

  /** Whether the model and its stamp exist and the stamp is the one it would be made with now. */
  private static boolean upToDate(Path out, Path stampFile, String stamp) throws IOException {
    return Files.isRegularFile(out)
        && Files.isRegularFile(stampFile)
        && Files.readString(stampFile).strip().equals(stamp);
  }

  /** The Reuters texts when the corpus refers to them (exits when they are missing), else null. */
  private static ReutersCorpus reutersTexts(List<Path> files, Path reuters) throws IOException {
    if (!EntityCorpus.needsReuters(files)) {
      return null;
    }
    if (reuters == null || !ReutersCorpus.isPresent(reuters)) {
      System.err.println(
          "the corpus needs the Reuters-21578 texts: run nlp/fetch-reuters and pass --reuters"
              + " data/reuters/package/data/full");
      System.exit(1);
    }
    return ReutersCorpus.load(reuters);
  }

  /** Trains on the train documents, scoring the dev documents (if any) after each epoch. */
  private static NerModel train(
      CommandLine options, List<CorpusDocument> train, List<CorpusDocument> devDocs)
      throws IOException {
    java.util.function.Consumer<String> log = options.quiet ? line -> {} : System.err::println;
    KnowledgeBase kb = KnowledgeBase.loadDefault();
    Trainer trainer = new Trainer(new KbGazetteer(kb));
    log.accept(
        String.format(
            Locale.ROOT,
            "training on %d documents (sets %s), %d epochs, seed %d, %d seeds averaged",
            train.size(),
            options.sets,
            options.epochs,
            options.seed,
            options.seeds));
    return trainer.train(
        train,
        new Trainer.Options(options.epochs, options.seed, options.minWeight, options.seeds),
        log,
        devDocs.isEmpty()
            ? null
            : (epoch, m) -> {
              SpanScores s = SpanScores.of(new Recognizer(m, kb), devDocs);
              System.err.printf(Locale.ROOT, "  dev (%d documents): %s%n", devDocs.size(), s);
            });
  }

  /** Writes the model to a temporary file beside {@code out}, then moves it over {@code out}. */
  private static void write(NerModel model, Path out) throws IOException {
    Files.createDirectories(out.toAbsolutePath().getParent());
    Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".ner-model", ".tmp");
    try (OutputStream o = Files.newOutputStream(tmp)) {
      model.write(o);
    }
    Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** The options of the class comment, with the shipped model's defaults. */
  private static final class CommandLine {
    Path corpus = Path.of("nlp/corpus");
    Path reuters = null;
    Set<String> sets = Set.of("train");
    String dev = "";
    int epochs = DEFAULTS.epochs();
    long seed = DEFAULTS.seed();
    float minWeight = DEFAULTS.minWeight();
    int seeds = DEFAULTS.seeds();
    Path out = null;
    Path stampPath = null;
    boolean ifStale = false;
    boolean quiet = false;

    /** Parses the arguments; exits with status 2 on an unknown option or without --out. */
    static CommandLine parse(String[] args) {
      CommandLine c = new CommandLine();
      for (int i = 0; i < args.length; i++) {
        if (args[i].equals("--if-stale")) {
          c.ifStale = true;
          continue;
        }
        if (args[i].equals("--quiet")) {
          c.quiet = true;
          continue;
        }
        String value = i + 1 < args.length ? args[i + 1] : null;
        switch (args[i]) {
          case "--corpus" -> c.corpus = Path.of(value);
          case "--reuters" -> c.reuters = Path.of(value);
          case "--sets" -> c.sets = Set.of(value.split(","));
          case "--dev" -> c.dev = value;
          case "--epochs" -> c.epochs = Integer.parseInt(value);
          case "--seed" -> c.seed = Long.parseLong(value);
          case "--min-weight" -> c.minWeight = Float.parseFloat(value);
          case "--seeds" -> c.seeds = Integer.parseInt(value);
          case "--out" -> c.out = Path.of(value);
          case "--stamp" -> c.stampPath = Path.of(value);
          default -> {
            System.err.println(
                "unknown option "
                    + args[i]
                    + " (see the class comment of "
                    + Train.class.getName()
                    + ")");
            System.exit(2);
          }
        }
        i++;
      }
      if (c.out == null) {
        System.err.println("--out FILE is required");
        System.exit(2);
      }
      return c;
    }

    /** The training options as the stamp records them (sets sorted). */
    String stampOptions() {
      return String.join(" ", new java.util.TreeSet<>(sets))
          + " "
          + epochs
          + " "
          + seed
          + " "
          + minWeight
          + " "
          + seeds;
    }

    /** {@code --stamp FILE}, else the model's name and {@code .stamp}. */
    Path stampFile() {
      return stampPath != null ? stampPath : Path.of(out + ".stamp");
    }
  }
}
