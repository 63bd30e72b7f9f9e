package io.newsflow.eval;

import static io.newsflow.avro.EntityType.LOCATION;
import static io.newsflow.avro.EntityType.ORGANIZATION;
import static io.newsflow.avro.EntityType.PERSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.newsflow.avro.Entity;
import io.newsflow.avro.Mention;
import io.newsflow.avro.TextField;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntityScorerTest {
  private final EntityScorer scorer = new EntityScorer();

  private static GoldEntity gold(io.newsflow.avro.EntityType type, String... mentions) {
    return new GoldEntity(type, mentions[0], List.of(mentions));
  }

  @Test
  void exactMatchIsATruePositive() {
    DocumentScore s =
        scorer.score(
            "d",
            List.of(gold(PERSON, "John Kerry", "Kerry")),
            List.of(SystemEntity.of(PERSON, "John Kerry")));

    assertThat(s.counts(PERSON)).isEqualTo(new Counts(1, 0, 0));
    assertThat(s.matches()).hasSize(1);
    assertThat(s.hasErrors()).isFalse();
  }

  @Test
  void anyOneSurfaceFormMatchingAnyOneGoldMentionIsEnough() {
    DocumentScore s =
        scorer.score(
            "d",
            List.of(gold(ORGANIZATION, "Islamic State", "ISIS", "ISIL", "Daesh")),
            List.of(SystemEntity.of(ORGANIZATION, "the group", "Daesh")));

    assertThat(s.counts(ORGANIZATION)).isEqualTo(new Counts(1, 0, 0));
  }

  @Test
  void caseAndWhitespaceAreIgnored() {
    DocumentScore s =
        scorer.score(
            "d",
            List.of(gold(PERSON, "Vladimir Putin"), gold(LOCATION, "New York")),
            List.of(
                SystemEntity.of(PERSON, "  VLADIMIR\n\tputin "),
                SystemEntity.of(LOCATION, "new\u00a0 york")));

    assertThat(s.overall()).isEqualTo(new Counts(2, 0, 0));
    assertThat(EntityScorer.normalize(" Nusra\n  FRONT ")).isEqualTo("nusra front");
  }

  @Test
  void otherwiseSurfaceFormsMustBeEqual() {
    DocumentScore s =
        scorer.score(
            "d",
            List.of(gold(PERSON, "John Kerry")),
            List.of(SystemEntity.of(PERSON, "Kerry"), SystemEntity.of(PERSON, "John Kerry's")));

    assertThat(s.counts(PERSON)).isEqualTo(new Counts(0, 2, 1));
  }

  @Test
  void typesMustAgree() {
    DocumentScore s =
        scorer.score(
            "d",
            List.of(gold(LOCATION, "Washington")),
            List.of(SystemEntity.of(ORGANIZATION, "Washington")));

    assertThat(s.counts(LOCATION)).isEqualTo(new Counts(0, 0, 1));
    assertThat(s.counts(ORGANIZATION)).isEqualTo(new Counts(0, 1, 0));
    assertThat(s.overall()).isEqualTo(new Counts(0, 1, 1));
    assertThat(s.misses()).extracting(GoldEntity::canonical).containsExactly("Washington");
    assertThat(s.falsePositives()).extracting(SystemEntity::type).containsExactly(ORGANIZATION);
  }

  @Test
  void twoSystemEntitiesForOneGoldEntityAreOneTruePositiveAndOneFalsePositive() {
    DocumentScore s =
        scorer.score(
            "d",
            List.of(gold(ORGANIZATION, "Islamic State", "ISIS", "ISIL")),
            List.of(SystemEntity.of(ORGANIZATION, "ISIS"), SystemEntity.of(ORGANIZATION, "ISIL")));

    assertThat(s.counts(ORGANIZATION)).isEqualTo(new Counts(1, 1, 0));
    assertThat(s.counts(ORGANIZATION).precision()).isEqualTo(0.5);
    assertThat(s.counts(ORGANIZATION).recall()).isEqualTo(1.0);
  }

  @Test
  void oneSystemEntityFindsAtMostOneGoldEntity() {
    // "Kerry" could be either gold entity; it counts for one only
    DocumentScore s =
        scorer.score(
            "d",
            List.of(gold(PERSON, "John Kerry", "Kerry"), gold(PERSON, "Teresa Kerry", "Kerry")),
            List.of(SystemEntity.of(PERSON, "Kerry")));

    assertThat(s.counts(PERSON)).isEqualTo(new Counts(1, 0, 1));
  }

  @Test
  void theLargestPairingIsTakenNotTheFirstThatComes() {
    // a greedy scorer pairs the first system entity with John Kerry and then finds nothing for the
    // second; the maximum matching pairs both
    DocumentScore s =
        scorer.score(
            "d",
            List.of(gold(PERSON, "John Kerry", "Kerry"), gold(PERSON, "Teresa Kerry", "Kerry")),
            List.of(SystemEntity.of(PERSON, "Kerry"), SystemEntity.of(PERSON, "John Kerry")));

    assertThat(s.counts(PERSON)).isEqualTo(new Counts(2, 0, 0));
  }

  @Test
  void anEntityWithoutSurfaceFormsMatchesNothing() {
    DocumentScore s =
        scorer.score(
            "d",
            List.of(gold(PERSON, "John Kerry")),
            List.of(new SystemEntity(PERSON, List.of()), SystemEntity.of(PERSON, " ")));

    assertThat(s.counts(PERSON)).isEqualTo(new Counts(0, 2, 1));
  }

  @Test
  void overallIsMicroAveragedOverTypesAndDocuments() {
    // doc 1: PERSON 1 tp of 1 gold; LOCATION 0 tp, 1 fp, 3 misses
    DocumentScore d1 =
        scorer.score(
            "1",
            List.of(
                gold(PERSON, "Kerry"),
                gold(LOCATION, "Syria"),
                gold(LOCATION, "Iran"),
                gold(LOCATION, "Russia")),
            List.of(SystemEntity.of(PERSON, "Kerry"), SystemEntity.of(LOCATION, "Moscow")));
    // doc 2: ORGANIZATION 3 tp, 1 fp
    DocumentScore d2 =
        scorer.score(
            "2",
            List.of(gold(ORGANIZATION, "NATO"), gold(ORGANIZATION, "UN"), gold(ORGANIZATION, "EU")),
            List.of(
                SystemEntity.of(ORGANIZATION, "NATO"),
                SystemEntity.of(ORGANIZATION, "UN"),
                SystemEntity.of(ORGANIZATION, "EU"),
                SystemEntity.of(ORGANIZATION, "Reuters")));
    Scoreboard board = new Scoreboard(List.of(d1, d2));

    assertThat(board.counts(PERSON)).isEqualTo(new Counts(1, 0, 0));
    assertThat(board.counts(LOCATION)).isEqualTo(new Counts(0, 1, 3));
    assertThat(board.counts(ORGANIZATION)).isEqualTo(new Counts(3, 1, 0));
    Counts overall = board.overall();
    assertThat(overall).isEqualTo(new Counts(4, 2, 3));
    assertThat(overall.precision()).isCloseTo(4.0 / 6, within(1e-12));
    assertThat(overall.recall()).isCloseTo(4.0 / 7, within(1e-12));
    assertThat(overall.f1()).isCloseTo(8.0 / 13, within(1e-12));
    // the macro average of the per-type F1s (1, 0, 6/7) would be different
    assertThat(overall.f1()).isNotCloseTo((1 + 0 + 6.0 / 7) / 3, within(1e-3));
  }

  @Test
  void emptyCountsScoreZero() {
    assertThat(Counts.ZERO.precision()).isZero();
    assertThat(Counts.ZERO.recall()).isZero();
    assertThat(Counts.ZERO.f1()).isZero();
    assertThat(new Counts(0, 0, 4).f1()).isZero();
  }

  @Test
  void systemEntitiesOfTheExtractorAreScoredByTheirMentionTexts() {
    Entity entity =
        Entity.newBuilder()
            .setId("Q1")
            .setName("Islamic State")
            .setType(ORGANIZATION)
            .setMentions(
                List.of(
                    new Mention(10, 14, "ISIS", TextField.BODY),
                    new Mention(40, 44, "ISIS", TextField.BODY),
                    new Mention(0, 5, "Daesh", TextField.TITLE)))
            .build();

    SystemEntity system = SystemEntity.of(entity);

    assertThat(system.type()).isEqualTo(ORGANIZATION);
    assertThat(system.surfaceForms()).containsExactly("ISIS", "Daesh");
  }
}
