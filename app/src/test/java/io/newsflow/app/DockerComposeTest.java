package io.newsflow.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.newsflow.enrich.EnrichConfig;
import io.newsflow.ingest.IngestConfig;
import io.newsflow.query.QueryConfig;
import io.newsflow.runtime.config.ConfigSources;
import io.newsflow.runtime.config.PipelineConfig;
import io.newsflow.sink.SinkConfig;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Guards {@code docker-compose.yml} (and the {@code Dockerfile} it builds) against drifting away
 * from the code, since no Docker engine runs it here: the expected services exist, the newsflow
 * services build an image whose entry point is {@link Newsflow}, their commands are subcommands
 * that exist and parse, every {@code NEWSFLOW_*} variable they get names a real option of the
 * component it configures, and the Kafka and registry addresses they get point at services of the
 * same file. A renamed option, subcommand or main class fails here instead of in a deployment.
 */
class DockerComposeTest {
  /** The repository root, seen from the module folder that Surefire runs in. */
  private static final Path REPOSITORY = Path.of("..");

  private static final Path COMPOSE_FILE = REPOSITORY.resolve("docker-compose.yml");

  private static final Pattern ENTRYPOINT =
      Pattern.compile("^\\s*ENTRYPOINT\\s+(.*)$", Pattern.CASE_INSENSITIVE);

  private static final String BOOTSTRAP_SERVERS_VAR = envName(PipelineConfig.BOOTSTRAP_SERVERS);
  private static final String SCHEMA_REGISTRY_URL_VAR = envName(PipelineConfig.SCHEMA_REGISTRY_URL);

  private static Map<String, Map<String, Object>> services;

  @BeforeAll
  static void parseComposeFile() throws IOException {
    assertThat(COMPOSE_FILE).as("docker-compose.yml at the repository root").isRegularFile();
    Object document;
    try (Reader reader = Files.newBufferedReader(COMPOSE_FILE, StandardCharsets.UTF_8)) {
      document = new Yaml().load(reader);
    }
    Map<String, Object> root = asMap(document, "the compose file");
    Map<String, Object> serviceMap = asMap(root.get("services"), "services");
    services = new LinkedHashMap<>();
    serviceMap.forEach((name, definition) -> services.put(name, asMap(definition, name)));
  }

  @Test
  void definesTheInfrastructureAndTheNewsflowServices() {
    assertThat(services)
        .containsKeys("kafka", "schema-registry", "postgres", "enrich", "sink", "ingest");
    assertThat(newsflowServices())
        .as("services built from the repository's Dockerfile")
        .contains("enrich", "sink", "ingest");
  }

  @Test
  void builtServicesUseADockerfileWhoseEntrypointIsTheNewsflowMainClass() throws IOException {
    List<String> built = newsflowServices();
    assertThat(built).isNotEmpty();
    for (String name : built) {
      Path dockerfile = dockerfileOf(name);
      assertThat(dockerfile).as("Dockerfile of service %s", name).isRegularFile();
      String entrypoint = lastEntrypoint(dockerfile);
      assertThat(entrypoint)
          .as("ENTRYPOINT of %s (used by service %s)", dockerfile, name)
          .isNotNull()
          .contains(Newsflow.class.getName());
    }
  }

  @Test
  void newsflowCommandsAreSubcommandsOfTheBuildAndParse() {
    Set<String> subcommands = Newsflow.commandLine().getSubcommands().keySet();
    for (String name : newsflowServices()) {
      List<String> command = command(name);
      assertThat(command)
          .as("command of service %s (without one the image only prints --help)", name)
          .isNotEmpty();
      assertThat(subcommands)
          .as("subcommands of newsflow, for the command %s of service %s", command, name)
          .contains(command.get(0));
      assertThatCode(() -> Newsflow.commandLine().parseArgs(command.toArray(String[]::new)))
          .as("newsflow parses the command %s of service %s", command, name)
          .doesNotThrowAnyException();
    }
  }

  @Test
  void newsflowEnvironmentVariablesNameDefinedOptions() {
    Map<String, Set<String>> optionsByCommand =
        Map.of(
            "ingest", IngestConfig.definition().names(),
            "enrich", EnrichConfig.definition().names(),
            "sink", SinkConfig.definition().names(),
            "query", QueryConfig.definition().names());
    Set<String> anyComponent = new TreeSet<>();
    optionsByCommand.values().forEach(anyComponent::addAll);

    for (String name : newsflowServices()) {
      List<String> command = command(name);
      Set<String> known =
          command.isEmpty()
              ? anyComponent
              : optionsByCommand.getOrDefault(command.get(0), anyComponent);
      Map<String, String> newsflowVariables = new LinkedHashMap<>();
      environment(name)
          .forEach(
              (variable, value) -> {
                if (variable.startsWith(ConfigSources.ENV_PREFIX)) {
                  newsflowVariables.put(variable, value);
                }
              });
      assertThat(newsflowVariables).as("NEWSFLOW_* variables of service %s", name).isNotEmpty();
      newsflowVariables.forEach(
          (variable, value) ->
              assertThat(ConfigSources.fromEnvironment(Map.of(variable, value)).keySet())
                  .as(
                      "%s of service %s must name an option of `newsflow %s`",
                      variable, name, command.isEmpty() ? "?" : command.get(0))
                  .hasSize(1)
                  .allSatisfy(option -> assertThat(known).contains(option)));
    }
  }

  @Test
  void kafkaAndRegistryAddressesPointAtServicesOfThisFile() {
    for (String name : newsflowServices()) {
      if (command(name).equals(List.of("query"))) {
        // the query API reads PostgreSQL only
        assertThat(environment(name)).containsKey("NEWSFLOW_QUERY_JDBC_URL");
        continue;
      }
      Map<String, String> env = environment(name);
      assertThat(env)
          .as("service %s must be told where Kafka and the registry are", name)
          .containsKeys(BOOTSTRAP_SERVERS_VAR, SCHEMA_REGISTRY_URL_VAR);

      for (String server : env.get(BOOTSTRAP_SERVERS_VAR).split(",")) {
        String address = server.trim();
        int colon = address.lastIndexOf(':');
        assertThat(colon)
            .as("bootstrap server %s of service %s is host:port", address, name)
            .isPositive();
        String host = address.substring(0, colon);
        assertThat(services)
            .as("bootstrap server %s of service %s names a service", address, name)
            .containsKey(host);
        assertThat(dependsOn(name))
            .as("service %s waits for the broker service %s", name, host)
            .contains(host);
        assertThat(environment(host).get("KAFKA_ADVERTISED_LISTENERS"))
            .as("advertised listeners of %s, used by service %s", host, name)
            .isNotNull()
            .contains("//" + address);
      }

      URI registry = URI.create(env.get(SCHEMA_REGISTRY_URL_VAR));
      assertThat(registry.getScheme()).as("registry URL of service %s", name).isIn("http", "https");
      assertThat(services)
          .as("registry host %s of service %s names a service", registry.getHost(), name)
          .containsKey(registry.getHost());
      assertThat(dependsOn(name))
          .as("service %s waits for the registry service %s", name, registry.getHost())
          .contains(registry.getHost());
      String listeners = environment(registry.getHost()).get("SCHEMA_REGISTRY_LISTENERS");
      if (listeners != null) {
        assertThat(listeners)
            .as("the registry listens on the port service %s uses", name)
            .contains(":" + registry.getPort());
      }
    }
  }

  /** Services built from the repository (rather than pulled): the newsflow components. */
  private static List<String> newsflowServices() {
    List<String> names = new ArrayList<>();
    services.forEach(
        (name, definition) -> {
          if (definition.containsKey("build")) {
            names.add(name);
          }
        });
    return names;
  }

  /** The Dockerfile of a service's {@code build}: a context string or a map. */
  private static Path dockerfileOf(String service) {
    Object build = services.get(service).get("build");
    String context;
    String dockerfile = "Dockerfile";
    if (build instanceof Map<?, ?>) {
      Map<String, Object> map = asMap(build, service + ".build");
      context = String.valueOf(map.getOrDefault("context", "."));
      if (map.get("dockerfile") != null) {
        dockerfile = String.valueOf(map.get("dockerfile"));
      }
    } else {
      context = String.valueOf(build);
    }
    return REPOSITORY.resolve(context).resolve(dockerfile).normalize();
  }

  /** The last ENTRYPOINT of a Dockerfile (the one of its final stage), continuations joined. */
  private static String lastEntrypoint(Path dockerfile) throws IOException {
    String joined =
        Files.readString(dockerfile, StandardCharsets.UTF_8).replaceAll("\\\\\\r?\\n", " ");
    String last = null;
    for (String line : joined.split("\\r?\\n")) {
      Matcher matcher = ENTRYPOINT.matcher(line);
      if (matcher.matches()) {
        last = matcher.group(1);
      }
    }
    return last;
  }

  /** The HTTP port option of each newsflow command that runs as a service. */
  private static final Map<String, String> HTTP_PORT_OPTION =
      Map.of(
          "ingest", IngestConfig.HTTP_PORT,
          "enrich", EnrichConfig.HTTP_PORT,
          "sink", SinkConfig.HTTP_PORT,
          "query", QueryConfig.HTTP_PORT);

  @Test
  void prometheusScrapesEveryNewsflowServiceOnItsHttpPortAndGrafanaLoadsTheDashboard()
      throws IOException {
    Object document;
    try (Reader reader =
        Files.newBufferedReader(
            REPOSITORY.resolve("ops/prometheus/prometheus.yml"), StandardCharsets.UTF_8)) {
      document = new Yaml().load(reader);
    }
    Set<String> targets = new TreeSet<>();
    for (Object job : (List<?>) asMap(document, "prometheus.yml").get("scrape_configs")) {
      for (Object config : (List<?>) asMap(job, "scrape config").get("static_configs")) {
        ((List<?>) asMap(config, "static config").get("targets"))
            .forEach(t -> targets.add(String.valueOf(t)));
      }
    }
    for (String name : newsflowServices()) {
      if ("no".equals(String.valueOf(services.get(name).get("restart")))) {
        continue; // a one-shot job, nothing to scrape
      }
      String option = HTTP_PORT_OPTION.get(command(name).get(0));
      assertThat(option).as("HTTP port option of the command of service %s", name).isNotNull();
      Object port =
          AllOptions.definition().configKeys().get(option) != null
              ? AllOptions.definition().configKeys().get(option).defaultValue
              : QueryConfig.definition().configKeys().get(option).defaultValue;
      String portInEnv = environment(name).get(envName(option));
      assertThat(targets)
          .as("Prometheus scrapes service %s", name)
          .contains(name + ":" + (portInEnv != null ? portInEnv : port));
    }
    assertThat(services).containsKeys("prometheus", "grafana");

    Path dashboard = REPOSITORY.resolve("ops/grafana/dashboards/newsflow.json");
    JsonNode json = new ObjectMapper().readTree(dashboard.toFile());
    assertThat(json.path("panels").size()).isGreaterThanOrEqualTo(6);
    String datasources =
        Files.readString(
            REPOSITORY.resolve("ops/grafana/provisioning/datasources/prometheus.yml"),
            StandardCharsets.UTF_8);
    for (JsonNode panel : json.path("panels")) {
      assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
      assertThat(datasources).contains("uid: " + panel.path("datasource").path("uid").asText());
    }
  }

  /** A service's command as words: compose allows a list or a string. */
  private static List<String> command(String service) {
    Object command = services.get(service).get("command");
    if (command == null) {
      return List.of();
    }
    if (command instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    String text = String.valueOf(command).trim();
    return text.isEmpty() ? List.of() : Arrays.asList(text.split("\\s+"));
  }

  /**
   * A service's environment: compose allows a list of {@code K=V} or a map. A value {@code
   * ${VAR:-default}} is read as compose reads it when {@code VAR} is not set: its default.
   */
  private static Map<String, String> environment(String service) {
    Map<String, String> env = new LinkedHashMap<>();
    rawEnvironment(service).forEach((k, v) -> env.put(k, DEFAULTED.matcher(v).replaceAll("$1")));
    return env;
  }

  private static final Pattern DEFAULTED = Pattern.compile("\\$\\{[A-Z0-9_]+:-([^}]*)\\}");

  private static Map<String, String> rawEnvironment(String service) {
    Map<String, String> env = new LinkedHashMap<>();
    Map<String, Object> definition = services.get(service);
    Object environment = definition == null ? null : definition.get("environment");
    if (environment instanceof List<?> list) {
      for (Object entry : list) {
        String text = String.valueOf(entry);
        int eq = text.indexOf('=');
        env.put(eq < 0 ? text : text.substring(0, eq), eq < 0 ? "" : text.substring(eq + 1));
      }
    } else if (environment instanceof Map<?, ?> map) {
      map.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
    }
    return env;
  }

  /** The services a service waits for: compose allows a list or a map. */
  private static Set<String> dependsOn(String service) {
    Object dependsOn = services.get(service).get("depends_on");
    Set<String> names = new TreeSet<>();
    if (dependsOn instanceof List<?> list) {
      list.forEach(n -> names.add(String.valueOf(n)));
    } else if (dependsOn instanceof Map<?, ?> map) {
      map.keySet().forEach(n -> names.add(String.valueOf(n)));
    }
    return names;
  }

  /** {@code schema.registry.url} becomes {@code NEWSFLOW_SCHEMA_REGISTRY_URL}. */
  private static String envName(String option) {
    return ConfigSources.ENV_PREFIX + option.toUpperCase(Locale.ROOT).replace('.', '_');
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value, String what) {
    assertThat(value).as("%s is a mapping", what).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }
}
