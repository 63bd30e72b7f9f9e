package io.newsflow.kb.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newsflow.avro.EntityType;
import io.newsflow.kb.KbEntity;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MergeAndFilterTest {
  static KbEntity loc(String id, String name, float prior, String... aliases) {
    return new KbEntity(id, EntityType.LOCATION, name, List.of(aliases), prior);
  }

  static Map<String, KbEntity> byId(List<KbEntity> entities) {
    return entities.stream().collect(Collectors.toMap(KbEntity::id, Function.identity()));
  }

  @Test
  void sameAsMergesTheOtherNamesIntoTheCuratedEntityAndDropsTheOther() {
    KbMerger merger = new KbMerger();
    merger.addSource(loc("iso3166:US", "United States", 0.95f, "United States of America", "USA"));
    merger.addSource(loc("geonames:524901", "Moscow", 0.8f));
    merger.addSource(loc("geonames:5601538", "Moscow", 0.5f));
    merger.addCurated(loc("Q30", "United States", 0.99f, "U.S.", "US"));
    merger.addCurated(
        new KbEntity("Q649", EntityType.LOCATION, "Moscow", List.of("Moskva"), 0.97f));

    List<KbEntity> all =
        merger.merge(
            SameAs.parse(
                List.of("# curated\tother", "Q30\tiso3166:US", "", "Q649\tgeonames:524901"),
                "same-as.tsv"));

    Map<String, KbEntity> byId = byId(all);
    assertThat(byId).doesNotContainKeys("iso3166:US", "geonames:524901");
    assertThat(byId).containsKeys("Q30", "Q649", "geonames:5601538");
    KbEntity us = byId.get("Q30");
    assertThat(us.name()).isEqualTo("United States");
    assertThat(us.prior()).isEqualTo(0.99f);
    // "US" and "U.S." share a key; the name is not repeated as an alias.
    assertThat(us.aliases()).containsExactly("U.S.", "United States of America", "USA");
    assertThat(byId.get("Q649").aliases()).containsExactly("Moskva");
    assertThat(all.get(0).id()).as("curated entities come first").isEqualTo("Q30");
    assertThat(merger.mergedCount()).isEqualTo(2);
    assertThat(merger.warnings()).isEmpty();
  }

  @Test
  void curatedEntityWinsNameTypeAndPriorOverASourceEntityOfTheSameId() {
    KbMerger merger = new KbMerger();
    merger.addSource(loc("wn31:08040127-n", "Hizballah", 0.5f, "Hezbollah"));
    merger.addCurated(
        new KbEntity("wn31:08040127-n", EntityType.ORGANIZATION, "Hezbollah", List.of(), 0.9f));

    KbEntity merged = merger.merge(List.of()).get(0);

    assertThat(merged.type()).isEqualTo(EntityType.ORGANIZATION);
    assertThat(merged.name()).isEqualTo("Hezbollah");
    assertThat(merged.aliases()).containsExactly("Hizballah");
    assertThat(merged.prior()).isEqualTo(0.9f);
  }

  @Test
  void aMergedEntityKeepsTheHigherPriorOfTheTwo() {
    KbMerger merger = new KbMerger();
    merger.addSource(loc("iso3166:BR", "Brazil", 0.95f, "Federative Republic of Brazil"));
    merger.addCurated(loc("Q155", "Brazil", 0.85f, "Brasil"));

    KbEntity brazil = merger.merge(SameAs.parse(List.of("Q155\tiso3166:BR"), "same-as.tsv")).get(0);

    assertThat(brazil.id()).isEqualTo("Q155");
    assertThat(brazil.prior()).isEqualTo(0.95f);
  }

  @Test
  void sameAsOfAnUnknownCuratedIdFailsWithFileAndLine() {
    KbMerger merger = new KbMerger();
    merger.addSource(loc("iso3166:US", "United States", 0.95f));

    assertThatThrownBy(
            () -> merger.merge(SameAs.parse(List.of("", "Q31\tiso3166:US"), "same-as.tsv")))
        .hasMessage("same-as.tsv:2: Q31 is not an id of the curated file");
  }

  @Test
  void sameAsOfAnUnknownOtherIdIsAWarning() {
    KbMerger merger = new KbMerger();
    merger.addCurated(loc("Q30", "United States", 0.99f));

    merger.merge(SameAs.parse(List.of("Q30 iso3166:XX"), "same-as.tsv"));

    assertThat(merger.warnings())
        .singleElement()
        .asString()
        .startsWith("same-as.tsv:1: iso3166:XX");
  }

  @Test
  void malformedSameAsLinesFailWithFileAndLine() {
    assertThatThrownBy(() -> SameAs.parse(List.of("Q30\tiso3166:US\tgeonames:1"), "s.tsv"))
        .hasMessageStartingWith("s.tsv:1: expected two tab-separated ids");
    assertThatThrownBy(() -> SameAs.parse(List.of("#", "Q30\tQ30"), "s.tsv"))
        .hasMessageStartingWith("s.tsv:2:");
  }

  @Test
  void commonOneWordNamesAreDroppedWhereAskedButLongerNamesStay() {
    CommonWords common = CommonWords.of(List.of("mobile", "reading", "police"));
    AliasFilter filter = new AliasFilter(common);

    assertThat(filter.apply(loc("geonames:1", "Police", 0.4f), true)).isNull();
    KbEntity reading =
        filter.apply(loc("wn31:1-n", "Reading", 0.5f, "Reading Abbey", "Rdg", "R"), true);
    assertThat(reading.name())
        .as("first remaining alias becomes the name")
        .isEqualTo("Reading Abbey");
    assertThat(reading.aliases()).containsExactly("Rdg");
    assertThat(filter.droppedNames()).isEqualTo(3);
    assertThat(filter.droppedEntities()).isEqualTo(1);
    KbEntity mobile = loc("geonames:4076598", "Mobile", 0.63f);
    assertThat(filter.apply(mobile, false)).as("not filtered when not asked").isSameAs(mobile);
  }

  @Test
  void namesShorterThanTwoCharactersAndRepeatsAreDroppedEverywhere() {
    AliasFilter filter = new AliasFilter(CommonWords.of(List.of()));

    KbEntity e = filter.apply(loc("x:1", "Aa", 0.5f, "A.", "AA", "Â", "B\tc  d|e"), false);

    assertThat(e.name()).isEqualTo("Aa");
    assertThat(e.aliases()).containsExactly("B c d e");
    assertThat(filter.droppedNames()).as("A. and Â are one letter; AA repeats Aa").isEqualTo(2);
  }

  @Test
  void commonWordsComeFromLowercaseWordNetLemmasAndFunctionWords() {
    CommonWords common =
        CommonWords.fromWordNet(
            Set.of("mobile", "moscow", "police", "new york"),
            Set.of("mobile", "police", "new york", "lowercase only in data"));

    assertThat(common.contains("mobile")).isTrue();
    assertThat(common.contains("police")).isTrue();
    assertThat(common.contains("moscow")).as("written only as Moscow: a name").isFalse();
    assertThat(common.contains("new york")).as("only one-word keys").isFalse();
    assertThat(common.contains("of")).isTrue();
    assertThat(common.contains("and")).isTrue();
    assertThat(CommonWords.isLowercase("Moscow")).isFalse();
    assertThat(CommonWords.isLowercase("mobile")).isTrue();
  }

  @Test
  void cityPriorGrowsWithPopulationWithinBounds() {
    assertThat(DefaultKbBuilder.cityPrior(0)).isEqualTo(0.1f);
    assertThat(DefaultKbBuilder.cityPrior(1)).isEqualTo(0.1f);
    assertThat(DefaultKbBuilder.cityPrior(1000)).isEqualTo(0.4f);
    assertThat(DefaultKbBuilder.cityPrior(100_000)).isEqualTo(0.6f);
    assertThat(DefaultKbBuilder.cityPrior(10_381_222)).isEqualTo(0.802f);
    assertThat(DefaultKbBuilder.cityPrior(100_000_000_000L)).isEqualTo(0.85f);
  }
}
