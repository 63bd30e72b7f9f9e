package io.newsflow.eval;

import io.newsflow.avro.EntityType;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How a system did on one document: counts per type, which system entity matched which gold entity,
 * and the errors — system entities that matched nothing (false positives) and gold entities nothing
 * matched (misses).
 */
public record DocumentScore(
    String docId,
    Map<EntityType, Counts> byType,
    List<Match> matches,
    List<SystemEntity> falsePositives,
    List<GoldEntity> misses) {

  /** A system entity counted as finding a gold entity. */
  public record Match(SystemEntity system, GoldEntity gold) {}

  public DocumentScore {
    byType = Collections.unmodifiableMap(new EnumMap<>(byType));
    matches = List.copyOf(matches);
    falsePositives = List.copyOf(falsePositives);
    misses = List.copyOf(misses);
  }

  public Counts counts(EntityType type) {
    return byType.getOrDefault(type, Counts.ZERO);
  }

  /** All types together. */
  public Counts overall() {
    Counts sum = Counts.ZERO;
    for (Counts c : byType.values()) {
      sum = sum.plus(c);
    }
    return sum;
  }

  public boolean hasErrors() {
    return !falsePositives.isEmpty() || !misses.isEmpty();
  }
}
