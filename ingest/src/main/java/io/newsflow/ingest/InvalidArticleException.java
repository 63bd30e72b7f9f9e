package io.newsflow.ingest;

import java.util.List;

/** An article that cannot enter the pipeline, with every reason, each naming its field. */
public final class InvalidArticleException extends Exception {
  private static final long serialVersionUID = 1L;
  private final List<String> reasons;

  public InvalidArticleException(List<String> reasons) {
    super(String.join("; ", reasons));
    this.reasons = List.copyOf(reasons);
  }

  /** One entry per problem, e.g. {@code "title: must not be empty"}. */
  public List<String> reasons() {
    return reasons;
  }

  /** A problem with one field of an article. */
  public record FieldError(String field, String message) {}

  /** The reasons split into field and message ("article" when no field is named). */
  public List<FieldError> fieldErrors() {
    return reasons.stream()
        .map(
            r -> {
              int colon = r.indexOf(": ");
              boolean named = colon > 0 && r.substring(0, colon).matches("[A-Za-z]+");
              return named
                  ? new FieldError(r.substring(0, colon), r.substring(colon + 2))
                  : new FieldError("article", r);
            })
        .toList();
  }
}
