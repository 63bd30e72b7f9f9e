package io.newsflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/** Keeps the README's configuration table and command lines true to the code. */
class ReadmeTest {
  private static final Path README = Path.of("..", "README.md");

  @Test
  void everyOptionIsInTheConfigurationTableWithItsDefault() throws Exception {
    String readme = Files.readString(README);
    for (ConfigDef.ConfigKey key : AllOptions.definition().configKeys().values()) {
      assertThat(readme).as("README row of option %s", key.name).contains("| `" + key.name + "` |");
      if (key.defaultValue != null && !key.name.equals("enrich.state.dir")) {
        String shown =
            key.defaultValue instanceof java.util.List<?> list
                ? String.join(",", list.stream().map(Object::toString).toList())
                : key.defaultValue.toString();
        String cell = shown.isEmpty() ? "(none)" : "`" + shown + "`";
        assertThat(readme)
            .as("README default of %s", key.name)
            .contains("| `" + key.name + "` | " + cell + " |");
      }
    }
  }

  @Test
  void theDocumentedCommandsExist() throws Exception {
    String readme = Files.readString(README);
    assertThat(readme).contains("./newsflow local --input samples/").contains("mvn -B verify");
    for (String command : Newsflow.commandLine().getSubcommands().keySet()) {
      assertThat(readme)
          .as("README mentions ./newsflow %s", command)
          .contains("./newsflow " + command);
    }
    assertThat(Path.of("..", "samples")).isDirectory();
    assertThat(Files.readString(Path.of("..", ".ci", "run"))).contains("mvn -B verify");
  }
}
