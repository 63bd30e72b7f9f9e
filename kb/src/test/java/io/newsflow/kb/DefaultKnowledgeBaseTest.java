package io.newsflow.kb;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsflow.avro.EntityType;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The default base that the kb module's build puts on the class path, from its real sources. */
class DefaultKnowledgeBaseTest {
  static KnowledgeBase kb;

  @BeforeAll
  static void load() {
    kb = KnowledgeBase.loadDefault();
  }

  static List<EntityType> types(String name) {
    List<EntityType> types = new ArrayList<>();
    int found = kb.find(name);
    if (found >= 0) {
      for (int i = 0; i < kb.candidateCount(found); i++) {
        types.add(kb.type(kb.candidate(found, i)));
      }
    }
    return types;
  }

  static List<String> sources(String name) {
    List<String> sources = new ArrayList<>();
    int found = kb.find(name);
    if (found >= 0) {
      for (int i = 0; i < kb.candidateCount(found); i++) {
        sources.add(kb.source(kb.candidate(found, i)));
      }
    }
    return sources;
  }

  @Test
  void theSnapshotOnTheClassPathLoadsTheSameBaseAsItsTextForm() {
    assertThat(KnowledgeBase.class.getResource(KbSnapshot.DEFAULT_RESOURCE))
        .as("the build's snapshot")
        .isNotNull();
    KbSnapshotTest.assertSame(KnowledgeBase.builder().addDefault().build(), kb);
  }

  @Test
  void holdsCountriesCitiesAndWordNetEntities() {
    assertThat(kb.size()).isGreaterThan(100_000);
    assertThat(kb.aliasCount()).isGreaterThan(100_000);
    assertThat(sources("Camaguey")).as("accents do not matter").contains("geonames");
    assertThat(sources("Brazzaville")).contains("geonames");
    assertThat(types("Republic of Korea"))
        .as("ISO name in natural order")
        .contains(EntityType.LOCATION);
    assertThat(sources("Abraham Lincoln")).contains("wn31");
  }

  @Test
  void placesResolveToLocations() {
    assertThat(types("Moscow")).contains(EntityType.LOCATION);
    assertThat(types("Syria")).first().isEqualTo(EntityType.LOCATION);
    assertThat(types("Syrian Arab Republic")).first().isEqualTo(EntityType.LOCATION);
    assertThat(types("USA")).first().isEqualTo(EntityType.LOCATION);
  }

  @Test
  void wordNetGroupsAreOrganizationsUnderAllTheirSpellings() {
    for (String name : List.of("Hezbollah", "Hizballah", "Hizbollah", "Party of God")) {
      assertThat(types(name)).as(name).first().isEqualTo(EntityType.ORGANIZATION);
    }
    assertThat(types("Revolutionary Justice Organization"))
        .as("a name only WordNet has")
        .containsExactly(EntityType.ORGANIZATION);
  }

  @Test
  void countryCodesAreNotNamesFromIsoCodes() throws IOException {
    List<KbEntity> countries = new ArrayList<>();
    try (InputStream in = KnowledgeBase.class.getResourceAsStream(KnowledgeBase.DEFAULT_RESOURCE)) {
      KbFormat.read(
          new GZIPInputStream(in),
          KnowledgeBase.DEFAULT_RESOURCE,
          e -> {
            if (e.id().startsWith("iso3166:")) {
              countries.add(e);
            }
          });
    }

    assertThat(countries).isNotEmpty();
    for (KbEntity country : countries) {
      String alpha2 = AliasKeys.normalize(country.id().substring("iso3166:".length()));
      assertThat(country.names()).noneMatch(n -> AliasKeys.normalize(n).equals(alpha2));
    }
    assertThat(sources("AND")).as("Andorra's alpha-3 is a word").doesNotContain("iso3166");
    assertThat(sources("CAN")).as("Canada's alpha-3 is a word").doesNotContain("iso3166");
  }

  @Test
  void commonWordsAreNotNamesOfSmallTownsOrWordNetEntities() {
    assertThat(sources("Police")).doesNotContain("geonames");
    assertThat(sources("Of")).doesNotContain("geonames");
    assertThat(kb.idsNamed("Reading"))
        .as("the Readings under 100,000 people and WordNet's go")
        .doesNotContain(
            "geonames:5207728", "geonames:4948462", "geonames:4522228", "wn31:08900450-n")
        .as("Reading, England has 318,014 people")
        .contains("geonames:2639577");
    assertThat(kb.idsNamed("Mobile"))
        .as("Mobile, Alabama has more than 100,000 people; WordNet's Mobile goes")
        .contains("geonames:4076598")
        .doesNotContain("wn31:09076943-n");
  }

  @Test
  void staysSmallInMemory() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    Thread.sleep(100);
    long before = memory.getHeapMemoryUsage().getUsed();

    KnowledgeBase second = KnowledgeBase.loadDefault();
    System.gc();
    Thread.sleep(100);
    long retained = memory.getHeapMemoryUsage().getUsed() - before;

    assertThat(second.size()).isEqualTo(kb.size());
    assertThat(retained).as("bytes the loaded base keeps").isLessThan(150L << 20);
  }
}
