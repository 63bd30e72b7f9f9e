package io.newsflow.sink.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ParamsTest {
  private static Params params(Map<String, List<String>> values) {
    return new Params(values, Set.of("limit", "from", "to", "entity"));
  }

  @Test
  void timesAreInstantsWithAnOffsetOrUtcDays() {
    Params p =
        params(
            Map.of(
                "from", List.of("2016-07-15T12:00:00+02:00"),
                "to", List.of("2016-07-15")));
    assertThat(p.time("from", false)).isEqualTo(Instant.parse("2016-07-15T10:00:00Z"));
    assertThat(p.time("to", true))
        .as("a date as an upper bound is the end of that day")
        .isEqualTo(Instant.parse("2016-07-16T00:00:00Z"));
    assertThat(params(Map.of("from", List.of("2016-07-15"))).time("from", false))
        .isEqualTo(Instant.parse("2016-07-15T00:00:00Z"));
    p.check();

    Params bad = params(Map.of("from", List.of("2016-07-15T10:00:00"), "to", List.of("soon")));
    assertThat(bad.time("from", false)).isNull();
    assertThat(bad.time("to", true)).isNull();
    assertThatThrownBy(bad::check)
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.errors()).extracting("parameter").containsExactly("from", "to"));
  }

  @Test
  void limitsAreWholeNumbersInRange() {
    assertThat(params(Map.of()).limit(20, 100)).isEqualTo(20);
    assertThat(params(Map.of("limit", List.of(" 7 "))).limit(20, 100)).isEqualTo(7);
    for (String bad : List.of("0", "101", "-1", "1.5", "ten", "99999999999")) {
      Params p = params(Map.of("limit", List.of(bad)));
      p.limit(20, 100);
      assertThatThrownBy(p::check).as(bad).hasMessageStartingWith("limit: ");
    }
  }

  @Test
  void unknownAndRepeatedParametersAreErrors() {
    Params p = params(Map.of("limt", List.of("5"), "limit", List.of("1", "2")));
    p.limit(20, 100);
    assertThatThrownBy(p::check)
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.errors()).extracting("parameter").containsExactly("limt", "limit");
              assertThat(e.errors().get(0).message()).contains("entity, from, limit, to");
            });
    assertThat(params(Map.of("entity", List.of("Q1", " Q2 ", "Q1", ""))).all("entity"))
        .containsExactly("Q1", "Q2");
  }
}
