package io.newsflow.faults;

import io.newsflow.embedded.Directories;
import io.newsflow.embedded.OwnedTempDirs;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.SQLException;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The fault suite: the pipeline on a three-node cluster ({@link ClusterRig}) under a steady load
 * from a careful {@link Publisher}, while faults are injected one after another; then a count of
 * what was posted, acknowledged, stored in each store, stored twice, lost and dead-lettered, and of
 * the links that had to be made. After each fault it measures the time until an article posted
 * after the fault is in every store.
 *
 * <p>Short mode ({@link #shortScenario}): each kind of fault once: the leader of the article
 * partitions killed with SIGKILL and started again, a rolling restart of the three nodes, the
 * second enrich instance killed and started again (also while its groups rebalance), the second
 * sink killed mid-batch and started again, the second ingest service killed and started again, the
 * database's sessions cut, the database silent for 15 s. Long mode ({@code --minutes N}): random
 * faults of those kinds at random times for N minutes.
 *
 * <pre>faults/run                 # short mode
 * faults/run --minutes 20    # long mode; --rate R articles a second (default 20), --seed S</pre>
 */
public final class FaultSuite {
  private static final Duration RECOVERY_LIMIT = Duration.ofMinutes(2);

  /**
   * One fault: how long it took (a node's start: until the node is registered; an instance's start:
   * until it holds partitions in each of its groups), how long until ingest acknowledged an article
   * posted after the fault began, and until such an article was in every store (-1: not within the
   * limit), each counted from the fault's start.
   */
  public record Event(
      String fault,
      double actionSeconds,
      double ingestSeconds,
      double secondsToRecover,
      double loadAverage) {}

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
          && events.stream().noneMatch(e -> e.secondsToRecover() < 0);
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
          "\n| fault (times from its start) | done in | ingest acknowledges | in every store"
              + " | load (1 min) |\n| --- | --- | --- | --- | --- |\n");
      for (Event e : events) {
        t.append(
            String.format(
                Locale.ROOT,
                "| %s | %.1f s | %s | %s | %.1f |%n",
                e.fault(),
                e.actionSeconds(),
                seconds(e.ingestSeconds()),
                seconds(e.secondsToRecover()),
                e.loadAverage()));
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
  private final Map<String, Long> lastTakeBack = new ConcurrentHashMap<>();
  private final long started = System.nanoTime();

  private FaultSuite(ClusterRig rig, double rate) {
    this.rig = rig;
    this.publisher = new Publisher(rig.ingestUrls(), rate, 8);
  }

  /** Short mode: each kind of fault once, in order, under a steady load. */
  public static Result shortScenario(Path dir, double rate) throws Exception {
    try (ClusterRig rig = ClusterRig.start(dir)) {
      FaultSuite suite = new FaultSuite(rig, rate);
      try {
        suite.pause(Duration.ofSeconds(10));
        int leader = rig.leaderOfArticles();
        suite.killNode(leader, "(leads the article partitions)");
        suite.pause(Duration.ofSeconds(5));
        suite.startNode(leader);
        for (int node : rig.cluster().nodeIds()) {
          suite.restartNode(node, "rolling restart: ");
        }
        // an instance that does not come back: its partitions go to the other after the session
        suite.killInstance(rig.enrich2(), "(not started again until its partitions moved)", true);
        suite.startInstance(rig.enrich2());
        suite.killInstance(rig.enrich2(), "again, as soon as it holds partitions", false);
        suite.startInstanceAndKillUnderRebalance(rig.enrich2());
        suite.startInstance(rig.enrich2());
        suite.killInstance(rig.sink2(), "(mid-batch)", false);
        suite.pause(Duration.ofSeconds(3));
        suite.startInstance(rig.sink2());
        suite.killInstance(rig.ingest2(), "(the whole process, while it takes articles)", false);
        suite.pause(Duration.ofSeconds(3));
        suite.startInstance(rig.ingest2());
        suite.cutDatabaseSessions();
        suite.silenceDatabase(Duration.ofSeconds(15));
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
        while (true) {
          suite.pause(Duration.ofSeconds(5 + random.nextInt(25)));
          if (System.nanoTime() >= end) {
            break;
          }
          List<Integer> nodes = new ArrayList<>(rig.cluster().nodeIds());
          int node = nodes.get(random.nextInt(nodes.size()));
          List<Instance> instances = List.of(rig.ingest2(), rig.enrich2(), rig.sink2());
          Instance instance = instances.get(random.nextInt(instances.size()));
          Duration down = Duration.ofSeconds(1 + random.nextInt(15));
          switch (random.nextInt(7)) {
            case 0 -> {
              suite.killNode(rig.leaderOfArticles(), "(leader)");
              suite.pause(down);
              suite.startNode(
                  rig.cluster().nodeIds().stream()
                      .filter(n -> !rig.cluster().isRunning(n))
                      .findFirst()
                      .orElse(node));
            }
            case 1 -> {
              suite.killNode(node, "");
              suite.pause(down);
              suite.startNode(node);
            }
            case 2 -> suite.restartNode(node, "");
            case 3 -> {
              suite.killInstance(instance, "", false);
              suite.pause(down);
              suite.startInstance(instance);
            }
            case 4 -> {
              suite.killInstance(instance, "", false);
              suite.startInstanceAndKillUnderRebalance(instance);
              suite.startInstance(instance);
            }
            case 5 -> suite.cutDatabaseSessions();
            default -> suite.silenceDatabase(Duration.ofSeconds(5 + random.nextInt(20)));
          }
        }
        return suite.finish();
      } finally {
        suite.publisher.close();
      }
    }
  }

  private void killNode(int node, String why) throws Exception {
    inject(
        "kill -9 Kafka node " + node + (why.isEmpty() ? "" : " " + why),
        () -> rig.cluster().kill(node));
  }

  /** Starts a node again; done once it is registered, then waits until its replicas caught up. */
  private void startNode(int node) throws Exception {
    inject("start Kafka node " + node + " again", () -> rig.cluster().start(node));
    rig.cluster().awaitInSync(RECOVERY_LIMIT);
  }

  private void restartNode(int node, String prefix) throws Exception {
    inject(
        prefix + "restart Kafka node " + node + " (SIGTERM, start)",
        () -> {
          rig.cluster().stop(node);
          rig.cluster().start(node);
        });
    rig.cluster().awaitInSync(RECOVERY_LIMIT);
  }

  /** Kills an instance; measured only when {@code measure} (a start follows at once otherwise). */
  private void killInstance(Instance instance, String why, boolean measure) throws Exception {
    inject(
        "kill -9 " + instance.name() + (why.isEmpty() ? "" : " " + why), instance::kill, measure);
  }

  /**
   * Starts an instance again; done once it holds partitions in each of its groups, as a new member
   * (not the killed one, whose static membership outlives it until its session ends).
   */
  private void startInstance(Instance instance) throws Exception {
    inject(
        "start " + instance.name() + " again",
        () -> {
          Set<String> old = rig.memberIds(instance);
          instance.start();
          Duration took = rig.awaitWork(instance, old, RECOVERY_LIMIT);
          lastTakeBack.put(instance.name(), took.toMillis());
        });
  }

  /**
   * Starts an instance and kills it while it joins its groups: after six tenths of the time its
   * last start took to hold partitions again (its JVM is up and its consumers are joining).
   */
  private void startInstanceAndKillUnderRebalance(Instance instance) throws Exception {
    long delay = (long) (0.6 * lastTakeBack.getOrDefault(instance.name(), 5_000L));
    inject(
        "start " + instance.name() + ", kill -9 it " + delay + " ms later, while it joins",
        () -> {
          instance.start();
          Thread.sleep(delay);
          instance.kill();
        },
        false);
  }

  private void cutDatabaseSessions() throws Exception {
    inject(
        "database sessions cut",
        () -> {
          rig.cutDatabaseSessions();
          rig.databaseProxy().cut();
          rig.databaseProxy().restore();
        });
  }

  private void silenceDatabase(Duration silence) throws Exception {
    inject(
        "database silent for " + silence.toSeconds() + " s",
        () -> {
          rig.databaseProxy().freeze();
          Thread.sleep(silence.toMillis());
          rig.databaseProxy().restore();
        });
  }

  @FunctionalInterface
  private interface Action {
    void run() throws Exception;
  }

  private void inject(String fault, Action action) throws Exception {
    inject(fault, action, true);
  }

  /**
   * Injects a fault and, when {@code measure}, waits until the pipeline delivers again: until every
   * article first posted in the second after the fault began is in every store. Those articles
   * spread over all partitions, so one stalled partition holds the figure back. The fault runs on a
   * thread of its own: a node that takes long to start does not stop the pipeline, which may well
   * deliver before the node is back. A kill soon followed by a start is not measured on its own:
   * the start is.
   */
  private void inject(String fault, Action action, boolean measure) throws Exception {
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
    long window = at + TimeUnit.SECONDS.toNanos(1);
    long deadline = at + RECOVERY_LIMIT.toNanos();
    while (measure && System.nanoTime() < deadline && recovered < 0) {
      Thread.sleep(200);
      Map<Integer, Publisher.Ack> acks = publisher.acknowledged();
      for (Publisher.Ack ack : acks.values()) {
        if (ack.firstPostNanos() >= at) {
          double acked = (ack.ackNanos() - at) / 1e9;
          ingest = ingest < 0 ? acked : Math.min(ingest, acked);
        }
      }
      long now = System.nanoTime();
      if (now < window) {
        continue;
      }
      List<Integer> probe = publisher.postedBetween(at, window);
      Set<String> ids = new HashSet<>();
      for (int index : probe) {
        Publisher.Ack ack = acks.get(index);
        if (ack != null) {
          ids.add(ack.id());
        }
      }
      // the database may be the fault: a probe that fails is a probe that waits
      boolean all = !probe.isEmpty() && ids.size() == probe.size() && inEveryStore(ids);
      if (all) {
        recovered = (now - at) / 1e9;
      }
    }
    double actionSeconds = injected.get(RECOVERY_LIMIT.toSeconds() * 2, TimeUnit.SECONDS);
    // the machine's load: on shared cores, a JVM's start takes as long as the CPU lets it
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    Event event =
        new Event(
            fault,
            actionSeconds,
            measure ? ingest : Double.NaN,
            measure ? recovered : Double.NaN,
            load);
    System.out.printf(
        Locale.ROOT,
        "%6.1f s  %s: done in %.1f s, ingest acknowledged after %s, delivered after %s, load %.1f%n",
        (System.nanoTime() - started) / 1e9,
        fault,
        actionSeconds,
        seconds(event.ingestSeconds()),
        seconds(event.secondsToRecover()),
        load);
    events.add(event);
  }

  private boolean inEveryStore(Set<String> ids) {
    try {
      return rig.inEveryStore(ids);
    } catch (SQLException e) {
      return false;
    }
  }

  private static String seconds(double s) {
    if (Double.isNaN(s)) {
      return "(see the start)";
    }
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
                  + "  without --minutes: the short scenario, each kind of fault once");
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
