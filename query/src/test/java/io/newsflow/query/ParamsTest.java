package io.newsflow.query;

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
  void timesOutsideTheYears1To9999AreRefused() {
    Params wide =
        params(Map.of("from", List.of("0001-01-01"), "to", List.of("9999-12-31T23:59:59.999Z")));
    assertThat(wide.time("from", false)).isEqualTo(Params.EARLIEST);
    assertThat(wide.time("to", true)).isEqualTo(Instant.parse("9999-12-31T23:59:59.999Z"));
    assertThat(params(Map.of("to", List.of("9999-12-31"))).time("to", true))
        .as("the end of the last day")
        .isEqualTo(Params.LATEST);
    wide.check();

    for (String bad :
        List.of(
            "+300000-01-01",
            "+300000-01-01T00:00:00Z",
            "+10000-01-01T00:00:01Z",
            "0000-06-30",
            "-4714-11-24T00:00:00Z",
            "+999999999-12-31",
            "-999999999-01-01T00:00:00+18:00")) {
      for (String name : List.of("from", "to")) {
        Params p = params(Map.of(name, List.of(bad)));
        assertThat(p.time(name, name.equals("to"))).as(bad).isNull();
        assertThatThrownBy(p::check)
            .as(bad)
            .isInstanceOfSatisfying(
                InvalidRequestException.class,
                e -> {
                  assertThat(e.errors()).extracting("parameter").containsExactly(name);
                  assertThat(e.errors().get(0).message())
                      .contains("out of range")
                      .contains("0001-01-01")
                      .contains("9999-12-31");
                });
      }
    }
  }

  @Test
  void controlCharactersAreRefusedInEveryTextAndPathId() {
    Map<String, List<String>> values =
        Map.of(
            "entity", List.of("Q1", "Q\u00002"),
            "from", List.of("2016-07-15\u0000"),
            "limit", List.of("\u001b5"));
    Params p = params(values);
    assertThat(p.all("entity")).containsExactly("Q1");
    assertThat(p.time("from", false)).isNull();
    assertThat(p.limit(20, 100)).isEqualTo(20);
    assertThat(p.path("id", "a\u007fb")).isNull();
    assertThat(p.path("other", "a/b:c d")).isEqualTo("a/b:c d");
    assertThatThrownBy(p::check)
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.errors())
                  .extracting("parameter")
                  .containsExactly("entity", "from", "limit", "id");
              assertThat(e.errors().get(0).message()).contains("U+0000").contains("position 2");
              assertThat(e.errors().get(2).message()).contains("U+001B");
              assertThat(e.errors().get(3).message()).contains("U+007F");
            });

    Params white = params(Map.of("entity", List.of("two\twords\r\nhere")));
    assertThat(white.all("entity")).as("white space passes").hasSize(1);
    white.check();
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
