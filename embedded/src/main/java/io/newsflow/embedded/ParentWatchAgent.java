package io.newsflow.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Makes a child JVM stop when this process dies, even by SIGKILL: the {@link ParentWatch} agent,
 * written as a one-class jar, and the option that loads it with this process's pid and start time.
 */
public final class ParentWatchAgent {
  private ParentWatchAgent() {}

  /** {@code -javaagent:<dir>/parent-watch.jar=<pid>:<start>}, the jar written into {@code dir}. */
  public static String jvmOption(Path dir) throws IOException {
    ProcessHandle self = ProcessHandle.current();
    return "-javaagent:" + writeJar(dir) + "=" + self.pid() + ":" + ParentWatch.startMillis(self);
  }

  static Path writeJar(Path dir) throws IOException {
    Path jar = dir.resolve("parent-watch.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest
        .getMainAttributes()
        .put(new Attributes.Name("Premain-Class"), ParentWatch.class.getName());
    String entry = ParentWatch.class.getName().replace('.', '/') + ".class";
    try (InputStream in = ParentWatch.class.getResourceAsStream("/" + entry);
        JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      if (in == null) {
        throw new IOException("class file " + entry + " not found");
      }
      out.putNextEntry(new JarEntry(entry));
      in.transferTo(out);
      out.closeEntry();
    }
    return jar;
  }
}
