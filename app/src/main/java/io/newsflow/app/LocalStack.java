package io.newsflow.app;

import io.newsflow.app.dashboard.Dashboard;
import io.newsflow.embedded.ApicurioRegistryServer;
import io.newsflow.embedded.Directories;
import io.newsflow.embedded.EmbeddedKafkaBroker;
import io.newsflow.embedded.EmbeddedServers;
import io.newsflow.embedded.OwnedTempDirs;
import io.newsflow.enrich.EnrichConfig;
import io.newsflow.ingest.IngestConfig;
import io.newsflow.query.QueryConfig;
import io.newsflow.query.QueryServer;
import io.newsflow.runtime.config.PipelineConfig;
import io.newsflow.sink.SinkConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-machine default: a real Kafka broker in this process and an Apicurio registry process,
 * both on loopback, with the {@link Pipeline} running against them. Data lives in a temporary
 * folder removed on close, unless a data folder is given (then topics and schemas survive a
 * restart).
 */
public final class LocalStack implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

  private final EmbeddedKafkaBroker broker;
  private final ApicurioRegistryServer registry;
  private final Path dataDir;
  private final boolean ownsDataDir;
  private final Map<String, String> options;
  private final DeliveryTracker tracker;
  private final int dashboardPort;
  private Pipeline pipeline;
  private Dashboard dashboard;

  private LocalStack(Builder b) throws IOException {
    this.ownsDataDir = b.dataDir == null;
    this.dataDir = ownsDataDir ? OwnedTempDirs.create("newsflow-app-") : b.dataDir.toAbsolutePath();
    Files.createDirectories(dataDir);
    // Kept data remembers the controller's address (the KRaft voter set), so it must not move:
    // then it is the broker port + 1. Otherwise any free port will do.
    EmbeddedKafkaBroker.Builder brokerBuilder =
        EmbeddedKafkaBroker.builder()
            .port(b.kafkaPort)
            .controllerPort(b.dataDir != null && b.kafkaPort > 0 ? b.kafkaPort + 1 : 0);
    ApicurioRegistryServer.Builder registryBuilder =
        ApicurioRegistryServer.builder().port(b.registryPort);
    if (!ownsDataDir) {
      brokerBuilder.dataDir(dataDir.resolve("kafka"));
      registryBuilder.dataDir(dataDir.resolve("registry"));
    }
    this.broker = brokerBuilder.build();
    this.registry = registryBuilder.build();
    this.options = new HashMap<>(b.options);
    // the one-machine default listens on loopback only, whatever a config file says
    options.put(IngestConfig.HTTP_HOST, "127.0.0.1");
    options.putIfAbsent(IngestConfig.HTTP_PORT, Integer.toString(b.ingestPort));
    options.put(QueryConfig.HTTP_HOST, "127.0.0.1");
    options.putIfAbsent(QueryConfig.HTTP_PORT, Integer.toString(b.queryPort));
    if (options.getOrDefault(PipelineConfig.INSTANCE_ID, "").isBlank()) {
      options.put(PipelineConfig.INSTANCE_ID, instanceId(dataDir));
    }
    this.tracker = b.tracker;
    this.dashboardPort = b.dashboardPort;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts broker and registry side by side, then the pipeline. */
  public LocalStack start(Duration timeout) {
    try {
      EmbeddedServers.start(broker, registry);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    options.put(PipelineConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
    options.put(PipelineConfig.SCHEMA_REGISTRY_URL, registry.confluentApiUrl());
    options.putIfAbsent(EnrichConfig.STATE_DIR, dataDir.resolve("streams").toString());
    try {
      pipeline = new Pipeline(options, tracker).start(timeout);
      if (dashboardPort >= 0) {
        dashboard =
            Dashboard.start(
                new Dashboard.Settings(
                    pipeline.config(),
                    pipeline.topics(),
                    pipeline.counters(),
                    pipeline.consumerGroups(),
                    "127.0.0.1",
                    dashboardPort,
                    Clock.systemUTC()));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    return this;
  }

  public Pipeline pipeline() {
    return pipeline;
  }

  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  public String schemaRegistryUrl() {
    return registry.confluentApiUrl();
  }

  /** Base URL of the query API, or null when there is no PostgreSQL store. */
  public String queryUrl() {
    QueryServer query = pipeline().query();
    return query == null ? null : "http://127.0.0.1:" + query.port();
  }

  /** The dashboard page, {@code http://127.0.0.1:<port>/}, or null when it is off. */
  public String dashboardUrl() {
    return dashboard == null ? null : dashboard.url();
  }

  /** Where publishers post: {@code http://127.0.0.1:<port>}. */
  public String ingestUrl() {
    return "http://127.0.0.1:" + pipeline.ingest().port();
  }

  public ApicurioRegistryServer registry() {
    return registry;
  }

  /**
   * The name this stack's consumer groups know it by, kept in the data folder: a run restarted on
   * the same folder after a crash is the same member, and takes its partitions back at once.
   */
  static String instanceId(Path dataDir) throws IOException {
    Path file = dataDir.resolve("instance-id");
    if (Files.isRegularFile(file)) {
      String id = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (!id.isEmpty()) {
        return id;
      }
    }
    String id = "local-" + UUID.randomUUID().toString().substring(0, 8);
    Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
    return id;
  }

  public Path dataDir() {
    return dataDir;
  }

  public boolean keepsData() {
    return !ownsDataDir;
  }

  /** The folder of the sink's segments. */
  public Path outputDir() {
    return new SinkConfig(options).outputDir().toAbsolutePath();
  }

  /** Stops the pipeline, then the broker and the registry, and removes temporary data. */
  @Override
  public void close() {
    try {
      if (dashboard != null) {
        dashboard.close();
      }
      if (pipeline != null) {
        pipeline.close();
      }
    } finally {
      try {
        broker.close();
      } finally {
        registry.close();
        if (ownsDataDir) {
          try {
            Directories.deleteRecursively(dataDir);
          } catch (IOException e) {
            log.warn("Could not remove {}: {}", dataDir, e.toString());
          }
        }
      }
    }
  }

  /** Ports, folders and options of the local stack. */
  public static final class Builder {
    private int kafkaPort = 9092;
    private int registryPort = 8081;
    private int ingestPort = 8080;
    private int queryPort = 8082;
    private int dashboardPort = 8088;
    private Path dataDir;
    private final Map<String, String> options = new HashMap<>();
    private DeliveryTracker tracker = new DeliveryTracker();

    /** Broker port on 127.0.0.1 (default 9092); 0 picks a free one. */
    public Builder kafkaPort(int port) {
      this.kafkaPort = port;
      return this;
    }

    /** Registry port on 127.0.0.1 (default 8081); 0 picks a free one. */
    public Builder registryPort(int port) {
      this.registryPort = port;
      return this;
    }

    /** Port of the ingest HTTP API on 127.0.0.1 (default 8080); 0 picks a free one. */
    /** Port of the query API, served when a {@code sink.jdbc.url} is set (0: a free one). */
    public Builder queryPort(int port) {
      this.queryPort = port;
      return this;
    }

    public Builder ingestPort(int port) {
      this.ingestPort = port;
      return this;
    }

    /** Port of the dashboard page on 127.0.0.1 (default 8088); 0 picks a free one, -1: none. */
    public Builder dashboardPort(int port) {
      this.dashboardPort = port;
      return this;
    }

    /** Keep broker and registry data here across runs; default: a temporary folder. */
    public Builder dataDir(Path dir) {
      this.dataDir = dir;
      return this;
    }

    /** Any newsflow option, e.g. sink.output.dir. */
    public Builder option(String name, String value) {
      options.put(name, value);
      return this;
    }

    public Builder options(Map<String, String> values) {
      options.putAll(values);
      return this;
    }

    public Builder tracker(DeliveryTracker tracker) {
      this.tracker = tracker;
      return this;
    }

    public LocalStack build() {
      try {
        return new LocalStack(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the local data folder", e);
      }
    }
  }
}
