package io.newsflow.ingest;

/** Input that could not be read or was rejected, e.g. {@code data/a.jsonl:3: ...}. */
public record InputError(String file, int line, String message) {
  @Override
  public String toString() {
    return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
  }
}
