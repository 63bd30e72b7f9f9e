package io.newsflow.app.dashboard;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The last minutes of stage totals, sampled at a fixed pace into a ring buffer, turned into
 * articles per second between consecutive samples. Thread-safe.
 */
final class Throughput {
  private final int capacity;
  private final Deque<Totals> samples = new ArrayDeque<>();

  /** Totals read at one moment. */
  record Totals(long atMillis, Map<String, Double> byStage) {}

  /** Articles per second by stage over the interval from {@code fromMillis} to {@code atMillis}. */
  record Point(long fromMillis, long atMillis, Map<String, Double> perSecond) {}

  /**
   * @param capacity samples kept; with one every 5 s, 121 cover 10 minutes
   */
  Throughput(int capacity) {
    if (capacity < 2) {
      throw new IllegalArgumentException("keep at least 2 samples to have a rate, not " + capacity);
    }
    this.capacity = capacity;
  }

  synchronized void add(Instant at, Map<String, Double> totals) {
    samples.addLast(new Totals(at.toEpochMilli(), Map.copyOf(totals)));
    while (samples.size() > capacity) {
      samples.removeFirst();
    }
  }

  /** Stage labels seen, in the order first seen. */
  synchronized List<String> stages() {
    Set<String> stages = new LinkedHashSet<>();
    for (Totals t : samples) {
      stages.addAll(orderedKeys(t.byStage()));
    }
    return List.copyOf(stages);
  }

  private static List<String> orderedKeys(Map<String, Double> map) {
    List<String> keys = new ArrayList<>(map.keySet());
    keys.sort(Throughput::flowOrder);
    return keys;
  }

  /** ingest, enrich, then the sinks by name. */
  private static int flowOrder(String a, String b) {
    int ra = rank(a);
    int rb = rank(b);
    return ra != rb ? Integer.compare(ra, rb) : a.compareTo(b);
  }

  private static int rank(String stage) {
    return stage.equals("ingest") ? 0 : stage.equals("enrich") ? 1 : 2;
  }

  /**
   * Rates between consecutive samples; a total that went down (a restarted service) counts from 0.
   */
  synchronized List<Point> points() {
    List<Point> points = new ArrayList<>();
    Totals previous = null;
    for (Totals t : samples) {
      if (previous != null && t.atMillis() > previous.atMillis()) {
        double seconds = (t.atMillis() - previous.atMillis()) / 1000.0;
        Map<String, Double> rates = new LinkedHashMap<>();
        for (String stage : orderedKeys(t.byStage())) {
          double now = t.byStage().get(stage);
          double before = previous.byStage().getOrDefault(stage, 0.0);
          double delta = now >= before ? now - before : now;
          rates.put(stage, delta / seconds);
        }
        points.add(new Point(previous.atMillis(), t.atMillis(), rates));
      }
      previous = t;
    }
    return points;
  }

  /** The latest totals, empty before the first sample. */
  synchronized Map<String, Double> latest() {
    return samples.isEmpty() ? Map.of() : samples.getLast().byStage();
  }
}
