package io.newsflow.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apicurio Registry server, run as a child process and bound to 127.0.0.1: version 3 on a
 * Java 21+ runtime, or, where no such runtime exists, version 2.6 on the Java that runs newsflow.
 * Its Confluent-compatible API is at {@link #confluentApiUrl()}. The global compatibility rule is
 * BACKWARD, as Confluent's default, and ids are those of the registry's content, the same for every
 * client.
 *
 * <p>Where the servers come from: the build unpacks Apicurio 3 into {@code
 * embedded/target/apicurio-registry} and 2.6 into {@code embedded/target/apicurio-registry-2};
 * {@code -Dnewsflow.registry.home} / {@code NEWSFLOW_REGISTRY_HOME} name the first, the second is
 * its sibling unless {@code NEWSFLOW_REGISTRY_LEGACY_HOME} says otherwise. Storage is in memory
 * unless a data folder is given (version 3 only). The child is killed if this JVM exits without
 * closing it.
 */
public final class ApicurioRegistryServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApicurioRegistryServer.class);
  public static final String HOME_PROPERTY = "newsflow.registry.home";
  public static final String HOME_ENV = "NEWSFLOW_REGISTRY_HOME";
  public static final String LEGACY_HOME_ENV = "NEWSFLOW_REGISTRY_LEGACY_HOME";
  public static final int MIN_JAVA = 21;

  /** The two server generations, which differ in layout, settings and where health answers. */
  enum Generation {
    V3,
    V2
  }

  private final Path home;
  private final Generation generation;
  private final Path java;
  private final int httpPort;
  private final int managementPort;
  private final Path dataDir;
  private final String heap;
  private final Duration startTimeout;
  private final Path workDir;
  private Process process;
  private Thread killer;

  private ApicurioRegistryServer(Builder b) throws IOException {
    Path v3 = b.home != null ? b.home : defaultHome();
    Path v2 = legacyHome(v3);
    boolean v3Present = Files.isRegularFile(v3.resolve("quarkus-run.jar"));
    Path java21 = b.java != null ? b.java : JavaRuntimes.find(MIN_JAVA).orElse(null);
    if (v3Present && java21 != null && !b.legacy) {
      this.home = v3;
      this.generation = Generation.V3;
      this.java = java21;
    } else if (runnerJar(v2) != null) {
      this.home = v2;
      this.generation = Generation.V2;
      this.java = b.java != null ? b.java : Path.of(System.getProperty("java.home"), "bin", "java");
      if (!b.legacy) {
        log.warn(
            "No Java {}+ runtime for Apicurio Registry 3: running Apicurio 2.6 from {} on Java {}",
            MIN_JAVA,
            v2,
            Runtime.version().feature());
      }
    } else if (!v3Present) {
      throw new IllegalStateException(
          "no Apicurio Registry in "
              + v3
              + " (quarkus-run.jar missing): build the project first (mvn"
              + " -DskipTests package unpacks it into embedded/target/apicurio-registry), or set "
              + HOME_ENV);
    } else {
      throw new IllegalStateException(
          "Apicurio Registry 3 needs Java "
              + MIN_JAVA
              + "+ and none was found, nor Apicurio 2.6 in "
              + v2
              + "; install Java "
              + MIN_JAVA
              + "+ (or name it in NEWSFLOW_REGISTRY_JAVA), or point newsflow at"
              + " an external registry with --schema-registry-url");
    }
    this.httpPort = FreePorts.orPick(b.httpPort);
    this.managementPort = FreePorts.orPick(b.managementPort);
    this.dataDir = b.dataDir;
    this.heap = b.heap;
    this.startTimeout = b.startTimeout;
    this.workDir = OwnedTempDirs.create("newsflow-registry-");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Where the build unpacks the server, unless told otherwise. */
  public static Path defaultHome() {
    String configured = System.getProperty(HOME_PROPERTY, System.getenv(HOME_ENV));
    return Path.of(configured != null ? configured : "embedded/target/apicurio-registry")
        .toAbsolutePath();
  }

  /** Apicurio 2.6 next to Apicurio 3, unless {@value #LEGACY_HOME_ENV} names another folder. */
  static Path legacyHome(Path v3Home) {
    String configured = System.getenv(LEGACY_HOME_ENV);
    return configured != null
        ? Path.of(configured)
        : v3Home.resolveSibling(v3Home.getFileName() + "-2");
  }

  private static Path runnerJar(Path home) {
    if (!Files.isDirectory(home)) {
      return null;
    }
    try (var files = Files.list(home)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith("-runner.jar"))
          .findFirst()
          .orElse(null);
    } catch (IOException e) {
      return null;
    }
  }

  /** Whether this is the Apicurio 2.6 fallback rather than Apicurio 3. */
  public boolean isLegacy() {
    return generation == Generation.V2;
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  /** The Confluent-compatible API, for {@code schema.registry.url}. */
  public String confluentApiUrl() {
    return baseUrl() + "/apis/ccompat/v7";
  }

  public int port() {
    return httpPort;
  }

  public Path logFile() {
    return workDir.resolve("registry.log");
  }

  /** Process id of the server, for memory readings. */
  public long pid() {
    return process.pid();
  }

  /** Starts the process and waits until {@code /health/ready} answers 200. */
  public synchronized ApicurioRegistryServer start() {
    if (process != null) {
      return this;
    }
    for (int p : new int[] {httpPort, managementPort}) {
      requireFreePort(p);
    }
    List<String> cmd = command();
    long started = System.nanoTime();
    launch(cmd);
    try {
      awaitReady();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    log.info(
        "Schema registry ready at {} in {} ms (pid {}, log {})",
        confluentApiUrl(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
        process.pid(),
        logFile());
    return this;
  }

  /** Waits up to 20 s for a taken port to be freed; fails if it is still taken. */
  private static void requireFreePort(int p) {
    if (FreePorts.isTaken(p)) {
      // the registry of a run killed a moment ago stops within seconds of noticing (ParentWatch)
      log.info("Port {} on 127.0.0.1 is taken; waiting up to 20 s for it to be freed", p);
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (FreePorts.isTaken(p) && System.nanoTime() < until) {
        try {
          Thread.sleep(250);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    if (FreePorts.isTaken(p)) {
      throw new IllegalStateException(
          "cannot start the schema registry: port "
              + p
              + " on 127.0.0.1 is taken; choose another port");
    }
  }

  /** The server's command line: JVM options, then those of its generation and its jar. */
  private List<String> command() {
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    cmd.add("-Xmx" + heap);
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    addWorkFolderOptions(cmd);
    cmd.add("-Dquarkus.http.host=127.0.0.1");
    cmd.add("-Dquarkus.http.port=" + httpPort);
    if (generation == Generation.V3) {
      addV3Options(cmd);
    } else {
      addV2Options(cmd);
    }
    return cmd;
  }

  /**
   * Its own temporary files (native libraries it unpacks, Vert.x's cache) go in the work folder,
   * removed with it; and it stops by itself when this process is killed.
   */
  private void addWorkFolderOptions(List<String> cmd) {
    Path tmp = workDir.resolve("tmp");
    try {
      Files.createDirectories(tmp);
      cmd.add(ParentWatchAgent.jvmOption(workDir));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the registry's folder " + workDir, e);
    }
    cmd.add("-Djava.io.tmpdir=" + tmp);
  }

  private void addV3Options(List<String> cmd) {
    cmd.add("-Dquarkus.management.host=127.0.0.1");
    cmd.add("-Dquarkus.management.port=" + managementPort);
    cmd.add("-Dapicurio.rules.global.compatibility=BACKWARD");
    cmd.add("-Dapicurio.ccompat.use-canonical-hash=true");
    if (dataDir != null) {
      cmd.add(
          "-Dapicurio.datasource.url=jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("registry"));
    }
    cmd.add("-jar");
    cmd.add(home.resolve("quarkus-run.jar").toString());
  }

  private void addV2Options(List<String> cmd) {
    cmd.add("-Dregistry.rules.global.compatibility=BACKWARD");
    cmd.add("-Dregistry.ccompat.use-canonical-hash=true");
    if (dataDir != null) {
      log.warn("Apicurio 2.6 keeps schemas in memory only: they will not survive a restart");
    }
    cmd.add("-jar");
    cmd.add(runnerJar(home).toString());
  }

  /** Starts the process, logging to {@link #logFile()}; a shutdown hook kills it with this JVM. */
  private void launch(List<String> cmd) {
    try {
      process =
          new ProcessBuilder(cmd)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(logFile().toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the schema registry with " + java, e);
    }
    Process child = process;
    killer = new Thread(child::destroyForcibly, "registry-killer");
    Runtime.getRuntime().addShutdownHook(killer);
  }

  private void awaitReady() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ready =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + (generation == Generation.V3 ? managementPort : httpPort)
                        + "/health/ready"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + startTimeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the schema registry exited with code "
                + process.exitValue()
                + " while starting; its log ends:\n"
                + logTail());
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the schema registry", e);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the schema registry", e);
      }
    }
    throw new IllegalStateException(
        "the schema registry was not ready within "
            + startTimeout
            + "; its log ends:\n"
            + logTail());
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Stops the process (SIGTERM, then SIGKILL after 20 s) and removes its working folder. */
  @Override
  public synchronized void close() {
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          log.warn("Schema registry did not stop within 20 s; killing it");
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(killer);
      } catch (IllegalStateException ignored) {
        // the JVM is shutting down already
      }
      process = null;
    }
    try {
      Directories.deleteRecursively(workDir);
    } catch (IOException e) {
      log.warn("Could not delete registry folder {}: {}", workDir, e.toString());
    }
  }

  /** Settings of the registry; all optional. */
  public static final class Builder {
    private boolean legacy;
    private Path home;
    private Path java;
    private int httpPort;
    private int managementPort;
    private Path dataDir;
    private String heap = "384m";
    private Duration startTimeout = Duration.ofSeconds(120);

    /** Folder with Apicurio's {@code quarkus-run.jar}; default {@link #defaultHome()}. */
    public Builder home(Path home) {
      this.home = Objects.requireNonNull(home);
      return this;
    }

    /** Run Apicurio 2.6 even where Java 21+ exists (to test the fallback). */
    public Builder legacy() {
      this.legacy = true;
      return this;
    }

    /** The java executable (21+); default: found by {@link JavaRuntimes}. */
    public Builder java(Path java) {
      this.java = Objects.requireNonNull(java);
      return this;
    }

    /** HTTP port on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.httpPort = port;
      return this;
    }

    /** Management (health) port on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder managementPort(int port) {
      this.managementPort = port;
      return this;
    }

    /** Keep schemas in an H2 file database in this folder, across restarts; default: in memory. */
    public Builder dataDir(Path dir) {
      this.dataDir = dir;
      return this;
    }

    /** Maximum heap of the server process, e.g. {@code 384m}. */
    public Builder heap(String heap) {
      if (!heap.matches("\\d+[mMgG]")) {
        throw new IllegalArgumentException("heap must look like 384m or 1g, got '" + heap + "'");
      }
      this.heap = heap;
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    public ApicurioRegistryServer build() {
      try {
        return new ApicurioRegistryServer(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a working folder for the schema registry", e);
      }
    }
  }
}
