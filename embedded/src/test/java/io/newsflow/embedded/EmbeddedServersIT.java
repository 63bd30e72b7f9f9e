package io.newsflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The servers start on loopback, restart with their data, and leave nothing behind when closed. */
class EmbeddedServersIT {

  @Test
  void theBrokerRestartsWithItsTopicsAndRemovesItsFolderWhenClosed() throws Exception {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start();
    Path dataDir = broker.dataDir();
    try {
      assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
        admin
            .createTopics(List.of(new NewTopic("kept", 2, (short) 1)))
            .all()
            .get(30, TimeUnit.SECONDS);
      }
      broker.stop();
      assertThat(FreePorts.isTaken(broker.port())).as("port free after stop").isFalse();
      broker.start();
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("kept");
      }
    } finally {
      broker.close();
    }
    assertThat(dataDir).doesNotExist();
    assertThat(FreePorts.isTaken(broker.port())).isFalse();
  }

  @Test
  void aGivenDataFolderIsKept(@TempDir Path dir) throws Exception {
    try (EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.builder().dataDir(dir.resolve("kafka")).build().start()) {
      assertThat(broker.isRunning()).isTrue();
    }
    assertThat(dir.resolve("kafka").resolve("logs").resolve("meta.properties")).exists();
  }

  @Test
  void theRegistryAnswersOnLoopbackAndItsProcessAndFolderAreGoneAfterClose() throws Exception {
    ApicurioRegistryServer registry = ApicurioRegistryServer.builder().build().start();
    long pid = registry.pid();
    Path log = registry.logFile();
    try {
      assertThat(registry.confluentApiUrl())
          .startsWith("http://127.0.0.1:")
          .endsWith("/apis/ccompat/v7");
      assertThat(Files.exists(log)).isTrue();
      assertThat(ProcessHandle.of(pid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
    } finally {
      registry.close();
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(log.getParent()).doesNotExist();
    assertThat(FreePorts.isTaken(registry.port())).isFalse();
  }

  @Test
  void theRegistryStopsByItselfWhenItsOwnerIsKilledAndTheNextStartRemovesItsFolder()
      throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    String home = System.getProperty(ApicurioRegistryServer.HOME_PROPERTY);
    if (home != null) {
      cmd.add("-D" + ApicurioRegistryServer.HOME_PROPERTY + "=" + home);
    }
    cmd.add(RegistryOwner.class.getName());
    Process owner = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8));
      String line;
      do {
        line = out.readLine();
      } while (line != null && !line.startsWith("registry "));
      assertThat(line).as("the owner started a registry").isNotNull();
      String[] parts = line.split(" ");
      ProcessHandle registry = ProcessHandle.of(Long.parseLong(parts[1])).orElseThrow();
      Path folder = Path.of(parts[2]);

      owner.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // kill -9: no shutdown hooks run

      // the registry's agent notices within a second or two, then Quarkus stops
      registry.onExit().get(30, TimeUnit.SECONDS);
      assertThat(registry.isAlive()).isFalse();
      assertThat(folder).exists();
      Directories.deleteRecursively(OwnedTempDirs.create("newsflow-registry-"));
      assertThat(folder).as("swept by the next start").doesNotExist();
    } finally {
      owner.destroyForcibly();
    }
  }

  @Test
  void aTakenPortIsAClearError() throws Exception {
    try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.builder().build().start();
        EmbeddedKafkaBroker second = EmbeddedKafkaBroker.builder().port(first.port()).build()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(second::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("port " + first.port() + " on 127.0.0.1 is taken");
    }
  }
}
