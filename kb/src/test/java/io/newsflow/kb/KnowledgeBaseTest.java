package io.newsflow.kb;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsflow.avro.EntityType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnowledgeBaseTest {
  static KbEntity e(String id, EntityType type, String name, float prior, String... aliases) {
    return new KbEntity(id, type, name, List.of(aliases), prior);
  }

  @Test
  void candidatesOfANameAreOrderedByPriorHighestFirst() {
    KnowledgeBase kb =
        KnowledgeBase.builder()
            .add(e("geonames:4140963", EntityType.LOCATION, "Washington", 0.7f, "Washington, D.C."))
            .add(e("Q1223", EntityType.LOCATION, "Washington State", 0.4f, "Washington"))
            .add(e("Q61", EntityType.ORGANIZATION, "U.S. government", 0.55f, "Washington"))
            .add(e("Q23", EntityType.PERSON, "George Washington", 0.3f, "Washington"))
            .build();

    assertThat(kb.idsNamed("Washington"))
        .containsExactly("geonames:4140963", "Q61", "Q1223", "Q23");
    int found = kb.find("washington");
    assertThat(kb.candidateCount(found)).isEqualTo(4);
    int first = kb.candidate(found, 0);
    assertThat(kb.name(first)).isEqualTo("Washington");
    assertThat(kb.type(first)).isEqualTo(EntityType.LOCATION);
    assertThat(kb.prior(first)).isEqualTo(0.7f);
    assertThat(kb.find("Vashington")).isEqualTo(-1);
  }

  @Test
  void anIdAddedTwiceIsOneEntityWhoseAliasesAddUp() {
    KnowledgeBase kb =
        KnowledgeBase.builder()
            .add(e("Q7283", EntityType.ORGANIZATION, "Islamic State", 0.6f, "ISIS", "ISIL"))
            .add(e("Q7283", EntityType.ORGANIZATION, "Islamic State", 0.9f, "Daesh"))
            .build();

    assertThat(kb.size()).isEqualTo(1);
    for (String name : List.of("Islamic State", "ISIS", "ISIL", "Daesh")) {
      assertThat(kb.idsNamed(name)).as(name).containsExactly("Q7283");
    }
    assertThat(kb.prior(0)).as("the later prior wins").isEqualTo(0.9f);
    assertThat(kb.aliasCount()).isEqualTo(4);
  }

  @Test
  void loadingFilesMergesDuplicateIdsAcrossThem(@TempDir Path dir) throws IOException {
    Path a = Files.writeString(dir.resolve("a.tsv"), "Q30\tLOCATION\tUnited States\tUSA\t0.9\n");
    Path b = Files.writeString(dir.resolve("b.tsv"), "Q30\tLOCATION\tUnited States\tU.S.\t0.95\n");

    KnowledgeBase kb = KnowledgeBase.load(List.of(a, b));

    assertThat(kb.size()).isEqualTo(1);
    assertThat(kb.idsNamed("USA")).containsExactly("Q30");
    assertThat(kb.idsNamed("US")).containsExactly("Q30");
  }

  @Test
  void namesMatchByTheirKeyAndTheLongestNameIsKnown() {
    KnowledgeBase kb =
        KnowledgeBase.builder()
            .add(e("Q34490", EntityType.ORGANIZATION, "al-Qaeda", 0.8f, "al Qaida"))
            .add(
                e(
                    "Q1",
                    EntityType.ORGANIZATION,
                    "Organization of the Petroleum Exporting Countries",
                    0.8f))
            .build();

    assertThat(kb.idsNamed("Al Qaeda")).containsExactly("Q34490");
    assertThat(kb.idsNamed("AL-QAIDA")).containsExactly("Q34490");
    assertThat(kb.maxAliasTokens()).isEqualTo(6);
    assertThat(kb.source(0)).isEqualTo("wikidata");
  }

  @Test
  void sourceOfAnEntityComesFromItsId() {
    KnowledgeBase kb =
        KnowledgeBase.builder()
            .add(e("geonames:524901", EntityType.LOCATION, "Moscow", 0.8f))
            .add(e("custom-1", EntityType.PERSON, "Ada", 0.5f))
            .build();

    assertThat(kb.source(0)).isEqualTo("geonames");
    assertThat(kb.source(1)).isEqualTo("custom");
  }
}
