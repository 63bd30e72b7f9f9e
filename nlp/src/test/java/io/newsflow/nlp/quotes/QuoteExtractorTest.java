package io.newsflow.nlp.quotes;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsflow.avro.Entity;
import io.newsflow.avro.EntityType;
import io.newsflow.avro.Quote;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 4, point 4: quotes and their speakers, on short texts written for these tests with entities
 * given by hand ({@link TestEntities}), so that they test the quote rules rather than the entity
 * extractor.
 */
@DisplayName("issue 4: quotes and who said them")
class QuoteExtractorTest {
  private static final String ORTIZ = TestEntities.id(EntityType.PERSON, "Maria Ortiz");
  private static final String BERG = TestEntities.id(EntityType.PERSON, "Tomas Berg");
  private static final String LIND = TestEntities.id(EntityType.PERSON, "Anna Lind");
  private static final String PLANET = TestEntities.id(EntityType.ORGANIZATION, "The Daily Planet");

  private final QuoteExtractor extractor = new QuoteExtractor();

  /** The usual cast: two people, a spokeswoman, a newspaper, a bank, a city. */
  private static List<Entity> cast(String text) {
    return TestEntities.in(text)
        .person("Maria Ortiz", "Ortiz")
        .person("Tomas Berg", "Berg")
        .person("Anna Lind", "Lind")
        .org("The Daily Planet", "Daily Planet", "Planet")
        .org("Nordbank")
        .place("Oslo")
        .build();
  }

  private List<Quote> quotes(String text) {
    List<Quote> quotes = extractor.extract(text, cast(text));
    // the contract every quote keeps: its text is the clean text between its offsets
    assertThat(quotes)
        .allSatisfy(
            q -> assertThat(text.substring(q.getStart(), q.getEnd())).isEqualTo(q.getText()));
    return quotes;
  }

  private Quote only(String text) {
    List<Quote> quotes = quotes(text);
    assertThat(quotes).hasSize(1);
    return quotes.get(0);
  }

  @Test
  void aNameAndVerbAfterTheQuoteSpeakAndOffsetsPointAtTheQuotedWords() {
    String text = "Rates are high.\n\n\"We will cut rates next month,\" Maria Ortiz said.";
    Quote q = only(text);
    assertThat(q.getText()).isEqualTo("We will cut rates next month");
    assertThat(q.getStart()).isEqualTo(text.indexOf("We will"));
    assertThat(q.getEnd()).isEqualTo(text.indexOf(",\" Maria"));
    assertThat(q.getSpeakerId()).isEqualTo(ORTIZ);
    assertThat(q.getSpeakerName()).isEqualTo("Maria Ortiz");
    assertThat(q.getCue()).isEqualTo("said");
    assertThat(q.getBlock()).isFalse();
    assertThat(q.getConfidence()).isGreaterThan(0.8f);
  }

  @Test
  void saidBeforeTheNameSpeaksToo() {
    Quote q =
        only("\"Prices will recover by the summer,\" said Tomas Berg, an economist at Nordbank.");
    assertThat(q.getSpeakerId()).isEqualTo(BERG);
  }

  @Test
  void aCueBeforeTheQuoteSpeaks() {
    Quote q = only("Ortiz told reporters: \"The plan is finished and will not come back.\"");
    assertThat(q.getSpeakerId()).isEqualTo(ORTIZ);
    assertThat(q.getCue()).isEqualTo("told reporters");
    assertThat(q.getText()).isEqualTo("The plan is finished and will not come back.");
  }

  @Test
  void theNameBeforeAnAppositionSpeaksNotTheRoleOrTheOrganisationInIt() {
    Quote q = only("\"No decision has been taken,\" Anna Lind, a spokeswoman for Nordbank, said.");
    assertThat(q.getSpeakerId()).isEqualTo(LIND);
    assertThat(q.getSpeakerName()).isEqualTo("Anna Lind");
  }

  @Test
  void accordingToNamesTheSpeakerAfterIt() {
    Quote q = only("According to Lind, \"the talks will resume on Monday in Oslo.\"");
    assertThat(q.getSpeakerId()).isEqualTo(LIND);
    assertThat(q.getCue()).isEqualTo("according to");
  }

  @Test
  void toldReutersMakesTheOutletTheListenerNotTheSpeaker() {
    String text = "\"We will appeal against the ruling,\" Berg told The Daily Planet.";
    Quote q = only(text);
    assertThat(q.getSpeakerId()).isEqualTo(BERG);
    assertThat(q.getCue()).isEqualTo("told The Daily Planet");
  }

  @Test
  void aPronounAfterTheQuoteIsThePersonMentionedBeforeItAsASubject() {
    Quote q =
        only(
            "Maria Ortiz met Tomas Berg in Oslo on Friday.\n\n"
                + "\"We agreed on nothing at all,\" she said.");
    // Berg is mentioned last, but as an object: the subject of the sentence before speaks
    assertThat(q.getSpeakerId()).isEqualTo(ORTIZ);
    assertThat(q.getSpeakerName()).isEqualTo("Maria Ortiz");
  }

  @Test
  void aPronounBeforeTheQuoteResolvesAsWell() {
    Quote q =
        only(
            "Tomas Berg spoke for an hour. He did not give figures but said, \"Profits will rise.\"");
    assertThat(q.getSpeakerId()).isEqualTo(BERG);
  }

  @Test
  void heSaidGoesOnWithTheSpeakerOfTheQuoteBeforeUnlessANewSubjectOpensASentence() {
    List<Quote> quotes =
        quotes(
            "\"The bank will not sell,\" Ortiz said, adding that Berg \"knows the terms.\"\n\n"
                + "\"We will wait for the vote,\" she said.\n\n"
                + "Berg disagreed with the plan. \"It is far too late for that,\" he said.");
    assertThat(quotes).extracting(Quote::getSpeakerId).containsExactly(ORTIZ, ORTIZ, ORTIZ, BERG);
  }

  @Test
  void aRoleWithoutANameGivesANameButNoEntity() {
    Quote q = only("\"The decision is final and binding,\" a senior official said.");
    assertThat(q.getSpeakerId()).isNull();
    assertThat(q.getSpeakerName()).isEqualTo("a senior official");
  }

  @Test
  void groupsAndUnlistedRolesAreUnnamedSpeakersToo() {
    List<Quote> quotes =
        quotes(
            "\"Demand for steel is weak this spring,\" traders said.\n\n"
                + "\"Nobody wants to hold stocks now,\" one said.\n\n"
                + "\"Buyers are staying away from the market,\" one shipbroker said.");
    assertThat(quotes).extracting(Quote::getSpeakerId).containsOnlyNulls();
    assertThat(quotes)
        .extracting(Quote::getSpeakerName)
        .containsExactly("traders", "one of the traders", "one shipbroker");
  }

  @Test
  void heAfterAnUnnamedSpeakerIsThatSpeaker() {
    List<Quote> quotes =
        quotes(
            "\"Stocks are cheap at these levels,\" a trader said.\n\n"
                + "\"Buy now while you can,\" he said.");
    assertThat(quotes).extracting(Quote::getSpeakerName).containsExactly("a trader", "a trader");
  }

  @Test
  void theMinisterIsThePersonNamedBeforeButTheOfficialAfterAnOfficialStaysUnnamed() {
    List<Quote> quotes =
        quotes(
            "Finance Minister Maria Ortiz spoke in Oslo.\n\n"
                + "\"Taxes will fall next year,\" the minister said.\n\n"
                + "A senior official at the ministry said the cut was small.\n\n"
                + "\"It is a modest step for now,\" the official said.");
    assertThat(quotes.get(0).getSpeakerId()).isEqualTo(ORTIZ);
    assertThat(quotes.get(1).getSpeakerId()).isNull();
    assertThat(quotes.get(1).getSpeakerName()).isEqualTo("the official");
  }

  @Test
  void aSecondQuoteInTheParagraphKeepsTheSpeaker() {
    List<Quote> quotes =
        quotes(
            "\"The merger is off,\" Berg said. \"We could not agree on the price of the shares.\"");
    assertThat(quotes).hasSize(2);
    assertThat(quotes).extracting(Quote::getSpeakerId).containsExactly(BERG, BERG);
  }

  @Test
  void aQuoteCarriedOverParagraphsIsOneQuoteAParagraphWithOneSpeaker() {
    String text =
        "Ortiz said, \"The first step is to cut costs.\n\n"
            + "\"The second is to sell the ships.\n\n"
            + "\"The third is to wait for better times,\" she said.";
    List<Quote> quotes = quotes(text);
    assertThat(quotes)
        .extracting(Quote::getText)
        .containsExactly(
            "The first step is to cut costs.",
            "The second is to sell the ships.",
            "The third is to wait for better times");
    assertThat(quotes).extracting(Quote::getSpeakerId).containsOnly(ORTIZ);
  }

  @Test
  void aParagraphEndingInNotedColonIntroducesABlockQuoteUntilNarrationResumes() {
    String text =
        "Ortiz noted:\n\n"
            + "We have agreed on steps that can end the strike. They are not based on trust.\n\n"
            + "Now the work begins, and it will take months.\n\n"
            + "Ortiz later flew to Oslo.";
    Quote q = only(text);
    assertThat(q.getBlock()).isTrue();
    assertThat(q.getSpeakerId()).isEqualTo(ORTIZ);
    assertThat(q.getCue()).isEqualTo("noted:");
    assertThat(q.getStart()).isEqualTo(text.indexOf("We have agreed"));
    assertThat(q.getEnd()).isEqualTo(text.indexOf("\n\nOrtiz later"));
  }

  @Test
  void aStatementIntroducedBySaidOfIsABlockOfItsSpeaker() {
    String text =
        "In a statement, Anna Lind, a spokeswoman for Nordbank, said of the talks:\n\n"
            + "The bank expressed concern about the delays.\n\n"
            + "Berg left the talks early.";
    Quote q = only(text);
    assertThat(q.getBlock()).isTrue();
    assertThat(q.getSpeakerId()).isEqualTo(LIND);
    assertThat(q.getText()).isEqualTo("The bank expressed concern about the delays.");
  }

  @Test
  void anOutletExplainingIsTheSpeakerOfItsBlockWhichStopsAtTheNextAttribution() {
    String text =
        "The Daily Planet explains:\n\n"
            + "The harbour has lost half its trade since the bridge opened.\n\n"
            + "The city council will vote on the plan in May, according to Nordbank.";
    Quote q = only(text);
    assertThat(q.getSpeakerId()).isEqualTo(PLANET);
    assertThat(q.getCue()).isEqualTo("explains:");
    assertThat(q.getText())
        .isEqualTo("The harbour has lost half its trade since the bridge opened.");
  }

  @Test
  void anIntroductionFollowedByAnotherGivesNoBlockOfItsOwn() {
    String text =
        "The Daily Planet highlighted the plan:\n\n"
            + "Citing the draft, Planet's Tomas Berg reports:\n\n"
            + "It would open the harbour to foreign ships.";
    Quote q = only(text);
    assertThat(q.getSpeakerId()).isEqualTo(BERG);
    assertThat(q.getCue()).isEqualTo("reports:");
  }

  @Test
  void aQuoteRightAfterAnIntroductionTakesItsSpeaker() {
    Quote q = only("Berg added:\n\n\"We will not give up the harbour.\"");
    assertThat(q.getSpeakerId()).isEqualTo(BERG);
    assertThat(q.getCue()).isEqualTo("added:");
  }

  @Test
  void aShortPartialQuoteCountsWithACueAndScareQuotesDoNot() {
    List<Quote> quotes =
        quotes(
            "The so-called \"green plan\" was dropped.\n\n"
                + "A senior official acknowledged that the bank was the \"largest\" lender.");
    assertThat(quotes).extracting(Quote::getText).containsExactly("largest");
    assertThat(quotes.get(0).getSpeakerName()).isEqualTo("A senior official");
  }

  @Test
  void curlyQuotesCountAndCurlySingleQuotesOnlyWhereTheyClearlyQuote() {
    List<Quote> quotes =
        quotes(
            "“We are ready for the vote,” Ortiz said.\n\n"
                + "Berg’s aides didn’t comment, but Berg said the plan was ‘the only way forward for"
                + " the harbour’ this year.");
    assertThat(quotes)
        .extracting(Quote::getText)
        .containsExactly("We are ready for the vote", "the only way forward for the harbour");
    assertThat(quotes).extracting(Quote::getSpeakerId).containsExactly(ORTIZ, BERG);
  }

  @Test
  void aStraightDoubleQuoteBetweenLettersIsAnApostrophe() {
    Quote q = only("\"We don\"t know the price yet,\" Berg said.");
    assertThat(q.getText()).isEqualTo("We don\"t know the price yet");
    assertThat(q.getSpeakerId()).isEqualTo(BERG);
  }

  @Test
  void aCueInAnotherClauseAfterTheQuoteIsNotItsAttribution() {
    List<Quote> quotes =
        quotes(
            "Ortiz called the offer \"a serious mistake by the board\" and Berg said he agreed.");
    assertThat(quotes).hasSize(1);
    assertThat(quotes.get(0).getSpeakerId()).isNull();
  }

  @Test
  void anOutletReportingIsTheSpeakerOfAQuotedReport() {
    Quote q = only("\"The harbour deal is off for good,\" the Daily Planet reported.");
    assertThat(q.getSpeakerId()).isEqualTo(PLANET);
  }

  @Test
  void noTextNoQuotes() {
    assertThat(extractor.extract("", List.of())).isEmpty();
    assertThat(extractor.extract("No quotes here.\n\nNone at all.", List.of())).isEmpty();
  }
}
