package io.newsflow.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.newsflow.app.DeliveryTracker;
import io.newsflow.app.Pipeline;
import io.newsflow.embedded.ApicurioRegistryServer;
import io.newsflow.embedded.FreePorts;
import io.newsflow.embedded.KafkaCluster;
import io.newsflow.enrich.EnrichConfig;
import io.newsflow.ingest.IngestConfig;
import io.newsflow.query.QueryConfig;
import io.newsflow.runtime.config.PipelineConfig;
import io.newsflow.sink.SegmentFiles;
import io.newsflow.sink.SinkConfig;
import io.newsflow.testkit.TcpProxy;
import io.newsflow.testkit.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * The pipeline on a replicated cluster, every part real: three Kafka nodes (processes), the schema
 * registry (a process), a PostgreSQL database of the run's own behind a proxy that can go silent;
 * in this JVM the ingest service, an enrich instance and both sinks; in processes of their own,
 * which the suite kills and starts again, a second enrich instance and a second PostgreSQL sink
 * (same application ids and groups, so they share the partitions; static members, named by {@code
 * instance.id}). Topics are replicated to three nodes with two in sync, Kafka Streams' internal
 * topics too.
 */
final class ClusterRig implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

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
  private final TcpProxy databaseProxy;
  private final DeliveryTracker tracker = new DeliveryTracker();
  private final Pipeline pipeline;
  private final Instance ingest2;
  private final Instance enrich2;
  private final Instance sink2;
  private final Path dir;
  private final Map<String, String> options;
  private final List<String> enrichGroups;
  private final List<String> sinkGroups;
  private int ingest2Port;
  // one client each for the suite's frequent checks: a new one every 100 ms costs the brokers and
  // the database more than the pipeline does
  private Admin admin;
  private Connection checks;

  private ClusterRig(Path dir) {
    this.dir = dir;
    KafkaCluster c = null;
    ApicurioRegistryServer r = null;
    TestDatabase d = null;
    TcpProxy proxy = null;
    Pipeline p = null;
    Instance i2 = null;
    Instance e2 = null;
    Instance s2 = null;
    try {
      c = KafkaCluster.builder().heap("384m").build().start();
      r = ApicurioRegistryServer.builder().build().start();
      d = TestDatabase.create();
      // the sinks reach the database through a proxy that can go silent
      URI db = URI.create(d.jdbcUrl().substring("jdbc:".length()));
      proxy = TcpProxy.start(db.getHost(), db.getPort());
      String jdbcUrl =
          d.jdbcUrl().replace(db.getHost() + ":" + db.getPort(), "127.0.0.1:" + proxy.port());
      Map<String, String> common = commonOptions(c, r);
      Map<String, String> sinkOptions = sinkOptions(jdbcUrl);
      this.options = localOptions(common, sinkOptions);
      EnrichConfig enrichConfig = new EnrichConfig(options);
      this.enrichGroups = List.of(enrichConfig.applicationId(), enrichConfig.linksApplicationId());
      this.sinkGroups = List.of(new SinkConfig(options).jdbcGroupId());
      p = new Pipeline(options, tracker).start(Duration.ofMinutes(3));
      i2 = startIngest2(common);
      e2 = startEnrich2(common);
      s2 = startSink2(common, sinkOptions);
      this.ingest2 = i2;
      this.enrich2 = e2;
      this.sink2 = s2;
      this.cluster = c;
      this.registry = r;
      this.database = d;
      this.databaseProxy = proxy;
      this.pipeline = p;
      warmUp(List.of(i2, e2, s2));
    } catch (RuntimeException | IOException | InterruptedException e) {
      closeAll(s2, e2, i2, p, proxy, d, r, c);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
    }
  }

  private static Map<String, String> commonOptions(KafkaCluster c, ApicurioRegistryServer r) {
    Map<String, String> common = new HashMap<>();
    common.put(PipelineConfig.BOOTSTRAP_SERVERS, c.bootstrapServers());
    common.put(PipelineConfig.SCHEMA_REGISTRY_URL, r.confluentApiUrl());
    common.put(PipelineConfig.TOPICS_REPLICATION, "3");
    common.put(PipelineConfig.TOPICS_MIN_INSYNC, "2");
    return common;
  }

  private static Map<String, String> sinkOptions(String jdbcUrl) {
    Map<String, String> sinkOptions = new HashMap<>();
    sinkOptions.put(SinkConfig.POLL_TIMEOUT_MS, "100");
    sinkOptions.put(SinkConfig.JDBC_URL, jdbcUrl);
    // a silent database is given up after 5 s and the batch retried
    sinkOptions.put(SinkConfig.JDBC_STATEMENT_TIMEOUT_MS, "5000");
    return sinkOptions;
  }

  /** The options of the in-process pipeline, the first instance of each stage. */
  private Map<String, String> localOptions(
      Map<String, String> common, Map<String, String> sinkOptions) {
    Map<String, String> o = new HashMap<>(common);
    o.putAll(sinkOptions);
    o.put(PipelineConfig.INSTANCE_ID, "local-1");
    o.put(EnrichConfig.STATE_DIR, dir.resolve("enrich-1").toString());
    o.put(SinkConfig.OUTPUT_DIR, dir.resolve("out").toString());
    o.put("ingest.http.port", "0");
    o.put(QueryConfig.HTTP_PORT, "0");
    return Map.copyOf(o);
  }

  private Instance startIngest2(Map<String, String> common) throws IOException {
    Map<String, String> ingest = new HashMap<>(common);
    ingest.put(IngestConfig.HTTP_PORT, Integer.toString(FreePorts.pick()));
    ingest2Port = Integer.parseInt(ingest.get(IngestConfig.HTTP_PORT));
    return new Instance(
            "ingest-2", "384m", folder("ingest-2"), List.of("ingest", "--serve"), ingest)
        .start();
  }

  private Instance startEnrich2(Map<String, String> common) throws IOException {
    Map<String, String> enrich = new HashMap<>(common);
    enrich.put(EnrichConfig.HTTP_PORT, "-1");
    enrich.put(EnrichConfig.STATE_DIR, dir.resolve("enrich-2").resolve("state").toString());
    return new Instance("enrich-2", "768m", folder("enrich-2"), List.of("enrich"), enrich).start();
  }

  private Instance startSink2(Map<String, String> common, Map<String, String> sinkOptions)
      throws IOException {
    Map<String, String> sink = new HashMap<>(common);
    sink.putAll(sinkOptions);
    sink.put(SinkConfig.HTTP_PORT, "-1");
    sink.put(SinkConfig.JSONL_ENABLED, "false");
    return new Instance("sink-2", "256m", folder("sink-2"), List.of("sink"), sink).start();
  }

  /**
   * Waits until each process works, then restarts it once: a clean stop leaves each process's class
   * archive (see Instance), as a deployment's first stop does with the newsflow script; the
   * restarts the suite times start from it.
   */
  private void warmUp(List<Instance> instances) throws InterruptedException {
    for (Instance instance : instances) {
      awaitWork(instance, Set.of(), Duration.ofMinutes(3));
    }
    for (Instance instance : instances) {
      instance.close();
      instance.start();
    }
    for (Instance instance : instances) {
      awaitWork(instance, Set.of(), Duration.ofMinutes(3));
    }
  }

  private Path folder(String name) throws IOException {
    return Files.createDirectories(dir.resolve(name));
  }

  static ClusterRig start(Path dir) {
    return new ClusterRig(dir);
  }

  /** The second enrich instance, a process of its own. */
  Instance enrich2() {
    return enrich2;
  }

  /** The second PostgreSQL sink instance, a process of its own. */
  Instance sink2() {
    return sink2;
  }

  /** The proxy between the sinks and the database. */
  TcpProxy databaseProxy() {
    return databaseProxy;
  }

  /** Whether an ingest service answers {@code GET /health/ready} with 200 (it can reach Kafka). */
  private static boolean answers(int port) {
    try {
      HttpResponse<Void> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private synchronized Admin admin() {
    if (admin == null) {
      admin = cluster.admin();
    }
    return admin;
  }

  private List<String> groupsOf(Instance instance) {
    return instance == enrich2 ? enrichGroups : sinkGroups;
  }

  /**
   * The instance's members in its groups now, by member id. A killed static member stays in its
   * groups, partitions and all, until its session ends; a restarted one gets a new member id.
   */
  Set<String> memberIds(Instance instance) {
    Set<String> ids = new HashSet<>();
    try {
      for (ConsumerGroupDescription group :
          admin
              .describeConsumerGroups(groupsOf(instance))
              .all()
              .get(10, TimeUnit.SECONDS)
              .values()) {
        group.members().stream()
            .filter(m -> m.groupInstanceId().orElse("").startsWith(instance.name()))
            .forEach(m -> ids.add(m.consumerId()));
      }
    } catch (Exception e) {
      // none known
    }
    return ids;
  }

  /**
   * Whether an instance holds partitions in each of its groups, with members other than {@code
   * old}, and the groups are stable. Its members are known by their {@code group.instance.id},
   * which starts with the instance's name.
   */
  boolean holdsWork(Instance instance, Set<String> old) {
    if (instance == ingest2) {
      return answers(ingest2Port);
    }
    try {
      Map<String, ConsumerGroupDescription> described =
          admin().describeConsumerGroups(groupsOf(instance)).all().get(10, TimeUnit.SECONDS);
      for (ConsumerGroupDescription group : described.values()) {
        boolean holds =
            group.members().stream()
                .anyMatch(
                    m ->
                        m.groupInstanceId().orElse("").startsWith(instance.name())
                            && !old.contains(m.consumerId())
                            && !m.assignment().topicPartitions().isEmpty());
        if (!holds || group.groupState() != GroupState.STABLE) {
          return false;
        }
      }
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /**
   * Waits until the instance holds partitions in each of its groups as members other than {@code
   * old}; how long that took.
   */
  Duration awaitWork(Instance instance, Set<String> old, Duration timeout)
      throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!instance.isAlive()) {
        throw new IllegalStateException(instance.name() + " exited:\n" + instance.tail());
      }
      if (holdsWork(instance, old)) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(instance.name() + " took no partitions within " + timeout);
  }

  KafkaCluster cluster() {
    return cluster;
  }

  /** The two ingest services, as a publisher behind a load balancer sees them. */
  List<String> ingestUrls() {
    return List.of(
        "http://127.0.0.1:" + pipeline.ingest().port(), "http://127.0.0.1:" + ingest2Port);
  }

  /** The second ingest service, a process of its own. */
  Instance ingest2() {
    return ingest2;
  }

  Pipeline pipeline() {
    return pipeline;
  }

  /**
   * Whether every article is in both stores: the JSON Lines sink of this JVM says so, and the
   * PostgreSQL store holds it (either sink instance may have written it there).
   */
  boolean inEveryStore(Collection<String> ids) throws SQLException {
    for (String id : ids) {
      if (tracker.writtenBy("jsonl", id) == 0) {
        return false;
      }
    }
    try {
      Connection c = checks();
      try (PreparedStatement s =
          c.prepareStatement("SELECT count(*) FROM articles WHERE id = ANY(?)")) {
        s.setArray(1, c.createArrayOf("text", ids.toArray()));
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          return rs.getInt(1) == ids.size();
        }
      }
    } catch (SQLException e) {
      // cut with the others (the suite ends every session of the database): open another next time
      closeChecks();
      throw e;
    }
  }

  private synchronized Connection checks() throws SQLException {
    if (checks == null || checks.isClosed()) {
      checks = DriverManager.getConnection(database.jdbcUrl());
    }
    return checks;
  }

  private synchronized void closeChecks() {
    if (checks != null) {
      try {
        checks.close();
      } catch (SQLException ignored) {
        // gone already
      }
      checks = null;
    }
  }

  /** The node that leads the most partitions of the raw and enriched topics. */
  int leaderOfArticles() {
    List<String> topics =
        List.of(pipeline.topics().raw().name(), pipeline.topics().enriched().name());
    Map<Integer, Integer> led = new HashMap<>();
    try {
      for (TopicDescription d :
          admin().describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
        for (TopicPartitionInfo p : d.partitions()) {
          if (p.leader() != null && !p.leader().isEmpty()) {
            led.merge(p.leader().id(), 1, Integer::sum);
          }
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot tell the leaders of " + topics, e);
    }
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
    closeChecks();
    closeAll(admin, sink2, enrich2, ingest2, pipeline, databaseProxy, database, registry, cluster);
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
