package io.newsflow.nlp.ner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordTokenizerTest {
  private static List<String> texts(String text) {
    return WordTokenizer.tokenize(text).stream().map(w -> w.text).toList();
  }

  @Test
  void abbreviationsKeepTheirDotsAndPossessivesAndHyphensStandApart() {
    assertThat(texts("U.S.-Japan talks in Springfield, Ill. and Kerry's London-based aides"))
        .containsExactly(
            "U.S.",
            "-",
            "Japan",
            "talks",
            "in",
            "Springfield",
            ",",
            "Ill.",
            "and",
            "Kerry",
            "'s",
            "London",
            "-",
            "based",
            "aides");
  }

  @Test
  void aCompanysLegalFormKeepsItsDotInsideASentenceButNotWhereTheSentenceEnds() {
    assertThat(texts("Kestrel Corp. said it bought Amble Mills Inc. The deal"))
        .containsExactly(
            "Kestrel", "Corp.", "said", "it", "bought", "Amble", "Mills", "Inc", ".", "The",
            "deal");
  }

  @Test
  void sentencesStartAfterFullStopsAndParagraphsButNotAfterInitials() {
    List<Word> words = WordTokenizer.tokenize("John F. Kennedy spoke. Then he left.\n\nLater on");
    assertThat(words.stream().filter(Word::sentenceStart).map(w -> w.text))
        .containsExactly("John", "Then", "Later");
  }

  @Test
  void offsetsPointIntoTheText() {
    String text = "Foreign Minister Ana Duarte met O'Neill in São Paulo.";
    for (Word w : WordTokenizer.tokenize(text)) {
      assertThat(text.substring(w.start, w.end)).isEqualTo(w.text);
    }
    assertThat(texts(text)).contains("O'Neill", "São", "Paulo");
  }
}
