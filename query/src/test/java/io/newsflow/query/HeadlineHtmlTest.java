package io.newsflow.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeadlineHtmlTest {
  @Test
  void headlinesEscapeTheTextAndMarkOnlyTheMatches() {
    assertThat(SearchQueries.headlineHtml("a \u0002b\u0003 <i>&\""))
        .isEqualTo("a <b>b</b> &lt;i&gt;&amp;&quot;");
    assertThat(SearchQueries.headlineHtml(null)).isNull();
  }
}
