package io.newsflow.embedded;

import java.time.Instant;
import java.util.Optional;

/**
 * A Java agent for the schema registry's process: it ends the process once the newsflow process
 * that started it is gone. A killed {@code newsflow local} cannot stop its registry, which would
 * otherwise keep running and hold its ports, so that the next start fails. Self-contained (no other
 * classes of ours), because it is copied alone into the agent jar.
 */
public final class ParentWatch {
  private ParentWatch() {}

  /** {@code args}: the parent's pid and its start time in milliseconds (0 if unknown). */
  public static void premain(String args) {
    String[] parts = args == null ? new String[0] : args.strip().split(":");
    if (parts.length != 2) {
      return;
    }
    long pid = Long.parseLong(parts[0]);
    long started = Long.parseLong(parts[1]);
    Thread watch =
        new Thread(
            () -> {
              while (alive(pid, started)) {
                try {
                  Thread.sleep(1_000);
                } catch (InterruptedException e) {
                  return;
                }
              }
              Thread halt =
                  new Thread(
                      () -> {
                        try {
                          Thread.sleep(15_000);
                        } catch (InterruptedException e) {
                          return;
                        }
                        Runtime.getRuntime().halt(1);
                      },
                      "newsflow-parent-watch-halt");
              halt.setDaemon(true);
              halt.start();
              System.err.println("newsflow: the process that started this one is gone; stopping");
              System.exit(0);
            },
            "newsflow-parent-watch");
    watch.setDaemon(true);
    watch.start();
  }

  /** The process's start time in milliseconds, 0 when the system does not say. */
  static long startMillis(ProcessHandle process) {
    return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
  }

  /**
   * Whether the process {@code pid} that started at {@code started} (0: unknown) still runs. Also
   * used by {@link OwnedTempDirs} for the owners of temporary folders.
   */
  static boolean alive(long pid, long started) {
    Optional<ProcessHandle> parent = ProcessHandle.of(pid);
    if (parent.isEmpty() || !parent.get().isAlive()) {
      return false;
    }
    if (started == 0) {
      return true;
    }
    // the same pid started at another time is another process; start times of one process
    // read by two JVMs may differ by up to a second, hence the margin
    long now = startMillis(parent.get());
    return now == 0 || Math.abs(now - started) <= 2_000;
  }
}
