package io.newsflow.nlp.entities;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsflow.avro.EntityType;
import io.newsflow.avro.TextField;
import io.newsflow.kb.KnowledgeBase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Grouping on names as the recogniser hands them over (made-up names, an empty base). */
class GroupingTest {
  private static final KnowledgeBase EMPTY = KnowledgeBase.builder().build();

  private final List<Candidate> candidates = new ArrayList<>();
  private String title = "";
  private String body = "";

  private Candidate add(TextField field, String name, EntityType type) {
    String source = field == TextField.TITLE ? title : body;
    int start = source.indexOf(name);
    for (Candidate c : candidates) {
      if (c.field == field && c.start == start) {
        start = source.indexOf(name, start + 1);
      }
    }
    Candidate c =
        new Candidate(field, source, start, start + name.length(), name.split(" ").length, type);
    candidates.add(c);
    return c;
  }

  private List<List<String>> groups() {
    List<List<String>> out = new ArrayList<>();
    for (Group g : Grouping.group(EMPTY, candidates, body)) {
      out.add(g.mentions.stream().map(m -> m.text).toList());
    }
    return out;
  }

  @Test
  void aTwoWordSurnameJoinsThePersonNamedInFull() {
    body = "Carlo De Benedetti's firm grew. De Benedetti said so.";
    add(TextField.BODY, "Carlo De Benedetti", EntityType.PERSON);
    add(TextField.BODY, "De Benedetti", EntityType.PERSON);
    assertThat(groups()).containsExactly(List.of("Carlo De Benedetti", "De Benedetti"));
  }

  @Test
  void aWordOfOneOrganisationsNameJoinsIt() {
    body = "Industrie Buitoni Perugina Spa bought Vismara. Buitoni did not say more.";
    add(TextField.BODY, "Industrie Buitoni Perugina Spa", EntityType.ORGANIZATION);
    add(TextField.BODY, "Vismara", EntityType.ORGANIZATION);
    add(TextField.BODY, "Buitoni", EntityType.ORGANIZATION);
    assertThat(groups())
        .containsExactlyInAnyOrder(
            List.of("Industrie Buitoni Perugina Spa", "Buitoni"), List.of("Vismara"));
  }

  @Test
  void aHeadlinesShortFormJoinsTheNameTheBodySpellsOut() {
    title = "GREAT WESTERN FINANCIAL BUYS BANKS";
    body = "Great Western Financial Corp said it will buy three branches.";
    add(TextField.TITLE, "GREAT WESTERN FINANCIAL", EntityType.ORGANIZATION);
    add(TextField.BODY, "Great Western Financial Corp", EntityType.ORGANIZATION);
    assertThat(groups())
        .containsExactly(List.of("Great Western Financial Corp", "GREAT WESTERN FINANCIAL"));
  }

  @Test
  void aShortNameJoinsTheFirmWhoseNameItStartsBeforeTheLegalForm() {
    body = "Kestrel Widget and Co rated it. Analyst Ann Lee of Kestrel Widget said so.";
    add(TextField.BODY, "Kestrel Widget and Co", EntityType.ORGANIZATION);
    add(TextField.BODY, "Ann Lee", EntityType.PERSON);
    add(TextField.BODY, "Kestrel Widget", EntityType.ORGANIZATION);
    assertThat(groups())
        .containsExactlyInAnyOrder(
            List.of("Kestrel Widget and Co", "Kestrel Widget"), List.of("Ann Lee"));
  }

  @Test
  void aPlaceDoesNotJoinAnOrganisationNamedAfterIt() {
    body = "The Amble Courier reported it. Talks in Amble went on.";
    add(TextField.BODY, "Amble Courier", EntityType.ORGANIZATION);
    add(TextField.BODY, "Amble", EntityType.LOCATION);
    assertThat(groups()).containsExactlyInAnyOrder(List.of("Amble Courier"), List.of("Amble"));
  }
}
