package io.newsflow.kb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AliasKeysTest {
  @Test
  void dotsCaseAccentsAndHyphensDoNotMatter() {
    assertThat(AliasKeys.normalize("U.S.")).isEqualTo(AliasKeys.normalize("US")).isEqualTo("us");
    assertThat(AliasKeys.normalize("Camagüey")).isEqualTo("camaguey");
    assertThat(AliasKeys.normalize("al-Qaeda")).isEqualTo(AliasKeys.normalize("al Qaeda"));
    assertThat(AliasKeys.normalize("  The  New York Times ")).isEqualTo("the new york times");
    assertThat(AliasKeys.normalize("Côte d’Ivoire")).isEqualTo("cote d'ivoire");
    assertThat(AliasKeys.normalize("AT&T")).isEqualTo("at and t");
    assertThat(AliasKeys.normalize("Tate & Lyle")).isEqualTo(AliasKeys.normalize("Tate and Lyle"));
    assertThat(AliasKeys.normalize("Łódź")).isEqualTo("lodz");
    assertThat(AliasKeys.normalize("Øresund")).isEqualTo("oresund");
  }

  @Test
  void differentNamesKeepDifferentKeys() {
    assertThat(AliasKeys.normalize("US")).isNotEqualTo(AliasKeys.normalize("USA"));
    assertThat(AliasKeys.hash("Syria")).isNotEqualTo(AliasKeys.hash("Siria"));
  }

  @Test
  void hashesAgreeWithTheirKeysAndCanBeBuiltWordByWord() {
    assertThat(AliasKeys.hash("U.S.")).isEqualTo(AliasKeys.hash("us"));
    assertThat(AliasKeys.hash("Camagüey")).isEqualTo(AliasKeys.hash("CAMAGUEY"));
    assertThat(AliasKeys.hash("al-Qaeda")).isEqualTo(AliasKeys.hash("al Qaeda"));

    long state = AliasKeys.extend(AliasKeys.start(), "new");
    state = AliasKeys.extend(state, ' ');
    state = AliasKeys.extend(state, "york");
    assertThat(AliasKeys.finish(state)).isEqualTo(AliasKeys.hash("New York"));
  }
}
