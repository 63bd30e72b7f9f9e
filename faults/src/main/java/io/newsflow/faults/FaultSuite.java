package io.newsflow.faults;

import io.newsflow.embedded.Directories;
import io.newsflow.embedded.OwnedTempDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The fault suite: the pipeline on a three-node cluster ({@link ClusterRig}) under a steady load
 * from a careful {@link Publisher}, while faults are injected one after another; then a count of
 * what was posted, acknowledged, stored in each store, stored twice, lost and dead-lettered, and of
 * the links that had to be made. After each fault it measures the time until an article posted
 * after the fault is in every store.
 *
 * <p>Short mode ({@link #shortScenario}): the leader of the article partitions killed with SIGKILL
 * and started again, a rolling restart of the three nodes, the database's sessions cut. Long mode
 * ({@code --minutes N}): random faults at random times for N minutes.
 *
 * <pre>faults/run                 # short mode
 * faults/run --minutes 20    # long mode; --rate R articles a second (default 20), --seed S</pre>
 */
public final class FaultSuite {
  private static final Duration RECOVERY_LIMIT = Duration.ofMinutes(2);

  /**
   * One fault: how long injecting it took (a restart includes the node's stop and start), how long
   * until ingest acknowledged an article posted after it, and until such an article was in every
   * store (-1: not within the limit), each counted from the fault's start.
   */
  public record Event(
      String fault, double actionSeconds, double ingestSeconds, double secondsToRecover) {}

  /** What a run counted. */
  public record Result(
      int posted,
      int acknowledged,
      int duplicateAcks,
      Map<String, Integer> stored,
      Map<String, Long> storedTwice,
      Map<String, Long> missing,
      long deadLetters,
      int linksExpected,
      int linksStored,
      List<Event> events,
      double minutes) {

    /** Nothing lost, nothing twice, no dead letter, every expected link, every fault recovered. */
    public boolean clean() {
      return missing.values().stream().allMatch(n -> n == 0)
          && storedTwice.values().stream().allMatch(n -> n == 0)
          && deadLetters == 0
          && linksStored == linksExpected
          && events.stream().allMatch(e -> e.secondsToRecover() >= 0);
    }

    /** The run as a table, for a terminal or a Markdown page. */
    public String table() {
      StringBuilder t = new StringBuilder();
      t.append(String.format(Locale.ROOT, "fault suite: %.1f minutes%n%n", minutes));
      t.append("| articles | count |\n| --- | --- |\n");
      row(t, "posted", posted);
      row(t, "acknowledged", acknowledged);
      row(t, "acknowledged as duplicates of an earlier post", duplicateAcks);
      stored.forEach((store, n) -> row(t, "stored in " + store, n));
      storedTwice.forEach((store, n) -> row(t, "stored twice in " + store, n));
      missing.forEach((store, n) -> row(t, "acknowledged but missing in " + store, n));
      row(t, "dead letters", deadLetters);
      row(t, "DUPLICATE links expected", linksExpected);
      row(t, "DUPLICATE links stored", linksStored);
      t.append(
          "\n| fault (times from its start) | injected in | ingest acknowledges | in every store |\n"
              + "| --- | --- | --- | --- |\n");
      for (Event e : events) {
        t.append(
            String.format(
                Locale.ROOT,
                "| %s | %.1f s | %s | %s |%n",
                e.fault(),
                e.actionSeconds(),
                seconds(e.ingestSeconds()),
                seconds(e.secondsToRecover())));
      }
      t.append(clean() ? "\nclean: nothing lost, nothing twice\n" : "\nNOT CLEAN\n");
      return t.toString();
    }

    private static void row(StringBuilder t, String what, long n) {
      t.append("| ").append(what).append(" | ").append(n).append(" |\n");
    }
  }

  private final ClusterRig rig;
  private final Publisher publisher;
  private final List<Event> events = new ArrayList<>();
  private final long started = System.nanoTime();

  private FaultSuite(ClusterRig rig, double rate) {
    this.rig = rig;
    this.publisher = new Publisher(rig.ingestUrl(), rate, 8);
  }

  /** Short mode: the cluster scenarios, in order, under a steady load. */
  public static Result shortScenario(Path dir, double rate) throws Exception {
    try (ClusterRig rig = ClusterRig.start(dir)) {
      FaultSuite suite = new FaultSuite(rig, rate);
      try {
        suite.pause(Duration.ofSeconds(10));
        int leader = rig.leaderOfArticles();
        suite.inject(
            "kill -9 node " + leader + " (leads the article partitions)",
            () -> rig.cluster().kill(leader));
        suite.pause(Duration.ofSeconds(5));
        suite.inject("start node " + leader + " again", () -> rig.cluster().start(leader));
        rig.cluster().awaitInSync(RECOVERY_LIMIT);
        for (int node : rig.cluster().nodeIds()) {
          suite.inject(
              "rolling restart: node " + node,
              () -> {
                rig.cluster().stop(node);
                rig.cluster().start(node);
              });
          rig.cluster().awaitInSync(RECOVERY_LIMIT);
        }
        suite.inject(
            "database sessions cut",
            () -> System.out.println("cut " + rig.cutDatabaseSessions() + " sessions"));
        suite.pause(Duration.ofSeconds(5));
        return suite.finish();
      } finally {
        suite.publisher.close();
      }
    }
  }

  /** Long mode: random faults at random times for {@code minutes}, then the count. */
  public static Result longRun(Path dir, double rate, double minutes, long seed) throws Exception {
    Random random = new Random(seed);
    try (ClusterRig rig = ClusterRig.start(dir)) {
      FaultSuite suite = new FaultSuite(rig, rate);
      try {
        long end = System.nanoTime() + (long) (minutes * 60e9);
        while (System.nanoTime() < end) {
          suite.pause(Duration.ofSeconds(10 + random.nextInt(30)));
          if (System.nanoTime() >= end) {
            break;
          }
          List<Integer> nodes = new ArrayList<>(rig.cluster().nodeIds());
          int node = nodes.get(random.nextInt(nodes.size()));
          switch (random.nextInt(4)) {
            case 0 -> {
              int leader = rig.leaderOfArticles();
              suite.inject(
                  "kill -9 node " + leader + " (leader)", () -> rig.cluster().kill(leader));
              suite.pause(Duration.ofSeconds(5 + random.nextInt(20)));
              suite.inject("start node " + leader + " again", () -> rig.cluster().start(leader));
            }
            case 1 -> {
              suite.inject("kill -9 node " + node, () -> rig.cluster().kill(node));
              suite.pause(Duration.ofSeconds(5 + random.nextInt(20)));
              suite.inject("start node " + node + " again", () -> rig.cluster().start(node));
            }
            case 2 ->
                suite.inject(
                    "restart node " + node,
                    () -> {
                      rig.cluster().stop(node);
                      rig.cluster().start(node);
                    });
            default -> suite.inject("database sessions cut", rig::cutDatabaseSessions);
          }
          rig.cluster().awaitInSync(RECOVERY_LIMIT);
        }
        return suite.finish();
      } finally {
        suite.publisher.close();
      }
    }
  }

  @FunctionalInterface
  private interface Action {
    void run() throws Exception;
  }

  /**
   * Injects a fault and waits until an article posted after its start is in every store. The fault
   * runs on a thread of its own: a node that takes long to start does not stop the pipeline, which
   * may well deliver before the node is back.
   */
  private void inject(String fault, Action action) throws Exception {
    long at = System.nanoTime();
    System.out.printf(Locale.ROOT, "%6.1f s  %s%n", (at - started) / 1e9, fault);
    CompletableFuture<Double> injected =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                action.run();
              } catch (Exception e) {
                throw new CompletionException(e);
              }
              return (System.nanoTime() - at) / 1e9;
            });
    double ingest = -1;
    double recovered = -1;
    long deadline = at + RECOVERY_LIMIT.toNanos();
    while (System.nanoTime() < deadline && (recovered < 0 || !injected.isDone())) {
      for (Publisher.Ack ack : publisher.acknowledged().values()) {
        if (ack.firstPostNanos() >= at) {
          double acked = (ack.ackNanos() - at) / 1e9;
          ingest = ingest < 0 ? acked : Math.min(ingest, acked);
          if (recovered < 0 && rig.writtenEverywhere(ack.id())) {
            recovered = (System.nanoTime() - at) / 1e9;
          }
        }
      }
      Thread.sleep(100);
    }
    double actionSeconds = injected.get(RECOVERY_LIMIT.toSeconds(), TimeUnit.SECONDS);
    Event event = new Event(fault, actionSeconds, ingest, recovered);
    System.out.printf(
        Locale.ROOT,
        "%6.1f s  %s: injected in %.1f s, ingest acknowledged after %s, delivered after %s%n",
        (System.nanoTime() - started) / 1e9,
        fault,
        actionSeconds,
        seconds(ingest),
        seconds(recovered));
    events.add(event);
  }

  private static String seconds(double s) {
    return s < 0
        ? "(not within " + RECOVERY_LIMIT.toSeconds() + " s)"
        : String.format(Locale.ROOT, "%.1f s", s);
  }

  private void pause(Duration d) throws InterruptedException {
    Thread.sleep(d.toMillis());
  }

  /** Stops the load, waits for the stores and the links, and counts. */
  private Result finish() throws Exception {
    boolean allAcked = publisher.finish(Duration.ofMinutes(3));
    if (!allAcked) {
      System.out.println("some articles were never acknowledged within 3 minutes");
    }
    Map<Integer, Publisher.Ack> acks = publisher.acknowledged();
    Set<String> ids = new HashSet<>();
    acks.values().forEach(a -> ids.add(a.id()));
    Set<String> expectedLinks = new HashSet<>();
    for (Publisher.Ack ack : acks.values()) {
      Publisher.Ack original = acks.get(ack.index() - 1);
      if (Articles.isCopy(ack.index()) && original != null) {
        expectedLinks.add(ack.id() + "|" + original.id());
        expectedLinks.add(original.id() + "|" + ack.id());
      }
    }
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      if (rig.postgres().byId().keySet().containsAll(ids)
          && rig.jsonLines().byId().keySet().containsAll(ids)
          && rig.duplicateLinks().containsAll(expectedLinks)) {
        break;
      }
      Thread.sleep(500);
    }
    ClusterRig.StoreContent jsonl = rig.jsonLines();
    ClusterRig.StoreContent pg = rig.postgres();
    Set<String> links = rig.duplicateLinks();
    links.retainAll(expectedLinks);
    return new Result(
        publisher.posted(),
        acks.size(),
        (int) acks.values().stream().filter(Publisher.Ack::duplicate).count(),
        Map.of("JSON Lines", jsonl.byId().size(), "PostgreSQL", pg.byId().size()),
        Map.of("JSON Lines", jsonl.duplicates(), "PostgreSQL", pg.duplicates()),
        Map.of(
            "JSON Lines",
            ids.stream().filter(id -> !jsonl.byId().containsKey(id)).count(),
            "PostgreSQL",
            ids.stream().filter(id -> !pg.byId().containsKey(id)).count()),
        rig.deadLetters(),
        expectedLinks.size(),
        links.size(),
        List.copyOf(events),
        (System.nanoTime() - started) / 60e9);
  }

  public static void main(String[] args) throws Exception {
    double minutes = 0;
    double rate = 20;
    long seed = System.currentTimeMillis();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--minutes" -> minutes = Double.parseDouble(args[++i]);
        case "--rate" -> rate = Double.parseDouble(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        default -> {
          System.err.println(
              "usage: faults/run [--minutes N] [--rate ARTICLES_PER_S] [--seed S]\n"
                  + "  without --minutes: the short scenario (leader killed, rolling restart,"
                  + " database sessions cut)");
          System.exit(2);
        }
      }
    }
    // removed at the end; a killed run's folder is removed by the next run
    Path dir = OwnedTempDirs.create("newsflow-faults-");
    Result result;
    try {
      if (minutes > 0) {
        System.out.printf(Locale.ROOT, "long mode: %.1f minutes, seed %d%n", minutes, seed);
        result = longRun(dir, rate, minutes, seed);
      } else {
        result = shortScenario(dir, rate);
      }
    } finally {
      Directories.deleteRecursively(dir);
    }
    System.out.println(result.table());
    System.exit(result.clean() ? 0 : 1);
  }
}
