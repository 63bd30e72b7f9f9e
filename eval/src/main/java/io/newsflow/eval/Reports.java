package io.newsflow.eval;

import io.newsflow.avro.EntityType;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Formats scores as the evaluation program prints them. */
public final class Reports {
  /** The types every table shows, in this order; others appear only when some system emits them. */
  static final List<EntityType> TYPES =
      List.of(EntityType.PERSON, EntityType.ORGANIZATION, EntityType.LOCATION);

  private static final String TYPE_COLUMN = "%-13s %5s";
  private static final String SYSTEM_COLUMNS = "  %6s %5s %6s %6s %6s";

  private Reports() {}

  /**
   * A table with one row per type and an overall (micro-averaged) row: the gold count, then for
   * each system the entities it found, true positives, precision, recall and F1.
   */
  public static void scoreTable(PrintStream out, List<Evaluation.Result> results) {
    StringBuilder header1 = new StringBuilder(String.format(Locale.ROOT, TYPE_COLUMN, "", ""));
    StringBuilder header2 =
        new StringBuilder(String.format(Locale.ROOT, TYPE_COLUMN, "type", "gold"));
    for (Evaluation.Result r : results) {
      header1.append(String.format(Locale.ROOT, "  %-33s", r.system()));
      header2.append(String.format(Locale.ROOT, SYSTEM_COLUMNS, "found", "tp", "P", "R", "F1"));
    }
    out.println(header1.toString().stripTrailing());
    out.println(header2);
    List<EntityType> rows = new ArrayList<>(TYPES);
    for (Evaluation.Result r : results) {
      for (EntityType t : EntityType.values()) {
        if (!rows.contains(t) && r.scores().counts(t).system() + r.scores().counts(t).gold() > 0) {
          rows.add(t);
        }
      }
    }
    for (EntityType type : rows) {
      row(out, type.name(), results, r -> r.scores().counts(type));
    }
    row(out, "overall", results, r -> r.scores().overall());
    StringBuilder intervals =
        new StringBuilder("overall F1, 95% bootstrap interval over documents:");
    for (Evaluation.Result r : results) {
      Bootstrap.Interval i = Bootstrap.overallF1(r.scores());
      intervals.append(
          String.format(Locale.ROOT, " %s [%.3f, %.3f];", r.system(), i.low(), i.high()));
    }
    out.println(intervals.substring(0, intervals.length() - 1));
  }

  private static void row(
      PrintStream out,
      String label,
      List<Evaluation.Result> results,
      Function<Evaluation.Result, Counts> counts) {
    int gold = results.isEmpty() ? 0 : counts.apply(results.get(0)).gold();
    StringBuilder line =
        new StringBuilder(String.format(Locale.ROOT, TYPE_COLUMN, label, Integer.toString(gold)));
    for (Evaluation.Result r : results) {
      Counts c = counts.apply(r);
      line.append(
          String.format(
              Locale.ROOT,
              SYSTEM_COLUMNS,
              c.system(),
              c.tp(),
              ratio(c.precision(), c.hasSystem()),
              ratio(c.recall(), c.hasGold()),
              ratio(c.f1(), c.hasSystem() || c.hasGold())));
    }
    out.println(line);
  }

  private static String ratio(double value, boolean defined) {
    return defined ? String.format(Locale.ROOT, "%.3f", value) : "-";
  }

  /**
   * Every document with errors: what the system found that no gold entity is (FP) and the gold
   * entities it did not find (MISS), with their surface forms.
   */
  public static void errors(PrintStream out, List<EvalDocument> documents, Scoreboard scores) {
    int shown = 0;
    for (int i = 0; i < documents.size(); i++) {
      EvalDocument doc = documents.get(i);
      DocumentScore score = scores.documents().get(i);
      if (!score.hasErrors()) {
        continue;
      }
      shown++;
      Counts c = score.overall();
      out.printf(
          Locale.ROOT,
          "doc %s \"%s\": tp %d, fp %d, miss %d%n",
          doc.id(),
          doc.cleanTitle(),
          c.tp(),
          c.fp(),
          c.fn());
      for (GoldEntity miss : score.misses()) {
        out.printf(
            Locale.ROOT,
            "  MISS %-12s %s: %s%n",
            miss.type(),
            miss.canonical(),
            forms(miss.mentions()));
      }
      for (SystemEntity fp : score.falsePositives()) {
        GoldEntity near = overlapping(doc.gold(), fp);
        out.printf(
            Locale.ROOT,
            "  FP   %-12s %s%s%n",
            fp.type(),
            forms(fp.surfaceForms()),
            near == null ? "" : "  ~ gold " + near.type() + " " + near.canonical());
      }
    }
    if (shown == 0) {
      out.println("no errors");
    }
  }

  /** A gold entity one of whose forms holds or is held by one of the system entity's. */
  private static GoldEntity overlapping(List<GoldEntity> gold, SystemEntity system) {
    for (GoldEntity g : gold) {
      for (String m : g.mentions()) {
        String gm = " " + EntityScorer.normalize(m) + " ";
        for (String s : system.surfaceForms()) {
          String sm = " " + EntityScorer.normalize(s) + " ";
          if (gm.contains(sm) || sm.contains(gm)) {
            return g;
          }
        }
      }
    }
    return null;
  }

  private static String forms(List<String> surfaces) {
    return surfaces.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(" | "));
  }
}
