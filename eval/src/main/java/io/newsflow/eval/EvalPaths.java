package io.newsflow.eval;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the evaluation's data lives. The gold annotations are in {@code <shared>/gold/}, where
 * {@code <shared>} is the system property {@value #SHARED_DIR_PROPERTY} (the parent POM sets it for
 * tests, {@code eval/run} for the programs), else {@code ../shared} beside the repository. The
 * Reuters texts are in {@value #REUTERS_DIR_PROPERTY}, else where {@code nlp/fetch-reuters} puts
 * them: {@code data/reuters/package/data/full} in the repository.
 */
public final class EvalPaths {
  public static final String SHARED_DIR_PROPERTY = "newsflow.shared.dir";
  public static final String REUTERS_DIR_PROPERTY =
      io.newsflow.nlp.corpus.ReutersCorpus.REUTERS_DIR_PROPERTY;

  /** The gold file of the hand-annotated seed article. */
  public static final String SEED_GOLD = "seed.jsonl";

  /** The gold file of Reuters-21578 documents (texts not included). */
  public static final String REUTERS_GOLD = "reuters-dev.jsonl";

  private EvalPaths() {}

  /** The shared folder; it may not exist (a fresh clone has none). */
  public static Path sharedDir() {
    String configured = System.getProperty(SHARED_DIR_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    return repositoryRoot().resolve("../shared").normalize();
  }

  public static Path goldDir() {
    return sharedDir().resolve("gold");
  }

  /** The annotated entity corpus of the repository. */
  public static Path corpusDir() {
    return repositoryRoot().resolve("nlp/corpus");
  }

  /** The folder holding {@code reuters-*.json}; it may not exist until fetched. */
  public static Path reutersDir() {
    String configured = System.getProperty(REUTERS_DIR_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    return repositoryRoot().resolve("data/reuters/package/data/full");
  }

  /**
   * The repository root: the nearest folder, from the working directory up, that holds this
   * module's fetch script; the working directory when none does.
   */
  static Path repositoryRoot() {
    Path cwd = Path.of("").toAbsolutePath().normalize();
    for (Path dir = cwd; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("pom.xml"))
          && Files.isRegularFile(dir.resolve("nlp/fetch-reuters"))) {
        return dir;
      }
    }
    return cwd;
  }
}
