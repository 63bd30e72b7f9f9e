package io.newsflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsflow.query.QueryConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

/** Keeps the option table of docs/configuration.md and the README's commands true to the code. */
class ReadmeTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Path CONFIGURATION = Path.of("..", "docs", "configuration.md");

  /** The options of {@code newsflow local} and those of the commands it does not run. */
  private static List<ConfigDef.ConfigKey> options() {
    List<ConfigDef.ConfigKey> keys = new ArrayList<>(AllOptions.definition().configKeys().values());
    keys.addAll(QueryConfig.definition().configKeys().values());
    return keys;
  }

  @Test
  void everyOptionIsInTheConfigurationTableWithItsDefault() throws Exception {
    String table = Files.readString(CONFIGURATION);
    for (ConfigDef.ConfigKey key : options()) {
      assertThat(table)
          .as("docs/configuration.md row of option %s", key.name)
          .contains("| `" + key.name + "` |");
      if (key.defaultValue != null && !key.name.equals("enrich.state.dir")) {
        String shown =
            key.defaultValue instanceof java.util.List<?> list
                ? String.join(",", list.stream().map(Object::toString).toList())
                : key.defaultValue instanceof Password password
                    ? password.value()
                    : key.defaultValue.toString();
        String cell = shown.isEmpty() ? "(none)" : "`" + shown + "`";
        assertThat(table)
            .as("docs/configuration.md default of %s", key.name)
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
