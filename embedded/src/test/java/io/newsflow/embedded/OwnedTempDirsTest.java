package io.newsflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leftover folders of dead processes are removed; those of live ones and unowned ones are not. */
class OwnedTempDirsTest {

  @Test
  void theParentWatchAgentIsOneClassFile() {
    // the agent jar holds ParentWatch.class alone: a nested or anonymous class would be missing
    assertThat(ParentWatch.class.getDeclaredClasses()).isEmpty();
    assertThat(ParentWatch.class.getResource("ParentWatch$1.class")).isNull();
  }

  @Test
  void sweepsOnlyTheFoldersOfProcessesThatAreGone(@TempDir Path tmp) throws Exception {
    Process finished = new ProcessBuilder("true").start();
    finished.waitFor();
    Path dead = Files.createDirectory(tmp.resolve("nf-test-dead"));
    Files.writeString(dead.resolve(".owner"), OwnedTempDirs.ownerLine(finished.toHandle()));
    Files.writeString(dead.resolve("left.so"), "x");
    Path live = Files.createDirectory(tmp.resolve("nf-test-live"));
    Files.writeString(live.resolve(".owner"), OwnedTempDirs.ownerLine(ProcessHandle.current()));
    // this process's pid with another start time: the pid was reused, the owner is gone
    Path reused = Files.createDirectory(tmp.resolve("nf-test-reused"));
    Files.writeString(reused.resolve(".owner"), ProcessHandle.current().pid() + " 12345\n");
    // this process with its start time a second off, as another JVM may read it: still alive
    Path nearly = Files.createDirectory(tmp.resolve("nf-test-nearly"));
    long started = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
    Files.writeString(
        nearly.resolve(".owner"), ProcessHandle.current().pid() + " " + (started - 1_000) + "\n");
    Path unowned = Files.createDirectory(tmp.resolve("nf-test-unowned"));
    Path otherKind = Files.createDirectory(tmp.resolve("other-dead"));
    Files.writeString(otherKind.resolve(".owner"), OwnedTempDirs.ownerLine(finished.toHandle()));

    assertThat(OwnedTempDirs.sweep(tmp, "nf-test-")).isEqualTo(2);

    assertThat(dead).doesNotExist();
    assertThat(reused).doesNotExist();
    assertThat(live).exists();
    assertThat(nearly).exists();
    assertThat(unowned).exists();
    assertThat(otherKind).exists();
  }
}
