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
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--if-stale")) {
        ifStale = true;
        continue;
      }
      if (args[i].equals("--quiet")) {
        quiet = true;
        continue;
      }
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--corpus" -> corpus = Path.of(value);
        case "--reuters" -> reuters = Path.of(value);
        case "--sets" -> sets = Set.of(value.split(","));
        case "--dev" -> dev = value;
        case "--epochs" -> epochs = Integer.parseInt(value);
        case "--seed" -> seed = Long.parseLong(value);
        case "--min-weight" -> minWeight = Float.parseFloat(value);
        case "--seeds" -> seeds = Integer.parseInt(value);
        case "--out" -> out = Path.of(value);
        case "--stamp" -> stampPath = Path.of(value);
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
    if (out == null) {
      System.err.println("--out FILE is required");
      System.exit(2);
    }
    List<Path> files = EntityCorpus.files(corpus);
    String stamp =
        ModelStamp.of(
            files,
            String.join(" ", new java.util.TreeSet<>(sets))
                + " "
                + epochs
                + " "
                + seed
                + " "
                + minWeight
                + " "
                + seeds);
    Path stampFile = stampPath != null ? stampPath : Path.of(out + ".stamp");
    if (ifStale
        && Files.isRegularFile(out)
        && Files.isRegularFile(stampFile)
        && Files.readString(stampFile).strip().equals(stamp)) {
      System.err.println("nlp: entity model " + out.getFileName() + " is up to date");
      return;
    }
    ReutersCorpus texts = null;
    if (EntityCorpus.needsReuters(files)) {
      if (reuters == null || !ReutersCorpus.isPresent(reuters)) {
        System.err.println(
            "the corpus needs the Reuters-21578 texts: run nlp/fetch-reuters and pass --reuters"
                + " data/reuters/package/data/full");
        System.exit(1);
      }
      texts = ReutersCorpus.load(reuters);
    }
    List<CorpusDocument> all = EntityCorpus.load(files, texts);
    List<CorpusDocument> train = new ArrayList<>();
    List<CorpusDocument> devDocs = new ArrayList<>();
    for (CorpusDocument d : all) {
      if (sets.contains(d.set())) {
        train.add(d);
      } else if (d.set().equals(dev)) {
        devDocs.add(d);
      }
    }
    long start = System.nanoTime();
    java.util.function.Consumer<String> log = quiet ? line -> {} : System.err::println;
    KnowledgeBase kb = KnowledgeBase.loadDefault();
    Trainer trainer = new Trainer(new KbGazetteer(kb));
    log.accept(
        String.format(
            Locale.ROOT,
            "training on %d documents (sets %s), %d epochs, seed %d, %d seeds averaged",
            train.size(),
            sets,
            epochs,
            seed,
            seeds));
    NerModel model =
        trainer.train(
            train,
            new Trainer.Options(epochs, seed, minWeight, seeds),
            log,
            devDocs.isEmpty()
                ? null
                : (epoch, m) -> {
                  SpanScores s = SpanScores.of(new Recognizer(m, kb), devDocs);
                  System.err.printf(Locale.ROOT, "  dev (%d documents): %s%n", devDocs.size(), s);
                });
    Files.createDirectories(out.toAbsolutePath().getParent());
    Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".ner-model", ".tmp");
    try (OutputStream o = Files.newOutputStream(tmp)) {
      model.write(o);
    }
    Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(stampFile, stamp + "\n");
    System.err.printf(
        Locale.ROOT,
        "nlp: trained the entity model on %d documents: %s, %d features, %d bytes, sha256 %s,"
            + " in %.1f s%n",
        train.size(),
        out.getFileName(),
        model.featureCount(),
        Files.size(out),
        sha256(out),
        (System.nanoTime() - start) / 1e9);
  }
}
