package io.newsflow.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

class JdbcOptionsTest {
  private static JdbcOptions read(Map<String, String> values) {
    ConfigDef def = JdbcOptions.define(new ConfigDef(), "x.jdbc", "the store", null);
    return JdbcOptions.of(new AbstractConfig(def, values, false), "x.jdbc");
  }

  @Test
  void aBlankUrlIsNoStoreAndEmptyCredentialsAreTheUrls() {
    JdbcOptions none = read(Map.of("x.jdbc.url", "  "));
    assertThat(none.configured()).isFalse();
    assertThat(none.url()).isNull();
    assertThat(none.user()).isEmpty();
    assertThat(none.password()).isNull();
    assertThat(none.asOptions("y.jdbc")).isEmpty();
  }

  @Test
  void givenOptionsCarryOverToAnotherComponentAndThePasswordIsNeverPrinted() {
    JdbcOptions jdbc =
        read(
            Map.of(
                "x.jdbc.url", " jdbc:postgresql://127.0.0.1:5432/news ",
                "x.jdbc.user", "reader",
                "x.jdbc.password", "s3cret"));
    assertThat(jdbc.url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/news");
    assertThat(jdbc.asOptions("y.jdbc"))
        .containsExactly(
            Map.entry("y.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/news"),
            Map.entry("y.jdbc.user", "reader"),
            Map.entry("y.jdbc.password", "s3cret"));
    assertThat(jdbc.toString()).contains("reader").doesNotContain("s3cret");
  }
}
