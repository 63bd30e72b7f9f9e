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
}
