package io.newsflow.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NameKeysTest {
  @Test
  void foldsCaseAccentsDotsAndPunctuationSoAliasesMatchHowPeopleTypeThem() {
    assertThat(NameKeys.key("Daesh")).isEqualTo(NameKeys.key("DAESH")).isEqualTo("daesh");
    assertThat(NameKeys.key("Dāesh")).isEqualTo("daesh");
    assertThat(NameKeys.key("U.S.")).isEqualTo(NameKeys.key("US")).isEqualTo("us");
    assertThat(NameKeys.key("  Ban   Ki-moon ")).isEqualTo("ban ki moon");
    assertThat(NameKeys.key("Al-Qaeda")).isEqualTo(NameKeys.key("al qaeda"));
    assertThat(NameKeys.key("São Paulo")).isEqualTo("sao paulo");
  }

  @Test
  void aNameOfPunctuationOnlyFoldsToNothing() {
    assertThat(NameKeys.key("—?!")).isEmpty();
  }
}
