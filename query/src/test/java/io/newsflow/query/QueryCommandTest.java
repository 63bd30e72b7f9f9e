package io.newsflow.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class QueryCommandTest {
  private static String failure(String... args) {
    StringWriter err = new StringWriter();
    int status =
        new CommandLine(new QueryCommand())
            .setErr(new PrintWriter(err, true))
            .setExecutionExceptionHandler(
                (e, cli, parsed) -> {
                  cli.getErr().println(e.getMessage());
                  return 1;
                })
            .execute(args);
    assertThat(status).as(err.toString()).isNotZero();
    return err.toString();
  }

  @Test
  void withoutAStoreItSaysWhichOptionToSet() {
    assertThat(failure()).contains("query.jdbc.url").contains("--jdbc-url");
  }

  @Test
  void misspeltOptionsAndBadValuesAreRefused() {
    assertThat(failure("-D", "query.jdbc.ur=jdbc:postgresql://x/y"))
        .contains("unknown option")
        .contains("query.jdbc.ur");
    assertThat(failure("--jdbc-url", "jdbc:mysql://x/y", "--port", "0"))
        .contains("expected a PostgreSQL JDBC URL");
    assertThat(failure("--port", "70000", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/x"))
        .contains("query.http.port");
  }

  @Test
  void aStatementTimeoutBeyondPostgresqlsIsRefusedAtStart() {
    // SET LOCAL statement_timeout would fail (22023) on every request
    assertThatThrownBy(
            () -> new QueryConfig(Map.of(QueryConfig.STATEMENT_TIMEOUT_MS, "2147483648")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(QueryConfig.STATEMENT_TIMEOUT_MS);
    assertThat(
            new QueryConfig(Map.of(QueryConfig.STATEMENT_TIMEOUT_MS, "2147483647"))
                .statementTimeoutMs())
        .isEqualTo(Integer.MAX_VALUE);
  }
}
