package io.newsflow.eval;

import java.util.List;
import java.util.Objects;

/**
 * A document as the systems see it: title and body cleaned the way the pipeline cleans them, and
 * its gold entities (empty when it is only timed, not scored).
 */
public record EvalDocument(String id, String cleanTitle, String cleanText, List<GoldEntity> gold) {
  public EvalDocument {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(cleanTitle, "cleanTitle");
    Objects.requireNonNull(cleanText, "cleanText");
    gold = List.copyOf(gold);
  }
}
