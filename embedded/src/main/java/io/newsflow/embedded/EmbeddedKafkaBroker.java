package io.newsflow.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in this JVM: one KRaft node acting as broker and controller, listening
 * on 127.0.0.1 only. Its storage is formatted with {@code StorageTool --standalone} and it runs
 * {@link KafkaRaftServer}, the same code as {@code kafka-server-start.sh}. Settings fit one node:
 * internal topics with replication 1, no automatic topic creation.
 *
 * <p>{@link #stop()} and {@link #start()} restart it on the same ports and data (for fault tests);
 * {@link #close()} stops it and deletes its folder when it made the folder itself.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

  private final int port;
  private final int controllerPort;
  private final Path dataDir;
  private final boolean ownsDataDir;
  private final Map<String, String> overrides;
  private final Duration startTimeout;
  private final String clusterId = Uuid.randomUuid().toString();
  private KafkaRaftServer server;
  private boolean formatted;
  private int strandedMarkers;

  private EmbeddedKafkaBroker(Builder b) throws IOException {
    this.port = FreePorts.orPick(b.port);
    this.controllerPort = FreePorts.orPick(b.controllerPort);
    this.ownsDataDir = b.dataDir == null;
    this.dataDir = ownsDataDir ? OwnedTempDirs.create("newsflow-kafka-") : b.dataDir;
    this.overrides = Map.copyOf(b.overrides);
    this.startTimeout = b.startTimeout;
    this.formatted = Files.exists(dataDir.resolve("logs").resolve("meta.properties"));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** How many markers the starts so far wrote for transactions a restart left open. */
  synchronized int strandedMarkers() {
    return strandedMarkers;
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  /** Formats the storage the first time, starts the node and waits until it answers metadata. */
  public synchronized EmbeddedKafkaBroker start() {
    if (server != null) {
      return this;
    }
    if (FreePorts.isTaken(port)) {
      throw new IllegalStateException(
          "cannot start Kafka: port "
              + port
              + " on 127.0.0.1 is taken; choose another port or stop what uses it");
    }
    if (FreePorts.isTaken(controllerPort)) {
      throw new IllegalStateException(
          "cannot start Kafka: its controller port "
              + controllerPort
              + " on 127.0.0.1 is taken"
              + " (with kept data it is the broker port + 1); stop what uses it or choose another broker port");
    }
    Map<String, String> props = properties();
    boolean restart = formatted;
    try {
      if (!formatted) {
        KraftNode.format(dataDir, props, clusterId, "--standalone");
        formatted = true;
      }
      long started = System.nanoTime();
      server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
      server.startup();
      awaitReady();
      if (restart) {
        endStrandedTransactions();
      }
      log.info(
          "Kafka broker ready at {} in {} ms (data in {})",
          bootstrapServers(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
          dataDir);
      return this;
    } catch (RuntimeException e) {
      stopQuietly();
      throw e;
    }
  }

  /** Stops the node, keeping its data, so that {@link #start()} brings it back as it was. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    server.shutdown();
    server.awaitShutdown();
    server = null;
    log.info("Kafka broker at {} stopped", bootstrapServers());
  }

  @Override
  public synchronized void close() {
    stop();
    if (ownsDataDir) {
      try {
        Directories.deleteRecursively(dataDir);
      } catch (IOException e) {
        log.warn("Could not delete Kafka data folder {}: {}", dataDir, e.toString());
      }
    }
  }

  private Map<String, String> properties() {
    Map<String, String> p =
        KraftNode.settings(1, port, controllerPort, dataDir.resolve("logs"), 1, 1);
    p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
    p.putAll(overrides);
    return p;
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + startTimeout.toNanos();
    Map<String, Object> conf =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
    try (Admin admin = Admin.create(conf)) {
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (Exception e) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "Kafka broker at "
                    + bootstrapServers()
                    + " did not answer metadata within "
                    + startTimeout,
                e);
          }
        }
        sleep(100);
      }
    }
  }

  /**
   * After a restart on kept data, ends the transactions the restart left open on partitions whose
   * leader it briefly lost ({@link StrandedTransactions}), before any client reads them.
   */
  private void endStrandedTransactions() {
    Map<String, Object> conf =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            30_000);
    try (Admin admin = Admin.create(conf)) {
      StrandedTransactions.Result result =
          StrandedTransactions.end(admin, "127.0.0.1", port, startTimeout.toMillis());
      strandedMarkers += result.written().size();
      if (!result.written().isEmpty()) {
        log.warn(
            "Ended {} transaction(s) on {} partition(s) that Kafka's restart left open (it skipped"
                + " their markers while the partitions had no leader), as their coordinator had"
                + " decided: {}",
            result.written().stream()
                .map(StrandedTransactions.Marker::transactionalId)
                .distinct()
                .count(),
            result.written().size(),
            result.written().stream()
                .map(m -> (m.commit() ? "commit " : "abort ") + m.open().partition())
                .toList());
      }
      for (String open : result.unresolved()) {
        log.warn(
            "An open transaction that its coordinator will not end: {}; read_committed readers of"
                + " that partition wait at it until it is ended by hand (kafka-transactions.sh"
                + " abort, after checking what its coordinator decided)",
            open);
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      log.error(
          "Could not check for transactions that the restart left open; if a Streams restore or"
              + " an offset fetch stalls, this is a likely cause",
          e);
    }
  }

  private void stopQuietly() {
    try {
      stop();
    } catch (RuntimeException e) {
      log.warn("Error while stopping a broker that failed to start", e);
      server = null;
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Kafka", e);
    }
  }

  /** Settings of the broker; all optional. */
  public static final class Builder {
    private int port;
    private int controllerPort;
    private Path dataDir;
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private Duration startTimeout = Duration.ofSeconds(60);

    /** Client port on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = checkPort(port);
      return this;
    }

    /** Controller port on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder controllerPort(int port) {
      this.controllerPort = checkPort(port);
      return this;
    }

    /**
     * Where logs and metadata live; kept on close. Default: a temporary folder, deleted on close.
     */
    public Builder dataDir(Path dir) {
      this.dataDir = Objects.requireNonNull(dir, "dataDir");
      return this;
    }

    /** Any broker setting, applied last. */
    public Builder config(String key, String value) {
      overrides.put(key, value);
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    public EmbeddedKafkaBroker build() {
      try {
        return new EmbeddedKafkaBroker(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a temporary folder for Kafka", e);
      }
    }

    private static int checkPort(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException(
            "port must be 0 (any free port) or 1-65535, got " + port);
      }
      return port;
    }
  }
}
