package io.newsflow.nlp.entities;

import io.newsflow.avro.EntityType;
import io.newsflow.avro.TextField;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The mentions found to name one entity of an article. */
final class Group {
  final List<Candidate> mentions = new ArrayList<>();
  EntityType type;
  int kbEntity = -1;

  /** The fullest name of the body (the title's when the body has none). */
  Candidate longest() {
    return mentions.stream()
        .filter(m -> m.field == TextField.BODY)
        .max(
            Comparator.comparingInt((Candidate m) -> m.length())
                .thenComparingInt(m -> m.text.length()))
        .orElse(mentions.get(0));
  }
}
