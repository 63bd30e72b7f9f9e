package io.newsflow.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newsflow.query.Cursors.RankKey;
import io.newsflow.query.Cursors.TimeKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CursorsTest {
  private static final String SCOPE = Cursors.scope("search", "ceasefire");

  @Test
  void keysComeBackExactly() {
    TimeKey time = new TimeKey(Instant.parse("2016-07-15T10:00:00.123456Z"), "a/b:c");
    String cursor = Cursors.encode(Cursors.SEARCH_BY_TIME, SCOPE, time);
    assertThat(cursor).matches("[A-Za-z0-9_-]+");
    assertThat(Cursors.decodeTime(cursor, Cursors.SEARCH_BY_TIME, SCOPE)).isEqualTo(time);

    // a rank whose shortest decimal is not exact as a double
    float rank = Math.nextUp(0.1f);
    RankKey key = new RankKey(rank, Instant.parse("2016-07-15T10:00:00Z"), "x");
    RankKey back = Cursors.decodeRank(Cursors.encode(SCOPE, key), SCOPE);
    assertThat(Float.floatToIntBits(back.rank())).isEqualTo(Float.floatToIntBits(rank));
    assertThat(back).isEqualTo(key);
  }

  @Test
  void aCursorOfAnotherQueryOrKindIsRefused() {
    String cursor =
        Cursors.encode(
            Cursors.ENTITY_ARTICLES,
            Cursors.scope("entity", "Q1"),
            new TimeKey(Instant.EPOCH, "a"));
    assertThatThrownBy(
            () ->
                Cursors.decodeTime(cursor, Cursors.ENTITY_ARTICLES, Cursors.scope("entity", "Q2")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("cursor")
        .hasMessageContaining("another query");
    assertThatThrownBy(
            () -> Cursors.decodeTime(cursor, Cursors.SEARCH_BY_TIME, Cursors.scope("entity", "Q1")))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> Cursors.decodeRank(cursor, Cursors.scope("entity", "Q1")))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void damagedCursorsAreRefusedAsBadParameters() {
    for (String bad :
        new String[] {
          "",
          "!!!",
          b64("not json"),
          b64("{}"),
          b64("[\"t\",\"" + SCOPE + "\",\"yesterday\",\"a\"]"),
          b64("[\"t\",\"" + SCOPE + "\",\"2016-07-15T10:00:00Z\",\"\"]"),
          b64("[\"t\",\"" + SCOPE + "\",\"2016-07-15T10:00:00Z\"]"),
          // forged (the scope is no secret): values PostgreSQL could not take
          b64("[\"t\",\"" + SCOPE + "\",\"+300000-01-01T00:00:00Z\",\"a\"]"),
          b64("[\"t\",\"" + SCOPE + "\",\"-4714-01-01T00:00:00Z\",\"a\"]"),
          b64("[\"t\",\"" + SCOPE + "\",\"2016-07-15T10:00:00Z\",\"a\\u0000b\"]"),
          "A".repeat(2_000)
        }) {
      assertThatThrownBy(() -> Cursors.decodeTime(bad, Cursors.SEARCH_BY_TIME, SCOPE))
          .as(bad)
          .isInstanceOfSatisfying(
              InvalidRequestException.class,
              e -> assertThat(e.errors()).extracting("parameter").containsExactly("cursor"));
    }
    String nan =
        b64(
            "[\"r\",\""
                + SCOPE
                + "\","
                + Float.floatToIntBits(Float.NaN)
                + ",\"2016-07-15T10:00:00Z\",\"a\"]");
    assertThatThrownBy(() -> Cursors.decodeRank(nan, SCOPE))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void scopesTellPartsApart() {
    assertThat(Cursors.scope("a", "bc")).isNotEqualTo(Cursors.scope("ab", "c"));
    assertThat(Cursors.scope("a", null)).isNotEqualTo(Cursors.scope("a", ""));
    assertThat(Cursors.scope("a", "b")).isEqualTo(Cursors.scope("a", "b"));
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
