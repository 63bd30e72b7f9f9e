package io.newsflow.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.newsflow.embedded.ApicurioRegistryServer;
import io.newsflow.embedded.KafkaCluster;
import io.newsflow.enrich.EnrichConfig;
import io.newsflow.enrich.EnrichService;
import io.newsflow.local.DeliveryTracker;
import io.newsflow.local.Pipeline;
import io.newsflow.schemas.config.PipelineConfig;
import io.newsflow.sink.SegmentFiles;
import io.newsflow.sink.SinkConfig;
import io.newsflow.sink.query.QueryConfig;
import io.newsflow.testkit.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pipeline on a replicated cluster, every part real: three Kafka nodes (processes), the schema
 * registry (a process), a PostgreSQL database of the run's own, and in this JVM the ingest service,
 * two enrich instances (one application id, so they share the partitions) and both sinks. Topics
 * are replicated to three nodes with two in sync, Kafka Streams' internal topics too.
 */
final class ClusterRig implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What one store holds: how often each id and each title appears. */
  record StoreContent(Map<String, Integer> byId, Map<String, Integer> byTitle) {
    long duplicates() {
      long ids = byId.values().stream().filter(n -> n > 1).count();
      long titles = byTitle.values().stream().filter(n -> n > 1).count();
      return Math.max(ids, titles);
    }
  }

  private final KafkaCluster cluster;
  private final ApicurioRegistryServer registry;
  private final TestDatabase database;
  private final DeliveryTracker tracker = new DeliveryTracker();
  private final Pipeline pipeline;
  private final EnrichService secondEnrich;
  private final Path dir;
  private final Map<String, String> options;

  private ClusterRig(Path dir) {
    this.dir = dir;
    KafkaCluster c = null;
    ApicurioRegistryServer r = null;
    TestDatabase d = null;
    Pipeline p = null;
    try {
      c = KafkaCluster.builder().heap("384m").build().start();
      r = ApicurioRegistryServer.builder().build().start();
      d = TestDatabase.create();
      Map<String, String> o = new HashMap<>();
      o.put(PipelineConfig.BOOTSTRAP_SERVERS, c.bootstrapServers());
      o.put(PipelineConfig.SCHEMA_REGISTRY_URL, r.confluentApiUrl());
      o.put(PipelineConfig.TOPICS_REPLICATION, "3");
      o.put(PipelineConfig.TOPICS_MIN_INSYNC, "2");
      o.put(EnrichConfig.STATE_DIR, dir.resolve("enrich-1").toString());
      o.put(SinkConfig.OUTPUT_DIR, dir.resolve("out").toString());
      o.put(SinkConfig.POLL_TIMEOUT_MS, "100");
      o.put(SinkConfig.JDBC_URL, d.jdbcUrl());
      o.put("ingest.http.port", "0");
      o.put(QueryConfig.HTTP_PORT, "0");
      this.options = Map.copyOf(o);
      p = new Pipeline(options, tracker).start(Duration.ofMinutes(3));
      Map<String, String> second = new HashMap<>(options);
      second.put(EnrichConfig.STATE_DIR, dir.resolve("enrich-2").toString());
      this.secondEnrich = new EnrichService(new EnrichConfig(second)).start(Duration.ofMinutes(3));
    } catch (RuntimeException e) {
      closeAll(p, d, r, c);
      throw e;
    }
    this.cluster = c;
    this.registry = r;
    this.database = d;
    this.pipeline = p;
  }

  static ClusterRig start(Path dir) {
    return new ClusterRig(dir);
  }

  KafkaCluster cluster() {
    return cluster;
  }

  String ingestUrl() {
    return "http://127.0.0.1:" + pipeline.ingest().port();
  }

  Pipeline pipeline() {
    return pipeline;
  }

  /** Whether every sink has written the article. */
  boolean writtenEverywhere(String id) {
    return tracker.tally(List.of(id)).written() > 0;
  }

  /** The node that leads the most partitions of the raw and enriched topics. */
  int leaderOfArticles() {
    Map<Integer, Integer> led = new HashMap<>();
    for (String topic :
        List.of(pipeline.topics().raw().name(), pipeline.topics().enriched().name())) {
      int partitions = pipeline.config().topicPartitions();
      for (int p = 0; p < partitions; p++) {
        led.merge(cluster.leaderOf(topic, p), 1, Integer::sum);
      }
    }
    led.remove(-1);
    return led.entrySet().stream()
        .max(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey)
        .orElse(cluster.nodeIds().iterator().next());
  }

  /** Ends every PostgreSQL session of the run's database but the caller's, as a failover does. */
  int cutDatabaseSessions() throws SQLException {
    try (Connection c = DriverManager.getConnection(database.jdbcUrl());
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** The articles in the JSON Lines segments. */
  StoreContent jsonLines() throws IOException {
    Map<String, Integer> byId = new HashMap<>();
    Map<String, Integer> byTitle = new HashMap<>();
    SegmentFiles files =
        new SegmentFiles(
            dir.resolve("out"),
            (String) SinkConfig.definition().defaultValues().get(SinkConfig.FILE_NAME));
    for (Path segment : files.list()) {
      for (String line : Files.readAllLines(segment, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          var json = JSON.readTree(line);
          byId.merge(json.get("id").asText(), 1, Integer::sum);
          byTitle.merge(json.get("title").asText(), 1, Integer::sum);
        }
      }
    }
    return new StoreContent(byId, byTitle);
  }

  /** The articles in the PostgreSQL store. */
  StoreContent postgres() throws SQLException {
    Map<String, Integer> byId = new HashMap<>();
    Map<String, Integer> byTitle = new HashMap<>();
    try (Connection c = DriverManager.getConnection(database.jdbcUrl());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, title FROM articles")) {
      while (rs.next()) {
        byId.merge(rs.getString(1), 1, Integer::sum);
        byTitle.merge(rs.getString(2), 1, Integer::sum);
      }
    }
    return new StoreContent(byId, byTitle);
  }

  /** DUPLICATE links in the store, as {@code from|to}. */
  Set<String> duplicateLinks() throws SQLException {
    Set<String> links = new HashSet<>();
    try (Connection c = DriverManager.getConnection(database.jdbcUrl());
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT from_id, to_id FROM links WHERE type = 'DUPLICATE'")) {
      while (rs.next()) {
        links.add(rs.getString(1) + "|" + rs.getString(2));
      }
    }
    return links;
  }

  long deadLetters() {
    return pipeline.deadLetterCount();
  }

  @Override
  public void close() {
    if (secondEnrich != null) {
      secondEnrich.close();
    }
    closeAll(pipeline, database, registry, cluster);
  }

  private static void closeAll(AutoCloseable... parts) {
    for (AutoCloseable part : parts) {
      if (part != null) {
        try {
          part.close();
        } catch (Exception e) {
          System.err.println("could not close " + part + ": " + e);
        }
      }
    }
  }
}
