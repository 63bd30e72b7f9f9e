package io.newsflow.eval;

/**
 * Finds the Stanford CoreNLP baseline by reflection. Its adapter is compiled only in the {@code
 * corenlp} Maven profile (CoreNLP is GPL-3.0 and its models are 474 MB), so the default build
 * neither has it nor downloads CoreNLP.
 */
public final class Baselines {
  static final String CORENLP_ADAPTER = "io.newsflow.eval.corenlp.CoreNlpCrfRecognizer";

  /** The message for a class path without CoreNLP. */
  public static final String CORENLP_ABSENT =
      "CoreNLP baseline not on the class path: build with -Pcorenlp (eval/run --corenlp ...)";

  private Baselines() {}

  /** A loaded CoreNLP CRF, or why there is none. */
  public record Loaded(EntityRecognizer recognizer, long loadNanos, String problem) {
    public boolean present() {
      return recognizer != null;
    }
  }

  /**
   * Loads CoreNLP's 3-class CRF when it is on the class path (that takes seconds: the model is read
   * from the models jar).
   */
  public static Loaded coreNlp() {
    Class<?> adapter;
    try {
      adapter = Class.forName(CORENLP_ADAPTER);
    } catch (ClassNotFoundException | LinkageError e) {
      return new Loaded(null, 0, CORENLP_ABSENT);
    }
    long start = System.nanoTime();
    try {
      EntityRecognizer recognizer =
          (EntityRecognizer) adapter.getDeclaredConstructor().newInstance();
      return new Loaded(recognizer, System.nanoTime() - start, null);
    } catch (LinkageError e) {
      // the adapter was compiled earlier, but CoreNLP's own jars are not on this class path
      return new Loaded(null, 0, CORENLP_ABSENT + " (" + e + ")");
    } catch (ReflectiveOperationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof LinkageError) {
        return new Loaded(null, 0, CORENLP_ABSENT + " (" + cause + ")");
      }
      return new Loaded(null, 0, "CoreNLP baseline failed to load: " + cause);
    }
  }
}
