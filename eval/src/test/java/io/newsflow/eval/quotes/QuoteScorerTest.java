package io.newsflow.eval.quotes;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsflow.avro.Quote;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Fingerprints, alignment and speaker matching of the quote evaluation, and the gold file itself.
 */
@DisplayName("issue 4: scoring quote attribution")
class QuoteScorerTest {
  private static final String TEXT =
      "\"Don’t panic,\" he said. Ortiz added: \"Sell the ships. Keep the port.\"";

  private static Quote quote(String text, int start, String speakerId, String speakerName) {
    int from = TEXT.indexOf(text, start);
    return Quote.newBuilder()
        .setText(text)
        .setStart(from)
        .setEnd(from + text.length())
        .setSpeakerId(speakerId)
        .setSpeakerName(speakerName)
        .setCue("said")
        .setBlock(false)
        .setConfidence(0.9f)
        .build();
  }

  private static GoldQuote gold(String text, String speaker, boolean named) {
    int start = TEXT.indexOf(text);
    return new GoldQuote(
        "reuters",
        "1",
        1,
        QuoteFingerprint.of(text),
        start,
        start + text.length(),
        speaker,
        named,
        "after");
  }

  @Test
  void aFingerprintHashesTheLowerCaseWordsOnly() {
    assertThat(QuoteFingerprint.normalize("“Don’t  PANIC,” he\nsaid."))
        .isEqualTo("don t panic he said");
    assertThat(QuoteFingerprint.of("\"Don't panic,\" he said")).isEqualTo("9338033fcee4");
  }

  @Test
  void quotesAlignByFingerprintOrByContainmentWithinTheGoldSpan() {
    GoldQuote whole = gold("Sell the ships. Keep the port.", "Maria Ortiz", true);
    GoldQuote panic = gold("Don’t panic", "Tomas Berg", true);
    List<Quote> system =
        List.of(quote("Don't panic", 0, null, null), quote("Sell the ships.", 0, "x", "Ortiz"));
    List<QuoteScorer.Alignment> aligned = QuoteScorer.align(List.of(panic, whole), system, TEXT);
    assertThat(aligned.get(0).system()).isSameAs(system.get(0));
    assertThat(aligned.get(1).system()).isSameAs(system.get(1));
  }

  @Test
  void aQuoteElsewhereDoesNotAlign() {
    GoldQuote whole = gold("Sell the ships. Keep the port.", "Maria Ortiz", true);
    assertThat(
            QuoteScorer.align(List.of(whole), List.of(quote("Don’t panic", 0, null, null)), TEXT)
                .get(0)
                .system())
        .isNull();
  }

  @Test
  void aSurnameOrTheEntitysNameMatchesANamedSpeaker() {
    GoldQuote g = gold("Don’t panic", "John Kerry", true);
    assertThat(QuoteScorer.sameSpeaker(g, quote("Don’t panic", 0, "Q1", "Kerry"), Map.of()))
        .isTrue();
    assertThat(
            QuoteScorer.sameSpeaker(
                g, quote("Don’t panic", 0, "Q1", "he"), Map.of("Q1", "John Kerry")))
        .isTrue();
    assertThat(QuoteScorer.sameSpeaker(g, quote("Don’t panic", 0, "Q2", "Lavrov"), Map.of()))
        .isFalse();
    assertThat(QuoteScorer.sameSpeaker(g, quote("Don’t panic", 0, null, null), Map.of())).isFalse();
    assertThat(QuoteScorer.sameName("Alan García", "alan garcia")).isTrue();
    assertThat(QuoteScorer.sameName("The Times", "The New York Times")).isTrue();
  }

  @Test
  void anUnnamedSpeakerMatchesByTheHeadOfItsDescriptionAndNeedsNoEntity() {
    GoldQuote g = gold("Don’t panic", "an unnamed official", false);
    assertThat(
            QuoteScorer.sameSpeaker(
                g, quote("Don’t panic", 0, null, "a top administration official"), Map.of()))
        .isTrue();
    assertThat(QuoteScorer.sameSpeaker(g, quote("Don’t panic", 0, null, "officials"), Map.of()))
        .isTrue();
    assertThat(QuoteScorer.sameSpeaker(g, quote("Don’t panic", 0, "Q1", "the official"), Map.of()))
        .isFalse();
    assertThat(QuoteScorer.sameSpeaker(g, quote("Don’t panic", 0, null, "a trader"), Map.of()))
        .isFalse();
    assertThat(QuoteScorer.head("spokesmen")).isEqualTo(QuoteScorer.head("a spokeswoman"));
  }

  @Test
  void theGoldSetNamesAtLeastTwentyQuotesWithoutTheirText() {
    List<GoldQuote> gold = QuoteGold.readDefault();
    assertThat(gold).hasSizeGreaterThanOrEqualTo(20);
    assertThat(gold).extracting(GoldQuote::source).contains("seed", "reuters");
    assertThat(gold)
        .allSatisfy(
            g -> {
              assertThat(g.fingerprint()).matches("[0-9a-f]{12}");
              assertThat(g.ordinal()).isPositive();
              assertThat(g.start()).isLessThan(g.end());
              assertThat(g.pattern())
                  .isIn(
                      Set.of(
                          "after",
                          "inverted",
                          "before",
                          "pronoun",
                          "role",
                          "unnamed",
                          "continued",
                          "block"));
            });
    // patterns spread over the ways the texts attribute quotes
    assertThat(gold)
        .extracting(GoldQuote::pattern)
        .contains("after", "before", "pronoun", "unnamed");
    assertThat(gold).filteredOn(g -> !g.named()).isNotEmpty();
  }

  @Test
  void goldLinesMayBeCommentsAndNeedTheirFields() throws Exception {
    List<GoldQuote> read =
        QuoteGold.read(
            new StringReader(
                "# a comment\n\n{\"source\":\"seed\",\"ordinal\":2,\"fingerprint\":\"0123456789ab\","
                    + "\"speaker\":\"an unnamed official\",\"named\":false,\"pattern\":\"unnamed\"}\n"),
            "test");
    assertThat(read)
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.documentKey()).isEqualTo("seed");
              assertThat(g.start()).isEqualTo(-1);
              assertThat(g.named()).isFalse();
            });
  }
}
