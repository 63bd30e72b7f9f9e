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

  /**
   * The characters' normalisation as it was written first, three regular expressions, kept here as
   * its definition: the one-pass loop must give the same text for any input.
   */
  private static String normalisedByRegex(String text) {
    String s = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFC);
    s = s.replaceAll("\\r\\n?|[\\u2028\\u2029\\x85]", "\n");
    s = s.replaceAll("[\\u00AD\\u200B\\u2060\\uFEFF\\x00-\\x08\\x0E-\\x1F\\x7F]", "");
    return s.replaceAll("[\\t\\x0B\\f\\u00A0\\u1680\\u2000-\\u200A\\u202F\\u205F\\u3000]", " ");
  }

  @Test
  void normalisingCharactersInOnePassGivesWhatTheRegularExpressionsGave() {
    char[] alphabet = {
      'a', 'Z', ' ', '\n', '\r', '\t', 0x0B, '\f', 0x00, 0x08, 0x0E, 0x1F, 0x7F, 0x85, 0xA0, 0xAD,
      0x1680, 0x2000, 0x2005, 0x200A, 0x200B, 0x200C, 0x2028, 0x2029, 0x202F, 0x205F, 0x2060,
      0x3000, 0xFEFF, 'e', 0x0301, 0xE9, '\u2019'
    };
    java.util.Random random = new java.util.Random(13);
    for (int n = 0; n < 20_000; n++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(12);
      for (int i = 0; i < length; i++) {
        text.append(alphabet[random.nextInt(alphabet.length)]);
      }
      String input = text.toString();
      assertThat(TextCleaner.normaliseCharacters(input))
          .as("normalised %s", input.chars().mapToObj(Integer::toHexString).toList())
          .isEqualTo(normalisedByRegex(input));
    }
    assertThat(TextCleaner.normaliseCharacters("plain text")).isEqualTo("plain text");
  }
}
