package io.newsflow.kb.build;

import io.newsflow.kb.AliasKeys;
import io.newsflow.kb.KbEntity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the curated entities and the sources' entities together. A curated entity wins over a
 * source's entity of the same id or linked to it by {@link SameAs}: its name, type and prior stay,
 * the other's names join its aliases and the other goes. Curated entities come first in the result,
 * then the sources' in the order they were added.
 */
final class KbMerger {
  private final Map<String, KbEntity> curated = new LinkedHashMap<>();
  private final Map<String, KbEntity> others = new LinkedHashMap<>();
  private final Map<String, String> mergedInto = new HashMap<>();
  private final List<String> warnings = new ArrayList<>();
  private int merged;

  /** An entity of a source; an id added twice is one entity, the later name, type and prior win. */
  void addSource(KbEntity e) {
    others.merge(e.id(), e, (earlier, later) -> absorb(later, earlier));
  }

  /** An entity of the curated file. */
  void addCurated(KbEntity e) {
    KbEntity earlier = curated.get(e.id());
    if (earlier != null) {
      warnings.add("curated id " + e.id() + " appears twice; its aliases are merged");
      e = absorb(e, earlier);
    }
    curated.put(e.id(), e);
  }

  /**
   * Merges entities of the same id and the same-as pairs, and returns every entity.
   *
   * @throws IllegalArgumentException when a pair's first id is not a curated id
   */
  List<KbEntity> merge(List<SameAs.Link> links) {
    for (Map.Entry<String, KbEntity> entry : curated.entrySet()) {
      KbEntity same = others.remove(entry.getKey());
      if (same != null) {
        entry.setValue(absorb(entry.getValue(), same));
        mergedInto.put(same.id(), entry.getKey());
        merged++;
      }
    }
    for (SameAs.Link link : links) {
      KbEntity target = curated.get(link.curatedId());
      if (target == null) {
        throw new IllegalArgumentException(
            link.where() + ": " + link.curatedId() + " is not an id of the curated file");
      }
      KbEntity other = others.remove(link.otherId());
      if (other == null && curated.containsKey(link.otherId())) {
        other = curated.remove(link.otherId());
      }
      if (other == null) {
        String into = mergedInto.get(link.otherId());
        warnings.add(
            link.where()
                + ": "
                + link.otherId()
                + (into != null
                    ? " is already merged into " + into
                    : " is in no source (or all its names were filtered)"));
        continue;
      }
      curated.put(target.id(), absorb(target, other));
      mergedInto.put(other.id(), target.id());
      merged++;
    }
    List<KbEntity> all = new ArrayList<>(curated.size() + others.size());
    all.addAll(curated.values());
    all.addAll(others.values());
    return all;
  }

  /** Entities merged into another one by id or same-as. */
  int mergedCount() {
    return merged;
  }

  List<String> warnings() {
    return warnings;
  }

  /**
   * The winner with the other's names added to its aliases (each key once, the winner's name not
   * repeated); id, name and type are the winner's, the prior the higher of the two (a country is as
   * likely meant whichever source lists it).
   */
  static KbEntity absorb(KbEntity winner, KbEntity other) {
    Map<String, String> byKey = new LinkedHashMap<>();
    for (String alias : winner.aliases()) {
      byKey.putIfAbsent(AliasKeys.normalize(alias), alias);
    }
    for (String name : other.names()) {
      byKey.putIfAbsent(AliasKeys.normalize(name), name);
    }
    byKey.remove(AliasKeys.normalize(winner.name()));
    return new KbEntity(
        winner.id(),
        winner.type(),
        winner.name(),
        new ArrayList<>(byKey.values()),
        Math.max(winner.prior(), other.prior()));
  }
}
