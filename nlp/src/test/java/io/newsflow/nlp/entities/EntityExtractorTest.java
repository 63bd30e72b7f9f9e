package io.newsflow.nlp.entities;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsflow.avro.Entity;
import io.newsflow.avro.EntityType;
import io.newsflow.avro.Mention;
import io.newsflow.avro.TextField;
import io.newsflow.kb.KbEntity;
import io.newsflow.kb.KnowledgeBase;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The hard cases of issue 3 point 2, on a small knowledge base written here, so that they test the
 * extractor's rules rather than the contents of the default base.
 */
class EntityExtractorTest {
  private static final KnowledgeBase KB =
      KnowledgeBase.builder()
          .addAll(
              List.of(
                  new KbEntity(
                      "Q2429253",
                      EntityType.ORGANIZATION,
                      "Islamic State",
                      List.of("ISIS", "ISIL", "Daesh", "Islamic State of Iraq and the Levant"),
                      0.9f),
                  new KbEntity(
                      "newsflow:org/al-nusra-front",
                      EntityType.ORGANIZATION,
                      "Al-Nusra Front",
                      List.of("Nusra Front", "Jabhat al-Nusra", "al-Nusra"),
                      0.8f),
                  new KbEntity(
                      "Q9684",
                      EntityType.ORGANIZATION,
                      "The New York Times",
                      List.of("New York Times", "NYT"),
                      0.9f),
                  new KbEntity(
                      "newsflow:org/the-times",
                      EntityType.ORGANIZATION,
                      "The Times",
                      List.of("Times of London"),
                      0.7f),
                  new KbEntity(
                      "Q166032",
                      EntityType.ORGANIZATION,
                      "The Washington Post",
                      List.of("Washington Post", "WaPo"),
                      0.9f),
                  new KbEntity(
                      "Q61",
                      EntityType.LOCATION,
                      "Washington, D.C.",
                      List.of("Washington", "Washington DC"),
                      0.9f),
                  new KbEntity(
                      "newsflow:place/washington-state",
                      EntityType.LOCATION,
                      "Washington (state)",
                      List.of("Washington state", "Washington State"),
                      0.7f),
                  new KbEntity(
                      "wn31:11250000-n",
                      EntityType.PERSON,
                      "George Washington",
                      List.of("Washington"),
                      0.5f),
                  new KbEntity(
                      "Q30",
                      EntityType.LOCATION,
                      "United States",
                      List.of("U.S.", "US", "USA"),
                      0.95f),
                  new KbEntity("Q159", EntityType.LOCATION, "Russia", List.of(), 0.95f),
                  new KbEntity("Q22316", EntityType.PERSON, "John Kerry", List.of(), 0.8f),
                  new KbEntity("iso3166:SY", EntityType.LOCATION, "Syria", List.of(), 0.95f),
                  new KbEntity(
                      "geonames:1", EntityType.LOCATION, "Kerry", List.of("County Kerry"), 0.4f),
                  new KbEntity("Q130879", EntityType.ORGANIZATION, "Reuters", List.of(), 0.9f),
                  new KbEntity("Q649", EntityType.LOCATION, "Moscow", List.of(), 0.85f)))
          .build();
  private final EntityExtractor extractor = EntityExtractor.withKnowledgeBase(KB);

  private static Optional<Entity> named(List<Entity> entities, String surface) {
    return entities.stream()
        .filter(e -> e.getMentions().stream().anyMatch(m -> m.getText().equals(surface)))
        .findFirst();
  }

  private static List<String> surfaces(Entity e) {
    return e.getMentions().stream().map(Mention::getText).distinct().toList();
  }

  @Test
  void aliasesOfTheIslamicStateAreOneEntity() {
    List<Entity> entities =
        extractor.extract(
            "",
            "The Islamic State (ISIS/ISIL) lost ground. Fighters of Daesh fled."
                + " ISIS said nothing.");
    Entity isis = named(entities, "ISIS").orElseThrow();
    assertThat(isis.getId()).isEqualTo("Q2429253");
    assertThat(surfaces(isis)).containsExactlyInAnyOrder("Islamic State", "ISIS", "ISIL", "Daesh");
    assertThat(entities).filteredOn(e -> e.getType() == EntityType.ORGANIZATION).hasSize(1);
  }

  @Test
  void nusraFrontAndJabhatAlNusraAreOneEntity() {
    List<Entity> entities =
        extractor.extract(
            "",
            "Attacks by the Nusra Front continued. The group, Jabhat al Nusra,"
                + " is al Qaeda's affiliate.");
    Entity nusra = named(entities, "Nusra Front").orElseThrow();
    assertThat(surfaces(nusra)).contains("Nusra Front", "Jabhat al Nusra");
  }

  @Test
  void aSurnameJoinsThePersonNamedInFullBeforeEvenWhereAPlaceHasThatName() {
    List<Entity> entities =
        extractor.extract(
            "Kerry in Moscow",
            "U.S. Secretary of State John Kerry met officials. Later, Kerry flew home. Kerry's aides stayed.");
    Entity kerry = named(entities, "John Kerry").orElseThrow();
    assertThat(kerry.getType()).isEqualTo(EntityType.PERSON);
    assertThat(kerry.getId()).isEqualTo("Q22316");
    assertThat(kerry.getMentions())
        .extracting(Mention::getText)
        .containsOnly("John Kerry", "Kerry");
    assertThat(kerry.getMentions())
        .anySatisfy(m -> assertThat(m.getField()).isEqualTo(TextField.TITLE));
    assertThat(entities).noneMatch(e -> e.getId().equals("geonames:1"));
  }

  @Test
  void theTimesIsTheNewYorkTimesWhenThatIsTheNewspaperOfTheArticle() {
    List<Entity> entities =
        extractor.extract(
            "",
            "Critics spoke, reports The New York Times (NYT). The Times added"
                + " that the deal was secret.");
    Entity nyt = named(entities, "The New York Times").orElseThrow();
    assertThat(surfaces(nyt)).contains("The New York Times", "NYT");
    assertThat(nyt.getMentions())
        .anySatisfy(
            m -> assertThat(m.getText()).endsWith("Times").isNotEqualTo("The New York Times"));
    assertThat(entities).noneMatch(e -> e.getId().equals("newsflow:org/the-times"));
  }

  @Test
  void theWashingtonPostAndWaPoAreOneAndWashingtonAloneIsTheCity() {
    List<Entity> entities =
        extractor.extract(
            "",
            "The Washington Post (WaPo) highlighted the deal. A ceasefire"
                + " brokered by Washington and Moscow held. Officials in Washington state disagreed.");
    Entity post = named(entities, "WaPo").orElseThrow();
    assertThat(post.getId()).isEqualTo("Q166032");
    assertThat(surfaces(post)).containsOnly("Washington Post", "WaPo");
    // "Washington state": the place is "Washington" (lower-case "state" describes it), linked to
    // the state; the Washington of "brokered by Washington and Moscow" is the city
    assertThat(entities)
        .filteredOn(e -> surfaces(e).contains("Washington"))
        .extracting(Entity::getId)
        .containsExactlyInAnyOrder("Q61", "newsflow:place/washington-state");
  }

  @Test
  void unknownNamesAreTypedFromTheirContext() {
    List<Entity> entities =
        extractor.extract(
            "",
            "The plan was proposed by House Ways and Means Committee Chairman"
                + " Dan Rostenkowski (D-Ill) and Rep Zbigniew Quarlesworth. In a statement, Rostenkowski said it was broad."
                + " Shares of Kestrel Widget Holdings Plc rose. Kestrel Widget fell later. Clashes broke out in Kafanchan,"
                + " officials said.");
    assertThat(named(entities, "House Ways and Means Committee").orElseThrow().getType())
        .isEqualTo(EntityType.ORGANIZATION);
    Entity dan = named(entities, "Dan Rostenkowski").orElseThrow();
    assertThat(dan.getType()).isEqualTo(EntityType.PERSON);
    assertThat(surfaces(dan)).contains("Rostenkowski");
    assertThat(dan.getId()).isEqualTo("newsflow:person/dan-rostenkowski");
    assertThat(named(entities, "Zbigniew Quarlesworth").orElseThrow().getType())
        .isEqualTo(EntityType.PERSON);
    Entity kestrel = named(entities, "Kestrel Widget Holdings Plc").orElseThrow();
    assertThat(kestrel.getType()).isEqualTo(EntityType.ORGANIZATION);
    assertThat(surfaces(kestrel)).contains("Kestrel Widget");
    assertThat(named(entities, "Kafanchan").orElseThrow().getType()).isEqualTo(EntityType.LOCATION);
  }

  @Test
  void acronymsJoinTheNameTheyAbbreviate() {
    List<Entity> entities =
        extractor.extract(
            "",
            "It filed with the Securities and Exchange Commission on Monday."
                + " The SEC said the National Farmers Union, NFU, agreed.");
    assertThat(surfaces(named(entities, "Securities and Exchange Commission").orElseThrow()))
        .contains("SEC");
    assertThat(surfaces(named(entities, "National Farmers Union").orElseThrow())).contains("NFU");
  }

  @Test
  void demonymsTitlesAndSentenceStartsAreNotEntities() {
    List<Entity> entities =
        extractor.extract(
            "",
            "Prior to the talks, Russian President Vladimir Putin met Syrian"
                + " officials. The Shiite groups and Sunni rebels fought. During March, nothing happened.");
    assertThat(entities)
        .extracting(Entity::getName)
        .doesNotContain(
            "Prior", "Russian", "Syrian", "Shiite", "Sunni", "During", "March", "President");
    assertThat(named(entities, "Vladimir Putin").orElseThrow().getType())
        .isEqualTo(EntityType.PERSON);
  }

  @Test
  void offsetsPointIntoTheTextTheyCameFrom() {
    String title = "Kerry meets Lavrov";
    String text = "John Kerry met Sergey Lavrov in Moscow.";
    for (Entity e : extractor.extract(title, text)) {
      for (Mention m : e.getMentions()) {
        String source = m.getField() == TextField.TITLE ? title : text;
        assertThat(source.substring(m.getStart(), m.getEnd())).isEqualTo(m.getText());
      }
    }
  }

  @Test
  void headlinesInCapitalsOnlyAddWhatTheBodyOrTheKnowledgeBaseConfirm() {
    List<Entity> entities =
        extractor.extract(
            "SHULTZ LIKELY TO VISIT MOSCOW SOON",
            "Secretary of State George Shultz will visit Moscow, officials told Reuters.");
    Entity shultz = named(entities, "George Shultz").orElseThrow();
    assertThat(surfaces(shultz)).contains("SHULTZ");
    assertThat(surfaces(named(entities, "Moscow").orElseThrow())).contains("MOSCOW");
    assertThat(entities).extracting(Entity::getName).doesNotContain("LIKELY", "SOON", "VISIT");
  }
}
