package io.newsflow.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class QueryServerTest {
  private static final String DB = "jdbc:postgresql://127.0.0.1:5432/newsflow";

  @Test
  void theSocketTimeoutIsTheStatementTimeoutInWholeSecondsAndFiveMore() {
    assertThat(QueryServer.withSocketTimeout(DB, 5_000)).isEqualTo(DB + "?socketTimeout=10");
    assertThat(QueryServer.withSocketTimeout(DB, 5_001)).isEqualTo(DB + "?socketTimeout=11");
    assertThat(QueryServer.withSocketTimeout(DB, 1)).isEqualTo(DB + "?socketTimeout=6");
    assertThat(QueryServer.withSocketTimeout(DB, 300)).isEqualTo(DB + "?socketTimeout=6");
    assertThat(QueryServer.withSocketTimeout(DB, 0))
        .as("statements without a timeout")
        .isEqualTo(DB + "?socketTimeout=60");
    assertThat(QueryServer.withSocketTimeout(DB, Integer.MAX_VALUE))
        .as("pgjdbc holds it in milliseconds in an int")
        .isEqualTo(DB + "?socketTimeout=2147483");
  }

  @Test
  void itJoinsTheUrlsParametersUnlessTheUrlSetsOneAlready() {
    assertThat(QueryServer.withSocketTimeout(DB + "?user=postgres", 5_000))
        .isEqualTo(DB + "?user=postgres&socketTimeout=10");
    assertThat(QueryServer.withSocketTimeout(DB + "?user=postgres&ssl=false", 2_000))
        .isEqualTo(DB + "?user=postgres&ssl=false&socketTimeout=7");
    assertThat(QueryServer.withSocketTimeout(DB + "?", 5_000)).isEqualTo(DB + "?socketTimeout=10");
    assertThat(QueryServer.withSocketTimeout(DB + "?user=postgres&", 5_000))
        .isEqualTo(DB + "?user=postgres&socketTimeout=10");

    for (String given :
        new String[] {
          DB + "?socketTimeout=3",
          DB + "?user=postgres&socketTimeout=0",
          DB + "?socketTimeout=30&user=postgres"
        }) {
      assertThat(QueryServer.withSocketTimeout(given, 5_000)).as(given).isEqualTo(given);
    }
    assertThat(QueryServer.withSocketTimeout(DB + "?mysocketTimeout=1", 5_000))
        .as("only the parameter itself counts")
        .isEqualTo(DB + "?mysocketTimeout=1&socketTimeout=10");
  }

  @Test
  void aMissingDatabaseIsNamedWithTheCreatedbThatMakesIt() {
    assertThat(QueryServer.createdb(DB + "?user=postgres", ""))
        .isEqualTo("createdb -h 127.0.0.1 -p 5432 -U postgres newsflow");
    assertThat(QueryServer.createdb("jdbc:postgresql://db.internal/store", "reader"))
        .isEqualTo("createdb -h db.internal -U reader store");
    assertThat(QueryServer.createdb(DB + "?user=postgres", "ignored"))
        .as("pgjdbc takes the URL's user")
        .isEqualTo("createdb -h 127.0.0.1 -p 5432 -U postgres newsflow");
    assertThat(QueryServer.createdb("jdbc:postgresql://h1:5432,h2:5432/store", null))
        .as("several hosts: no host named")
        .endsWith(" store")
        .doesNotContain("-h h1");

    SQLException missing = new SQLException("FATAL: database \"store\" does not exist", "3D000");
    String told =
        QueryServer.refusal(
            new IllegalStateException("cannot migrate", new RuntimeException(missing)),
            "jdbc:postgresql://127.0.0.1:5432/store?user=postgres",
            null);
    assertThat(told)
        .startsWith("no such database: ")
        .contains("database \"store\" does not exist")
        .contains("createdb -h 127.0.0.1 -p 5432 -U postgres store")
        .doesNotContain("migrate");
    assertThat(QueryServer.refusal(new SQLException("no", "28P01"), DB, null))
        .startsWith("the database refused the login: ")
        .contains("query.jdbc.user")
        .contains("query.jdbc.password");
    assertThat(QueryServer.refusal(new SQLException("gone", "08006"), DB, null)).isNull();
  }
}
