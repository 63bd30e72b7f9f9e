package io.newsflow.kb.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newsflow.avro.EntityType;
import io.newsflow.kb.KbEntity;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class IsoCountriesTest {
  static final String JSON =
      """
      {
        "3166-1": [
          {"alpha_2": "US", "alpha_3": "USA", "flag": "x", "name": "United States",
           "numeric": "840", "official_name": "United States of America"},
          {"alpha_2": "SY", "alpha_3": "SYR", "common_name": "Syria",
           "name": "Syrian Arab Republic", "numeric": "760"},
          {"alpha_2": "KR", "alpha_3": "KOR", "common_name": "South Korea",
           "name": "Korea, Republic of", "numeric": "410"},
          {"alpha_2": "KP", "alpha_3": "PRK", "common_name": "North Korea",
           "name": "Korea, Democratic People's Republic of", "numeric": "408"},
          {"alpha_2": "PS", "alpha_3": "PSE", "name": "Palestine, State of",
           "official_name": "the State of Palestine"},
          {"alpha_2": "AD", "alpha_3": "AND", "name": "Andorra"},
          {"alpha_2": "VA", "alpha_3": "VAT", "name": "Holy See (Vatican City State)"},
          {"alpha_2": "CI", "alpha_3": "CIV", "name": "C\\u00f4te d'Ivoire",
           "official_name": "Republic of C\\u00f4te d\\"Ivoire"}
        ]
      }
      """;

  static Map<String, KbEntity> entities(CommonWords common) {
    return IsoCountries.toEntities(IsoCountries.parse(JSON), common).stream()
        .collect(Collectors.toMap(KbEntity::id, Function.identity()));
  }

  @Test
  void readsTheCountriesOfTheJson() {
    List<IsoCountries.Country> countries = IsoCountries.parse(JSON);

    assertThat(countries).hasSize(8);
    assertThat(countries.get(0))
        .isEqualTo(
            new IsoCountries.Country(
                "US", "USA", "United States", null, "United States of America"));
    assertThat(countries.get(7).name()).isEqualTo("Côte d'Ivoire");
    assertThat(countries.get(7).officialName()).isEqualTo("Republic of Côte d\"Ivoire");
  }

  @Test
  void countriesBecomeLocationsNamedByTheirCommonName() {
    Map<String, KbEntity> byId = entities(CommonWords.of(List.of()));

    KbEntity syria = byId.get("iso3166:SY");
    assertThat(syria.type()).isEqualTo(EntityType.LOCATION);
    assertThat(syria.name()).isEqualTo("Syria");
    assertThat(syria.aliases()).contains("Syrian Arab Republic", "SYR");
    assertThat(syria.prior()).isEqualTo(0.95f);
    assertThat(byId.get("iso3166:US").name()).isEqualTo("United States");
    assertThat(byId.get("iso3166:US").aliases()).contains("United States of America", "USA");
  }

  @Test
  void alpha2CodesAreNeverNamesAndAlpha3OnlyWhenNotAWord() {
    Map<String, KbEntity> byId = entities(CommonWords.of(List.of("vat")));

    assertThat(byId.values())
        .allSatisfy(e -> assertThat(e.names()).doesNotContain(e.id().substring(8)));
    assertThat(byId.get("iso3166:AD").names()).containsExactly("Andorra");
    assertThat(byId.get("iso3166:VA").names()).doesNotContain("VAT");
    assertThat(byId.get("iso3166:KR").names()).contains("KOR");
  }

  @Test
  void invertedNamesAreAlsoWrittenInNaturalOrder() {
    Map<String, KbEntity> byId = entities(CommonWords.of(List.of()));

    assertThat(byId.get("iso3166:KR").aliases()).contains("Republic of Korea");
    KbEntity palestine = byId.get("iso3166:PS");
    assertThat(palestine.name()).isEqualTo("State of Palestine");
    assertThat(palestine.aliases()).contains("Palestine").doesNotContain("the State of Palestine");
    assertThat(byId.get("iso3166:VA").name()).isEqualTo("Holy See");
    assertThat(byId.get("iso3166:VA").aliases()).contains("Vatican City State");
    assertThat(IsoCountries.naturalOrder("Congo, The Democratic Republic of the"))
        .isEqualTo("Democratic Republic of the Congo");
    assertThat(IsoCountries.naturalOrder("Virgin Islands, British"))
        .isEqualTo("British Virgin Islands");
    assertThat(IsoCountries.naturalOrder("Bonaire, Sint Eustatius and Saba")).isNull();
  }

  @Test
  void headOfAnInvertedNameIsAnAliasOnlyWhenItNamesOneCountry() {
    Map<String, KbEntity> byId = entities(CommonWords.of(List.of()));

    assertThat(byId.get("iso3166:KR").names()).doesNotContain("Korea");
    assertThat(byId.get("iso3166:KP").names()).doesNotContain("Korea");
  }

  @Test
  void badJsonFailsWithWhereItWentWrong() {
    assertThatThrownBy(() -> IsoCountries.parse("{\"3166-1\": [{\"alpha_2\": \"US\",}]}"))
        .hasMessageContaining("JSON")
        .hasMessageContaining("character");
    assertThatThrownBy(() -> IsoCountries.parse("{\"3166-1\": [{\"alpha_2\": \"USA\"}]}"))
        .hasMessageContaining("entry 1 needs a two-letter alpha_2");
    assertThatThrownBy(() -> IsoCountries.parse("{\"countries\": []}"))
        .hasMessageContaining("no \"3166-1\" array");
  }
}
