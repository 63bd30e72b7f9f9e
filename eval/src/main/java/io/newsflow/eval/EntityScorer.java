package io.newsflow.eval;

import io.newsflow.avro.EntityType;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Scores one document the way issue 3 defines it. A system entity can count for a gold entity when
 * the types agree and one of the system entity's surface forms equals one of the gold mentions,
 * ignoring case and whitespace. Each gold entity is found by at most one system entity and each
 * system entity finds at most one gold entity, so alias grouping counts: two system entities for
 * one gold entity are one true positive and one false positive. Among the possible pairings the
 * scorer takes a largest one (maximum bipartite matching, per type since types must agree).
 * Stateless and thread-safe.
 */
public final class EntityScorer {
  private static final Pattern WHITESPACE =
      Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

  /**
   * The form under which surface strings are compared: Unicode NFC (so that composed and decomposed
   * accents are one string, as the text cleaner makes them), lower case, runs of whitespace as one
   * space, trimmed.
   */
  public static String normalize(String surface) {
    String s = Normalizer.normalize(surface, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    return WHITESPACE.matcher(s).replaceAll(" ").strip();
  }

  public DocumentScore score(String docId, List<GoldEntity> gold, List<SystemEntity> system) {
    Map<EntityType, List<GoldEntity>> goldByType = new EnumMap<>(EntityType.class);
    for (GoldEntity g : gold) {
      goldByType.computeIfAbsent(g.type(), t -> new ArrayList<>()).add(g);
    }
    Map<EntityType, List<SystemEntity>> systemByType = new EnumMap<>(EntityType.class);
    for (SystemEntity s : system) {
      systemByType.computeIfAbsent(s.type(), t -> new ArrayList<>()).add(s);
    }
    Set<EntityType> types = new LinkedHashSet<>(goldByType.keySet());
    types.addAll(systemByType.keySet());

    Map<EntityType, Counts> byType = new EnumMap<>(EntityType.class);
    List<DocumentScore.Match> matches = new ArrayList<>();
    List<SystemEntity> falsePositives = new ArrayList<>();
    List<GoldEntity> misses = new ArrayList<>();
    for (EntityType type : types) {
      List<GoldEntity> g = goldByType.getOrDefault(type, List.of());
      List<SystemEntity> s = systemByType.getOrDefault(type, List.of());
      int[] goldOf = match(g, s);
      boolean[] goldFound = new boolean[g.size()];
      int tp = 0;
      for (int i = 0; i < s.size(); i++) {
        if (goldOf[i] >= 0) {
          tp++;
          goldFound[goldOf[i]] = true;
          matches.add(new DocumentScore.Match(s.get(i), g.get(goldOf[i])));
        } else {
          falsePositives.add(s.get(i));
        }
      }
      for (int j = 0; j < g.size(); j++) {
        if (!goldFound[j]) {
          misses.add(g.get(j));
        }
      }
      byType.put(type, new Counts(tp, s.size() - tp, g.size() - tp));
    }
    return new DocumentScore(docId, byType, matches, falsePositives, misses);
  }

  /**
   * A maximum matching between system and gold entities of one type (augmenting paths; documents
   * have tens of entities, so the simple algorithm is plenty).
   *
   * @return for each system entity the index of its gold entity, or -1
   */
  private static int[] match(List<GoldEntity> gold, List<SystemEntity> system) {
    List<Set<String>> goldForms = new ArrayList<>(gold.size());
    for (GoldEntity g : gold) {
      goldForms.add(forms(g.mentions()));
    }
    int[][] edges = new int[system.size()][];
    for (int i = 0; i < system.size(); i++) {
      Set<String> forms = forms(system.get(i).surfaceForms());
      List<Integer> adjacent = new ArrayList<>();
      for (int j = 0; j < gold.size(); j++) {
        if (!disjoint(forms, goldForms.get(j))) {
          adjacent.add(j);
        }
      }
      edges[i] = adjacent.stream().mapToInt(Integer::intValue).toArray();
    }
    int[] systemOf = new int[gold.size()];
    Arrays.fill(systemOf, -1);
    for (int i = 0; i < system.size(); i++) {
      augment(i, edges, systemOf, new boolean[gold.size()]);
    }
    int[] goldOf = new int[system.size()];
    Arrays.fill(goldOf, -1);
    for (int j = 0; j < gold.size(); j++) {
      if (systemOf[j] >= 0) {
        goldOf[systemOf[j]] = j;
      }
    }
    return goldOf;
  }

  private static boolean augment(int i, int[][] edges, int[] systemOf, boolean[] visited) {
    for (int j : edges[i]) {
      if (!visited[j]) {
        visited[j] = true;
        if (systemOf[j] < 0 || augment(systemOf[j], edges, systemOf, visited)) {
          systemOf[j] = i;
          return true;
        }
      }
    }
    return false;
  }

  private static Set<String> forms(List<String> surfaces) {
    Set<String> out = new HashSet<>();
    for (String surface : surfaces) {
      String key = normalize(surface);
      if (!key.isEmpty()) {
        out.add(key);
      }
    }
    return out;
  }

  private static boolean disjoint(Set<String> a, Set<String> b) {
    for (String s : a) {
      if (b.contains(s)) {
        return false;
      }
    }
    return true;
  }
}
