package io.newsflow.testkit;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Tier 3: Kafka ({@code apache/kafka}) Confluent's schema registry ({@code
 * confluentinc/cp-schema-registry}) and PostgreSQL in containers, for machines with a Docker
 * engine. Images can be changed with {@code -Dnewsflow.it.kafka.image=...} and {@code
 * -Dnewsflow.it.registry.image=...}.
 */
public final class ContainersEnvironment implements PipelineEnvironment, AutoCloseable {
  private static final String KAFKA_ALIAS = "kafka";
  private static final int KAFKA_INTERNAL_PORT = 19092;

  private final Network network;
  private final KafkaContainer kafka;
  private final GenericContainer<?> registry;
  private PostgreSQLContainer<?> postgres;

  private ContainersEnvironment(
      Network network, KafkaContainer kafka, GenericContainer<?> registry) {
    this.network = network;
    this.kafka = kafka;
    this.registry = registry;
  }

  /**
   * PostgreSQL ({@code postgres:16}, or {@code -Dnewsflow.it.postgres.image}), started on first
   * use.
   */
  @Override
  public synchronized String jdbcUrl() {
    if (postgres == null) {
      PostgreSQLContainer<?> started =
          new PostgreSQLContainer<>(
              DockerImageName.parse(System.getProperty("newsflow.it.postgres.image", "postgres:16"))
                  .asCompatibleSubstituteFor("postgres"));
      started.start();
      postgres = started;
    }
    String url = postgres.getJdbcUrl();
    return url
        + (url.contains("?") ? "&" : "?")
        + "user="
        + postgres.getUsername()
        + "&password="
        + postgres.getPassword();
  }

  public static ContainersEnvironment start() {
    Network network = Network.newNetwork();
    KafkaContainer kafka =
        new KafkaContainer(
                DockerImageName.parse(
                    System.getProperty("newsflow.it.kafka.image", "apache/kafka:4.3.1")))
            .withNetwork(network)
            .withNetworkAliases(KAFKA_ALIAS)
            .withListener(KAFKA_ALIAS + ":" + KAFKA_INTERNAL_PORT)
            .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
            .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
            .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");
    kafka.start();
    GenericContainer<?> registry =
        new GenericContainer<>(
                DockerImageName.parse(
                    System.getProperty(
                        "newsflow.it.registry.image", "confluentinc/cp-schema-registry:7.9.0")))
            .withNetwork(network)
            .withExposedPorts(8081)
            .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
            .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
            .withEnv(
                "SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS",
                "PLAINTEXT://" + KAFKA_ALIAS + ":" + KAFKA_INTERNAL_PORT)
            .dependsOn(kafka)
            .waitingFor(Wait.forHttp("/subjects").forStatusCode(200));
    registry.start();
    return new ContainersEnvironment(network, kafka, registry);
  }

  @Override
  public String name() {
    return "containers";
  }

  @Override
  public String bootstrapServers() {
    return kafka.getBootstrapServers();
  }

  @Override
  public String schemaRegistryUrl() {
    return "http://" + registry.getHost() + ":" + registry.getMappedPort(8081);
  }

  @Override
  public void close() {
    synchronized (this) {
      if (postgres != null) {
        postgres.stop();
      }
    }
    registry.stop();
    kafka.stop();
    network.close();
  }
}
