package io.newsflow.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporary folders that name the process that made them. A clean stop deletes its own; a process
 * killed before it could leaves them behind, and the next one to make a folder of the same kind
 * deletes those whose owner is gone.
 */
public final class OwnedTempDirs {
  private static final Logger log = LoggerFactory.getLogger(OwnedTempDirs.class);
  private static final String OWNER_FILE = ".owner";

  private OwnedTempDirs() {}

  /**
   * Deletes the leftovers of dead processes with this prefix in the temporary folder, then makes a
   * new folder owned by this process.
   */
  public static Path create(String prefix) throws IOException {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    sweep(tmp, prefix);
    Path dir = Files.createTempDirectory(tmp, prefix);
    Files.writeString(dir.resolve(OWNER_FILE), ownerLine(ProcessHandle.current()));
    return dir;
  }

  /** Deletes the folders {@code <prefix>*} in {@code parent} whose owning process is gone. */
  static int sweep(Path parent, String prefix) {
    int removed = 0;
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, prefix + "*")) {
      for (Path dir : dirs) {
        if (Files.isDirectory(dir) && ownerGone(dir)) {
          try {
            Directories.deleteRecursively(dir);
            removed++;
            log.info("Removed {}, left by a process that is gone", dir);
          } catch (IOException e) {
            log.warn("Could not remove {}, left by a process that is gone: {}", dir, e.toString());
          }
        }
      }
    } catch (IOException e) {
      log.debug("Could not look for leftovers in {}: {}", parent, e.toString());
    }
    return removed;
  }

  /** {@code <pid> <start time in ms>}: a pid alone may be reused by another process. */
  static String ownerLine(ProcessHandle process) {
    return process.pid() + " " + ParentWatch.startMillis(process) + "\n";
  }

  /**
   * True when the folder names an owner and that process no longer runs. A folder without an owner
   * file is left alone (made by an older version, or by someone else).
   */
  static boolean ownerGone(Path dir) {
    Path file = dir.resolve(OWNER_FILE);
    String[] owner;
    try {
      owner = Files.readString(file, StandardCharsets.UTF_8).strip().split(" ");
    } catch (IOException e) {
      return false;
    }
    if (owner.length != 2) {
      return false;
    }
    try {
      return !ParentWatch.alive(Long.parseLong(owner[0]), Long.parseLong(owner[1]));
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
