package io.newsflow.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.tools.StorageTool;

/**
 * What the embedded broker and the cluster's nodes share: the settings of a KRaft node that is
 * broker and controller on loopback, and formatting its storage.
 */
final class KraftNode {
  private KraftNode() {}

  /**
   * A node's settings: listeners on 127.0.0.1, internal topics with {@code replicas} copies and
   * {@code inSync} of them in sync (also for topics created without those settings), no automatic
   * topic creation. The quorum (voters or bootstrap servers) is the caller's to add.
   */
  static Map<String, String> settings(
      int nodeId, int port, int controllerPort, Path logDir, int replicas, int inSync) {
    String r = Integer.toString(replicas);
    String isr = Integer.toString(inSync);
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(nodeId));
    p.put(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("log.dirs", logDir.toString());
    p.put("default.replication.factor", r);
    p.put("min.insync.replicas", isr);
    p.put("offsets.topic.replication.factor", r);
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", r);
    p.put("transaction.state.log.min.isr", isr);
    p.put("transaction.state.log.num.partitions", "4");
    p.put("share.coordinator.state.topic.replication.factor", r);
    p.put("share.coordinator.state.topic.min.isr", isr);
    p.put("auto.create.topics.enable", "false");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("broker.heartbeat.interval.ms", "500");
    // the controller gives up on a crashed node's registration after this: 9 s by default, which
    // held up a restarted node (a third of a restarted local run's start) and, in a cluster, the
    // move of a killed node's partitions. Not lower: a node starved of CPU for longer would be
    // fenced, and every partition with it
    p.put("broker.session.timeout.ms", "4000");
    p.put("num.partitions", "1");
    return p;
  }

  /**
   * Writes {@code settings} to {@code <dir>/server.properties} and formats the node's storage with
   * {@code kafka-storage format}, plus {@code options} (e.g. {@code --standalone}).
   *
   * @return the properties file, for the node to start from
   */
  static Path format(Path dir, Map<String, String> settings, String clusterId, String... options) {
    try {
      Files.createDirectories(dir);
      Path config = dir.resolve("server.properties");
      Properties file = new Properties();
      file.putAll(settings);
      try (Writer w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
        file.store(w, "written by newsflow");
      }
      List<String> args =
          new ArrayList<>(List.of("format", "-t", clusterId, "-c", config.toString()));
      args.addAll(List.of(options));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int rc;
      try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
        rc = StorageTool.execute(args.toArray(String[]::new), print);
      }
      if (rc != 0) {
        throw new IllegalStateException(
            "formatting Kafka storage in "
                + dir
                + " failed ("
                + rc
                + "): "
                + out.toString(StandardCharsets.UTF_8).trim());
      }
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare Kafka data folder " + dir, e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("formatting Kafka storage in " + dir + " failed", e);
    }
  }
}
