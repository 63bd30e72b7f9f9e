package io.newsflow.kb.build;

import io.newsflow.kb.AliasKeys;
import io.newsflow.kb.KbEntity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Removes the names of an entity that would match text they do not mean: names whose key ({@link
 * AliasKeys#normalize}) is shorter than {@value #MIN_KEY_LENGTH} characters, and, for sources where
 * that risk is high (small GeoNames towns, WordNet), one-word names that are {@link CommonWords}
 * ("Mobile", "Police", "Reading"). Names of several words are kept ("Reading Abbey"). It also
 * writes every name on one line without the format's separators and drops names whose key repeats.
 *
 * <p>When the name itself goes, the first remaining alias becomes the name (WordNet's "Bush, George
 * Bush" is named "George Bush"); when nothing remains, the entity goes.
 */
final class AliasFilter {
  static final int MIN_KEY_LENGTH = 2;

  private final CommonWords common;
  private long droppedNames;
  private long droppedEntities;

  AliasFilter(CommonWords common) {
    this.common = common;
  }

  /** The entity with its risky names removed, or null when none is left. */
  KbEntity apply(KbEntity e, boolean dropCommonWords) {
    Map<String, String> byKey = new LinkedHashMap<>();
    boolean changed = false;
    for (String raw : e.names()) {
      String name = clean(raw);
      changed |= !name.equals(raw);
      String key = AliasKeys.normalize(name);
      if (key.length() < MIN_KEY_LENGTH
          || (dropCommonWords && key.indexOf(' ') < 0 && common.contains(key))) {
        droppedNames++;
        changed = true;
      } else if (byKey.putIfAbsent(key, name) != null) {
        changed = true;
      }
    }
    if (byKey.isEmpty()) {
      droppedEntities++;
      return null;
    }
    if (!changed) {
      return e;
    }
    List<String> names = new ArrayList<>(byKey.values());
    String name = names.remove(0);
    return new KbEntity(e.id(), e.type(), name, names, e.prior());
  }

  /** Names dropped so far (not counting repeats of a key). */
  long droppedNames() {
    return droppedNames;
  }

  /** Entities dropped so far because no name was left. */
  long droppedEntities() {
    return droppedEntities;
  }

  /** A name on one line: tabs, bars and line breaks as spaces, runs of spaces as one. */
  static String clean(String name) {
    boolean plain = true;
    for (int i = 0; i < name.length() && plain; i++) {
      char c = name.charAt(i);
      plain =
          c != '\t'
              && c != '|'
              && c != '\n'
              && c != '\r'
              && !(c == ' ' && i > 0 && name.charAt(i - 1) == ' ');
    }
    String s = plain ? name : name.replaceAll("[\\t|\\r\\n ]+", " ");
    return s.strip();
  }
}
