package io.newsflow.nlp.quotes;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsflow.avro.Entity;
import io.newsflow.avro.EntityType;
import io.newsflow.avro.Link;
import io.newsflow.avro.LinkType;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 4, point 3: outlets and agencies cited as sources, on short texts written for these tests
 * with entities given by hand ({@link TestEntities}).
 */
@DisplayName("issue 4: cited sources")
class CitationExtractorTest {
  private static final String PLANET = TestEntities.id(EntityType.ORGANIZATION, "The Daily Planet");
  private static final String HERALD = TestEntities.id(EntityType.ORGANIZATION, "Harbour Herald");
  private static final String NORDBANK = TestEntities.id(EntityType.ORGANIZATION, "Nordbank");

  private final CitationExtractor extractor = new CitationExtractor();

  private static List<Entity> cast(String text) {
    return TestEntities.in(text)
        .person("Tomas Berg", "Berg")
        .person("Maria Ortiz", "Ortiz")
        .org("The Daily Planet", "Daily Planet", "Planet")
        .org("Harbour Herald", "Herald")
        .org("Nordbank")
        .org("Metro Television Inc", "Metro Television")
        .org("Reuters")
        .org("Fjordavisen")
        .place("Oslo")
        .build();
  }

  private List<Link> links(String text) {
    return extractor.extract(text, cast(text));
  }

  @Test
  void reportsTheOutletIsACitationWithItsCuePhraseAsEvidence() {
    List<Link> links =
        links("Critics accused the board of conceding too much, reports The Daily Planet.");
    assertThat(links).hasSize(1);
    Link link = links.get(0);
    assertThat(link.getType()).isEqualTo(LinkType.CITES);
    assertThat(link.getTarget()).isEqualTo(PLANET);
    assertThat(link.getTargetName()).isEqualTo("The Daily Planet");
    assertThat(link.getEvidence()).containsExactly("reports The Daily Planet");
    assertThat(link.getScore()).isEqualTo(1.0);
    assertThat(link.getVia()).isNull();
  }

  @Test
  void anOutletExplainingOrAcknowledgingIsCitedWithTheColon() {
    List<Link> links =
        links(
            "The Daily Planet explains:\n\nThe port is busy.\n\n"
                + "The Planet also acknowledges:\n\nIt is not busy enough.");
    assertThat(links).hasSize(1);
    assertThat(links.get(0).getEvidence())
        .containsExactly("The Daily Planet explains:", "The Planet also acknowledges:");
  }

  @Test
  void theReporterNamedWithTheOutletIsTheVia() {
    List<Link> links =
        links(
            "The Daily Planet (Planet) highlighted the plan:\n\n"
                + "Citing the draft, Planet's Tomas Berg reports:\n\nIt would open the port.");
    assertThat(links).hasSize(1);
    assertThat(links.get(0).getVia()).isEqualTo("Tomas Berg");
    assertThat(links.get(0).getEvidence())
        .containsExactly("The Daily Planet (Planet) highlighted", "Planet's Tomas Berg reports:");
  }

  @Test
  void aCueThatNamesASourceCitesAnyOrganisation() {
    List<Link> links =
        links(
            "Trade fell 5 pct, according to Nordbank. Prices rose, citing the Harbour Herald."
                + " A report by Nordbank said more.");
    assertThat(links).extracting(Link::getTarget).containsExactly(NORDBANK, HERALD);
    assertThat(links.get(0).getEvidence())
        .containsExactly("according to Nordbank", "A report by Nordbank");
    assertThat(links.get(1).getEvidence()).containsExactly("citing the Harbour Herald");
  }

  @Test
  void anOrganisationSayingSomethingIsCitedOnlyWhenItIsAnOutlet() {
    List<Link> links =
        links("Nordbank said profits rose. The Harbour Herald said the port would close.");
    assertThat(links).extracting(Link::getTarget).containsExactly(HERALD);
  }

  @Test
  void aCompanyWithALegalFormIsNoOutletEvenWithAnOutletWordInItsName() {
    assertThat(links("Metro Television Inc said its profits rose 10 pct.")).isEmpty();
  }

  @Test
  void beingToldSomethingIsNoCitation() {
    assertThat(links("\"We will appeal,\" Berg told Reuters in Oslo.")).isEmpty();
  }

  @Test
  void anOutletOpeningAReportedClauseIsNoCitation() {
    assertThat(links("Ortiz said the Harbour Herald would close next year.")).isEmpty();
  }

  @Test
  void anyOrganisationQuotingSomeoneIsCited() {
    List<Link> links = links("Nordbank quoted Ortiz as saying the port would close.");
    assertThat(links).extracting(Link::getTarget).containsExactly(NORDBANK);
    assertThat(links.get(0).getEvidence()).containsExactly("Nordbank quoted");
  }

  @Test
  void oneLinkPerOutletCollectsEveryCue() {
    List<Link> links =
        links(
            "The Harbour Herald reported the sale. Later, the Herald said the price was high."
                + " The ship left, according to the Harbour Herald.");
    assertThat(links).hasSize(1);
    assertThat(links.get(0).getEvidence())
        .containsExactly(
            "The Harbour Herald reported", "the Herald said", "according to the Harbour Herald");
  }

  @Test
  void anOutletNamedInQuotationMarksIsNotCitedByTheArticle() {
    assertThat(links("\"The Harbour Herald reported it first,\" Berg said.")).isEmpty();
  }

  @Test
  void outletsAreKnownByTheirNameOrByAWordBesideThem() {
    Entity herald = cast("Harbour Herald").get(3);
    Entity nordbank = cast("Nordbank").get(4);
    assertThat(CitationExtractor.isOutletName(herald)).isTrue();
    assertThat(CitationExtractor.isOutletName(nordbank)).isFalse();
    List<Link> links = links("The daily Fjordavisen said the port would close.");
    assertThat(links)
        .extracting(Link::getTarget)
        .containsExactly(TestEntities.id(EntityType.ORGANIZATION, "Fjordavisen"));
  }
}
