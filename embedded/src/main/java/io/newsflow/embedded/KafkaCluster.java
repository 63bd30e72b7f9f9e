package io.newsflow.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replicated Kafka cluster on loopback for tests and the fault suite: three (or more) KRaft
 * nodes, each broker and controller, each a JVM process of its own running {@code kafka.Kafka}, the
 * class {@code kafka-server-start.sh} runs, so that {@link #kill} is a real SIGKILL. The
 * controllers form a static quorum; internal topics are replicated to three nodes with two in sync,
 * and so are topics created without a replication factor.
 *
 * <p>Nodes keep their data across {@link #kill}, {@link #stop} and {@link #start}; {@link #close}
 * stops them all and removes the cluster's folder. Each node's log is {@code node-<id>/server.log}
 * in {@link #dataDir()}. A node stops by itself when the JVM that started it dies.
 */
public final class KafkaCluster implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KafkaCluster.class);

  private final Path dataDir;
  private final String clusterId = Uuid.randomUuid().toString();
  private final Map<Integer, NodeProcess> nodes = new TreeMap<>();
  private final String heap;
  private final Map<String, String> overrides;
  private final Duration startTimeout;
  private final Thread killer;

  private KafkaCluster(Builder b) throws IOException {
    this.dataDir = OwnedTempDirs.create("newsflow-cluster-");
    this.heap = b.heap;
    this.overrides = Map.copyOf(b.overrides);
    this.startTimeout = b.startTimeout;
    for (int id = 1; id <= b.nodes; id++) {
      nodes.put(id, new NodeProcess(id, FreePorts.pick(), FreePorts.pick()));
    }
    this.killer = new Thread(this::killAll, "kafka-cluster-killer");
    Runtime.getRuntime().addShutdownHook(killer);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Every node's {@code 127.0.0.1:<port>}, comma-separated, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return nodes.values().stream().map(n -> "127.0.0.1:" + n.port).collect(Collectors.joining(","));
  }

  public Set<Integer> nodeIds() {
    return nodes.keySet();
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Formats every node's storage and starts them, then waits until all are registered. */
  public synchronized KafkaCluster start() {
    long started = System.nanoTime();
    for (NodeProcess node : nodes.values()) {
      node.format();
      node.launch();
    }
    awaitNodes(nodes.keySet());
    log.info(
        "Kafka cluster of {} nodes ready at {} in {} ms (data in {})",
        nodes.size(),
        bootstrapServers(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
        dataDir);
    return this;
  }

  /** Starts a node that was killed or stopped and waits until the cluster knows it again. */
  public synchronized void start(int nodeId) {
    NodeProcess node = node(nodeId);
    if (node.process != null && node.process.isAlive()) {
      return;
    }
    long started = System.nanoTime();
    node.launch();
    awaitNodes(Set.of(nodeId));
    log.info(
        "Kafka node {} registered again in {} ms",
        nodeId,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
  }

  /** SIGKILL: the node gets no chance to hand over its partitions or flush its log. */
  public synchronized void kill(int nodeId) {
    NodeProcess node = node(nodeId);
    if (node.process == null) {
      return;
    }
    try {
      node.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing node " + nodeId, e);
    }
    node.process = null;
    log.info("Kafka node {} killed", nodeId);
  }

  /** SIGTERM: a controlled shutdown, which moves the node's leaderships first. */
  public synchronized void stop(int nodeId) {
    NodeProcess node = node(nodeId);
    if (node.process == null) {
      return;
    }
    node.process.destroy();
    try {
      if (!node.process.waitFor(60, TimeUnit.SECONDS)) {
        log.warn("Kafka node {} did not stop within 60 s; killing it", nodeId);
        node.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping node " + nodeId, e);
    }
    node.process = null;
    log.info("Kafka node {} stopped", nodeId);
  }

  public synchronized boolean isRunning(int nodeId) {
    Process p = node(nodeId).process;
    return p != null && p.isAlive();
  }

  /** The node leading a partition, or -1 when it has no leader. */
  public int leaderOf(String topic, int partition) {
    try (Admin admin = admin()) {
      TopicDescription d =
          admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
      Node leader = d.partitions().get(partition).leader();
      return leader == null || leader.isEmpty() ? -1 : leader.id();
    } catch (Exception e) {
      throw new IllegalStateException("cannot tell the leader of " + topic + "-" + partition, e);
    }
  }

  /**
   * Waits until every partition of every topic, internal ones included, has all its replicas in
   * sync: until then a second node down could leave a partition below {@code min.insync.replicas}.
   */
  public void awaitInSync(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String behind = "";
    try (Admin admin = admin()) {
      while (System.nanoTime() < deadline) {
        try {
          behind = partitionsOutOfSync(admin);
          if (behind.isEmpty()) {
            return;
          }
        } catch (Exception e) {
          behind = e.toString();
        }
        sleep(250);
      }
    }
    throw new IllegalStateException("replicas not in sync within " + timeout + ": " + behind);
  }

  private static String partitionsOutOfSync(Admin admin) throws Exception {
    Set<String> names =
        admin
            .listTopics(new ListTopicsOptions().listInternal(true))
            .names()
            .get(10, TimeUnit.SECONDS);
    List<String> behind = new ArrayList<>();
    for (TopicDescription d :
        admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
      for (TopicPartitionInfo p : d.partitions()) {
        if (p.isr().size() < p.replicas().size() || p.leader() == null || p.leader().isEmpty()) {
          behind.add(d.name() + "-" + p.partition() + " isr " + ids(p.isr()));
        }
      }
    }
    return String.join(", ", behind);
  }

  private static List<Integer> ids(List<Node> nodes) {
    return nodes.stream().map(Node::id).toList();
  }

  /** An admin client of the cluster, for the caller to close. */
  public Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
  }

  @Override
  public synchronized void close() {
    // all at once: stopped one after another, the last ones would wait for a controller quorum
    // that the first ones took with them
    for (NodeProcess node : nodes.values()) {
      if (node.process != null) {
        node.process.destroy();
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    for (NodeProcess node : nodes.values()) {
      if (node.process == null) {
        continue;
      }
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        if (!node.process.waitFor(left, TimeUnit.NANOSECONDS)) {
          log.warn("Kafka node {} did not stop within 20 s; killing it", node.id);
          node.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        node.process.destroyForcibly();
      }
      node.process = null;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killer);
    } catch (IllegalStateException ignored) {
      // the JVM is shutting down already
    }
    try {
      Directories.deleteRecursively(dataDir);
    } catch (IOException e) {
      log.warn("Could not delete the cluster's folder {}: {}", dataDir, e.toString());
    }
  }

  private void killAll() {
    for (NodeProcess node : nodes.values()) {
      Process p = node.process;
      if (p != null) {
        p.destroyForcibly();
      }
    }
  }

  private NodeProcess node(int nodeId) {
    NodeProcess node = nodes.get(nodeId);
    if (node == null) {
      throw new IllegalArgumentException("no node " + nodeId + "; nodes are " + nodes.keySet());
    }
    return node;
  }

  /** Waits until the cluster's metadata lists each of {@code ids} among its live brokers. */
  private void awaitNodes(Set<Integer> ids) {
    long deadline = System.nanoTime() + startTimeout.toNanos();
    Set<Integer> seen = Set.of();
    try (Admin admin = admin()) {
      while (System.nanoTime() < deadline) {
        for (int id : ids) {
          NodeProcess node = nodes.get(id);
          if (!node.process.isAlive()) {
            throw new IllegalStateException(
                "Kafka node " + id + " exited (" + node.process.exitValue() + "):\n" + node.tail());
          }
        }
        try {
          seen =
              admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream()
                  .map(Node::id)
                  .collect(Collectors.toSet());
          if (seen.containsAll(ids)) {
            return;
          }
        } catch (Exception e) {
          // not answering yet
        }
        sleep(200);
      }
    }
    throw new IllegalStateException(
        "Kafka nodes "
            + ids
            + " not registered within "
            + startTimeout
            + " (live: "
            + seen
            + "); last lines of node "
            + ids.iterator().next()
            + ":\n"
            + nodes.get(ids.iterator().next()).tail());
  }

  private String voters() {
    return nodes.values().stream()
        .map(n -> n.id + "@127.0.0.1:" + n.controllerPort)
        .collect(Collectors.joining(","));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Kafka", e);
    }
  }

  /** One node: its ports, folder and process. */
  private final class NodeProcess {
    final int id;
    final int port;
    final int controllerPort;
    final Path dir;
    Process process;

    NodeProcess(int id, int port, int controllerPort) {
      this.id = id;
      this.port = port;
      this.controllerPort = controllerPort;
      this.dir = dataDir.resolve("node-" + id);
    }

    Map<String, String> properties() {
      Map<String, String> p =
          KraftNode.settings(
              id,
              port,
              controllerPort,
              dir.resolve("logs"),
              Math.min(3, nodes.size()),
              Math.min(2, nodes.size()));
      p.put("controller.quorum.voters", voters());
      p.putAll(overrides);
      return p;
    }

    void format() {
      try {
        Files.createDirectories(dir.resolve("tmp"));
        Files.writeString(dir.resolve("log4j2.xml"), logConfig(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot prepare Kafka node folder " + dir, e);
      }
      KraftNode.format(dir, properties(), clusterId);
    }

    String logConfig() {
      return """
          <?xml version="1.0" encoding="UTF-8"?>
          <Configuration status="warn">
            <Appenders>
              <File name="file" fileName="%s" append="true">
                <PatternLayout pattern="%%d{HH:mm:ss.SSS} %%-5level [%%t] %%c{1}: %%msg%%n"/>
              </File>
            </Appenders>
            <Loggers>
              <Logger name="kafka.server.KafkaRaftServer" level="info"/>
              <Logger name="kafka.server.BrokerServer" level="info"/>
              <Logger name="kafka.server.BrokerLifecycleManager" level="info"/>
              <Logger name="kafka.server.ControllerServer" level="info"/>
              <Root level="warn"><AppenderRef ref="file"/></Root>
            </Loggers>
          </Configuration>
          """
          .formatted(dir.resolve("server.log"));
    }

    void launch() {
      if (FreePorts.isTaken(port) || FreePorts.isTaken(controllerPort)) {
        throw new IllegalStateException(
            "cannot start Kafka node "
                + id
                + ": port "
                + port
                + " or "
                + controllerPort
                + " on 127.0.0.1 is taken");
      }
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-Xmx" + heap);
      cmd.add("-XX:+UseSerialGC");
      // C1 only: on shared cores a node's start is mostly compilation
      cmd.add("-XX:TieredStopAtLevel=1");
      try {
        cmd.add(ParentWatchAgent.jvmOption(dir));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the watch agent into " + dir, e);
      }
      cmd.add("-Djava.io.tmpdir=" + dir.resolve("tmp"));
      cmd.add("-Dlog4j2.configurationFile=" + dir.resolve("log4j2.xml"));
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add("kafka.Kafka");
      cmd.add(dir.resolve("server.properties").toString());
      try {
        process =
            new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(
                    ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile()))
                .start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start Kafka node " + id, e);
      }
      log.info("Kafka node {} starting at 127.0.0.1:{} (pid {})", id, port, process.pid());
    }

    String tail() {
      StringBuilder text = new StringBuilder();
      for (String name : List.of("stdout.log", "server.log")) {
        try {
          List<String> lines = Files.readAllLines(dir.resolve(name), StandardCharsets.UTF_8);
          text.append(
                  String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())))
              .append('\n');
        } catch (IOException e) {
          // not written yet
        }
      }
      return text.toString();
    }
  }

  /** Settings of the cluster; all optional. */
  public static final class Builder {
    private int nodes = 3;
    private String heap = "512m";
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private Duration startTimeout = Duration.ofSeconds(90);

    /** How many nodes, each broker and controller: 3 by default, at least 1. */
    public Builder nodes(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("a cluster needs at least one node, got " + count);
      }
      this.nodes = count;
      return this;
    }

    /** Each node's maximum heap, as for {@code -Xmx}: 512m by default. */
    public Builder heap(String heap) {
      this.heap = heap;
      return this;
    }

    /** Any broker setting, applied last on every node. */
    public Builder config(String key, String value) {
      overrides.put(key, value);
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    public KafkaCluster build() {
      try {
        return new KafkaCluster(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a folder for the Kafka cluster", e);
      }
    }
  }
}
