package io.newsflow.sink.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamesTest {
  @Test
  void foldsCaseAccentsDotsAndPunctuationSoAliasesMatchHowPeopleTypeThem() {
    assertThat(Names.key("Daesh")).isEqualTo(Names.key("DAESH")).isEqualTo("daesh");
    assertThat(Names.key("Dāesh")).isEqualTo("daesh");
    assertThat(Names.key("U.S.")).isEqualTo(Names.key("US")).isEqualTo("us");
    assertThat(Names.key("  Ban   Ki-moon ")).isEqualTo("ban ki moon");
    assertThat(Names.key("Al-Qaeda")).isEqualTo(Names.key("al qaeda"));
    assertThat(Names.key("São Paulo")).isEqualTo("sao paulo");
  }

  @Test
  void aNameOfPunctuationOnlyFoldsToNothing() {
    assertThat(Names.key("—?!")).isEmpty();
  }
}
