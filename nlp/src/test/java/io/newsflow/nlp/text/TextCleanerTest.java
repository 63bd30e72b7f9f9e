package io.newsflow.nlp.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsflow.avro.BodyFormat;
import org.junit.jupiter.api.Test;

class TextCleanerTest {
  private final TextCleaner cleaner = new TextCleaner(Boilerplate.builtIn());

  @Test
  void keepsParagraphsAndJoinsHardWrappedLines() {
    String body = "First line of the first\nparagraph continues here.\n\n\n\nSecond   paragraph.\n";
    assertThat(cleaner.cleanBody(body, BodyFormat.TEXT))
        .isEqualTo("First line of the first paragraph continues here.\n\nSecond paragraph.");
  }

  @Test
  void indentedLinesStartNewParagraphsAsInNewswireText() {
    String body =
        "Showers continued in\nthe cocoa zone.\n    The official said\nmore rain came.\n Reuter\n";
    assertThat(cleaner.cleanBody(body, BodyFormat.TEXT))
        .isEqualTo("Showers continued in the cocoa zone.\n\nThe official said more rain came.");
  }

  @Test
  void normalisesUnicodeToNfcAndRemovesInvisibleCharacters() {
    String decomposed = "Cafe\u0301 owner\u00A0said\u200B it was\u00ADn't so\u2028new.";
    assertThat(cleaner.cleanBody(decomposed, BodyFormat.TEXT))
        .isEqualTo("Café owner said it wasn't so new.");
  }

  @Test
  void removesTheCommentingBoilerplateOfTheSampleButKeepsSentencesThatMentionComments() {
    String body =
        "Kerry met Lavrov.\n\nCritics left comments, and we are having issues with commenting on them.\n\n"
            + "Please let us know if you’re having issues with commenting.";
    assertThat(cleaner.cleanBody(body, BodyFormat.TEXT))
        .isEqualTo(
            "Kerry met Lavrov.\n\nCritics left comments, and we are having issues with commenting on them.");
  }

  @Test
  void htmlBecomesParagraphsWithoutMarkupScriptsOrNavigation() {
    String html =
        "<html><head><title>x</title><style>p{}</style></head><body>"
            + "<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
            + "<h1>Deal &amp; talks</h1><p>The <b>agreement</b> was\nsigned<br>in Geneva.</p>"
            + "<script>track()</script><ul><li>one</li><li>two</li></ul>"
            + "<p>Advertisement</p><footer><p>Sign up for our daily newsletter</p></footer></body></html>";
    assertThat(cleaner.cleanBody(html, BodyFormat.HTML))
        .isEqualTo("Deal & talks\n\nThe agreement was signed in Geneva.\n\none\n\ntwo");
  }

  @Test
  void titlesAreOneLineAndDecodedWhenHtml() {
    assertThat(cleaner.cleanTitle("  Kerry &amp; Lavrov\n meet ", BodyFormat.HTML))
        .isEqualTo("Kerry & Lavrov meet");
    assertThat(cleaner.cleanTitle("AT&amp;T", BodyFormat.TEXT)).isEqualTo("AT&amp;T");
  }

  @Test
  void countsWordsWithInnerPunctuationAsOne() {
    assertThat(TextCleaner.wordCount("U.S. Secretary John Kerry met al-Assad’s ally; it’s 2016!"))
        .isEqualTo(9);
    assertThat(TextCleaner.wordCount("")).isZero();
  }
}
