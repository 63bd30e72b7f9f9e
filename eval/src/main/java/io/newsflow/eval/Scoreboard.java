package io.newsflow.eval;

import io.newsflow.avro.EntityType;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The scores of one system on a set of documents: counts summed over documents per type, and
 * overall micro-averaged (counts of all types summed before dividing), so every entity weighs the
 * same whatever its type or document.
 */
public final class Scoreboard {
  private final List<DocumentScore> documents;
  private final Map<EntityType, Counts> byType;
  private final Counts overall;

  public Scoreboard(List<DocumentScore> documents) {
    this.documents = List.copyOf(documents);
    Map<EntityType, Counts> sums = new EnumMap<>(EntityType.class);
    Counts all = Counts.ZERO;
    for (DocumentScore doc : documents) {
      for (Map.Entry<EntityType, Counts> e : doc.byType().entrySet()) {
        sums.merge(e.getKey(), e.getValue(), Counts::plus);
        all = all.plus(e.getValue());
      }
    }
    this.byType = Collections.unmodifiableMap(sums);
    this.overall = all;
  }

  public List<DocumentScore> documents() {
    return documents;
  }

  public Counts counts(EntityType type) {
    return byType.getOrDefault(type, Counts.ZERO);
  }

  public Counts overall() {
    return overall;
  }
}
