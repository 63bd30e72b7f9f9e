package io.newsflow.schemas;

/** Turning exceptions into one line a person can act on. */
public final class ErrorMessages {
  private static final int MAX_CHARS = 4_000;

  private ErrorMessages() {}

  /** The message of an error and of its causes: "outer; caused by X: inner". */
  public static String describe(Throwable error) {
    StringBuilder out = new StringBuilder(String.valueOf(error.getMessage()));
    if (error.getMessage() == null) {
      out.setLength(0);
      out.append(error.getClass().getSimpleName());
    }
    Throwable cause = error.getCause();
    int depth = 0;
    while (cause != null && cause != error && depth++ < 5) {
      if (cause.getMessage() == null || !out.toString().contains(cause.getMessage())) {
        out.append("; caused by ").append(cause.getClass().getSimpleName());
        if (cause.getMessage() != null) {
          out.append(": ").append(cause.getMessage());
        }
      }
      cause = cause.getCause();
    }
    return out.length() > MAX_CHARS ? out.substring(0, MAX_CHARS) + "…" : out.toString();
  }
}
