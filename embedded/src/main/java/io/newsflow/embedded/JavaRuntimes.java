package io.newsflow.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Finds a Java runtime of at least a given version for a child process (the registry server needs
 * Java 21+ while newsflow itself runs on 17). Looks, in order, at {@code NEWSFLOW_REGISTRY_JAVA} (a
 * java executable or a JDK folder), {@code JAVA_HOME}, the running JVM, then the JDKs installed
 * under {@code /usr/lib/jvm}, {@code /opt/java} and {@code /Library/Java/JavaVirtualMachines}.
 */
public final class JavaRuntimes {
  private static final List<Path> INSTALL_ROOTS =
      List.of(
          Path.of("/usr/lib/jvm"),
          Path.of("/opt/java"),
          Path.of("/Library/Java/JavaVirtualMachines"));

  private JavaRuntimes() {}

  /** The java executable of a runtime with major version at least {@code minMajor}. */
  public static Optional<Path> find(int minMajor) {
    String explicit = System.getenv("NEWSFLOW_REGISTRY_JAVA");
    if (explicit != null && !explicit.isBlank()) {
      return Optional.of(named(Path.of(explicit), minMajor));
    }
    List<Path> candidates = new ArrayList<>();
    String javaHome = System.getenv("JAVA_HOME");
    if (javaHome != null && !javaHome.isBlank()) {
      candidates.add(Path.of(javaHome));
    }
    candidates.add(Path.of(System.getProperty("java.home")));
    List<Path> installed = new ArrayList<>();
    for (Path root : INSTALL_ROOTS) {
      if (Files.isDirectory(root)) {
        try (Stream<Path> dirs = Files.list(root)) {
          dirs.forEach(
              d ->
                  installed.add(
                      Files.isDirectory(d.resolve("Contents/Home"))
                          ? d.resolve("Contents/Home")
                          : d));
        } catch (IOException ignored) {
          // an unreadable folder holds no runtime we can use
        }
      }
    }
    installed.sort(Comparator.comparingInt(JavaRuntimes::majorVersion).reversed());
    candidates.addAll(installed);
    for (Path candidate : candidates) {
      Path home = Files.isRegularFile(candidate) ? candidate.getParent().getParent() : candidate;
      Path java = home.resolve("bin").resolve("java");
      if (Files.isExecutable(java) && majorVersion(home) >= minMajor) {
        return Optional.of(java);
      }
    }
    return Optional.empty();
  }

  /**
   * The runtime a user named: used as given, or refused with the reason, never skipped silently.
   */
  private static Path named(Path given, int minMajor) {
    Path real;
    try {
      real = given.toRealPath();
    } catch (IOException e) {
      throw new IllegalStateException("NEWSFLOW_REGISTRY_JAVA=" + given + " does not exist");
    }
    Path home = Files.isRegularFile(real) ? real.getParent().getParent() : real;
    Path java = home.resolve("bin").resolve("java");
    if (!Files.isExecutable(java)) {
      throw new IllegalStateException(
          "NEWSFLOW_REGISTRY_JAVA="
              + given
              + " is neither a java executable nor a Java home folder");
    }
    int major = majorVersion(home);
    if (major != 0 && major < minMajor) {
      throw new IllegalStateException(
          "NEWSFLOW_REGISTRY_JAVA="
              + given
              + " is Java "
              + major
              + "; the schema registry needs "
              + minMajor
              + "+");
    }
    return java;
  }

  /** Major version from a JDK's {@code release} file, 0 when unknown. */
  static int majorVersion(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release)) {
      return home.equals(Path.of(System.getProperty("java.home")))
          ? Runtime.version().feature()
          : 0;
    }
    Properties p = new Properties();
    try (var in = Files.newInputStream(release)) {
      p.load(in);
    } catch (IOException e) {
      return 0;
    }
    String v = p.getProperty("JAVA_VERSION", "\"0\"").replace("\"", "");
    if (v.startsWith("1.")) {
      v = v.substring(2);
    }
    try {
      return Integer.parseInt(v.split("[.+-]")[0]);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
