package io.newsflow.sink.query;

import static org.assertj.core.api.Assertions.assertThat;

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
}
