package io.newsflow.faults;

import io.newsflow.app.Newsflow;
import io.newsflow.embedded.ApicurioRegistryServer;
import io.newsflow.embedded.ParentWatchAgent;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code newsflow} command ({@code enrich}, {@code sink}) in a JVM of its own, so that the suite
 * can kill it with SIGKILL and start it again, as an orchestrator restarts a crashed pod. Its
 * output goes to {@code <dir>/<name>.log}; it stops by itself when the suite's JVM dies. Its first
 * clean stop leaves an archive of its classes, {@code <dir>/<name>.jsa}, that later starts use.
 */
final class Instance implements AutoCloseable {
  private final String name;
  private final List<String> command;
  private final Path dir;
  private final boolean archived;
  private Process process;

  /**
   * @param name the instance's {@code instance.id}, which the command gets with the options
   * @param args the command and its flags
   * @param options newsflow options, passed as {@code -D option=value}
   */
  Instance(String name, String heap, Path dir, List<String> args, Map<String, String> options) {
    this.name = name;
    this.dir = dir;
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heap);
    // seven JVMs and three Kafka nodes share two cores here, standing for machines of their own:
    // C2 recompiling the services' code for minutes at this low rate took most of their CPU and
    // starved the restarts the suite times, so the suite's processes compile with C1 only (as its
    // Kafka nodes do) and collect with the serial collector
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-XX:+UseSerialGC");
    try {
      Files.createDirectories(dir.resolve("tmp"));
      cmd.add(ParentWatchAgent.jvmOption(dir));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + dir, e);
    }
    cmd.add("-Djava.io.tmpdir=" + dir.resolve("tmp"));
    String home = System.getProperty(ApicurioRegistryServer.HOME_PROPERTY);
    if (home != null) {
      cmd.add("-D" + ApicurioRegistryServer.HOME_PROPERTY + "=" + home);
    }
    // the application's jars, as the newsflow script runs them; a class archive takes jars only
    String jars = applicationJars();
    this.archived = jars != null;
    cmd.add("-cp");
    cmd.add(jars != null ? jars : System.getProperty("java.class.path"));
    cmd.add(Newsflow.class.getName());
    cmd.addAll(args);
    options.forEach(
        (k, v) -> {
          cmd.add("-D");
          cmd.add(k + "=" + v);
        });
    cmd.add("-D");
    cmd.add("instance.id=" + name);
    this.command = List.copyOf(cmd);
  }

  /**
   * {@code app/target/newsflow.jar} and its {@code lib/} folder, as the build leaves them in this
   * checkout (the folder {@code newsflow.home} names, else looked for from the working folder up);
   * null if it did not.
   */
  private static String applicationJars() {
    String home = System.getProperty("newsflow.home");
    Path from = home == null ? Path.of("").toAbsolutePath() : Path.of(home).toAbsolutePath();
    for (Path at = from; at != null; at = at.getParent()) {
      Path target = at.resolve("app").resolve("target");
      Path jar = target.resolve("newsflow.jar");
      Path lib = target.resolve("lib");
      if (Files.isRegularFile(jar) && Files.isDirectory(lib)) {
        return jar + File.pathSeparator + lib.resolve("*");
      }
    }
    return null;
  }

  String name() {
    return name;
  }

  synchronized Instance start() {
    if (process != null && process.isAlive()) {
      return this;
    }
    try {
      // its classes are archived at its first clean stop and loaded from the archive after that,
      // as the newsflow script does (class data sharing: a restart spends less on loading them)
      Path archive = dir.resolve(name + ".jsa");
      List<String> cmd = new ArrayList<>(command);
      // the parent-watch agent loads no classes of the pipeline's, so archiving beside it is safe;
      // an archive made so is mapped only with the same flag (without it the JVM silently ignores
      // the archive) and makes the JVM print a warning that it is for testing
      if (archived) {
        cmd.addAll(
            1,
            List.of(
                Files.exists(archive)
                    ? "-XX:SharedArchiveFile=" + archive
                    : "-XX:ArchiveClassesAtExit=" + archive,
                "-Xlog:cds*=off",
                "-XX:+UnlockDiagnosticVMOptions",
                "-XX:+AllowArchivingWithJavaAgent"));
      }
      ProcessBuilder builder = new ProcessBuilder(cmd);
      // newsflow's own progress (joins, state rebuilt, batches retried) at info
      builder.environment().put("NEWSFLOW_LOG_LEVEL", "INFO");
      process =
          builder
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
    return this;
  }

  /** The last lines of its output. */
  String tail() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve(name + ".log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** SIGKILL: no shutdown hook runs, nothing is committed or handed over. */
  synchronized void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      process = null;
    }
  }

  /** SIGTERM: the clean stop (finish the batch, commit, leave the group). */
  @Override
  public synchronized void close() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    process = null;
  }
}
