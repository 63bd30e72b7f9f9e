package io.newsflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data folder keeps the name its run's consumer groups know it by. */
class LocalStackTest {

  @Test
  void theInstanceIdIsMadeOnceAndKeptInTheDataFolder(@TempDir Path one, @TempDir Path two)
      throws Exception {
    String first = LocalStack.instanceId(one);
    assertThat(first).startsWith("local-").hasSize("local-".length() + 8);
    assertThat(LocalStack.instanceId(one)).isEqualTo(first);
    assertThat(one.resolve("instance-id")).hasContent(first);
    assertThat(LocalStack.instanceId(two)).isNotEqualTo(first);
  }
}
