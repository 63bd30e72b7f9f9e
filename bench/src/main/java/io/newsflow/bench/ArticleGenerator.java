package io.newsflow.bench;

import io.newsflow.ingest.ArticleDraft;
import java.util.Random;

/**
 * Generates news-like articles from a seed: a headline, 3 to 8 paragraphs of 30 to 90 words, a
 * unique URL; one in five has an HTML body. The same seed gives the same articles.
 */
final class ArticleGenerator {
  private static final String[] WORDS =
      words(
          "the of and to in a said on for that with by was as at from his it its be has have were an are which"
              + " government minister president officials talks agreement security police market prices bank rates"
              + " election vote council parliament city port workers strike company shares percent year week"
              + " Monday Tuesday Wednesday Thursday Friday report statement spokesperson according told reporters"
              + " military forces attack ceasefire border refugees aid economy growth inflation trade exports oil"
              + " gas energy climate flood storm court judge law investigation opposition leader party coalition");
  private static final String[] NAMES =
      words(
          "Geneva Moscow Washington Berlin Paris Tokyo Nairobi Brasilia Jakarta Ottawa Madrid Warsaw Cairo Lagos"
              + " Reuters Kowalski Verhoeven Whitfield Moreau Castellano Villanueva Okafor Lindqvist Tanaka Haddad");

  private final Random random;
  private long sequence;
  private long totalWords;

  ArticleGenerator(Random random) {
    this.random = random;
  }

  ArticleDraft next() {
    long n = ++sequence;
    boolean html = random.nextInt(5) == 0;
    StringBuilder body = new StringBuilder();
    int paragraphs = 3 + random.nextInt(6);
    for (int p = 0; p < paragraphs; p++) {
      StringBuilder paragraph = new StringBuilder();
      int words = 30 + random.nextInt(61);
      totalWords += words;
      for (int w = 0; w < words; w++) {
        String word =
            random.nextInt(8) == 0
                ? NAMES[random.nextInt(NAMES.length)]
                : WORDS[random.nextInt(WORDS.length)];
        paragraph.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
        paragraph.append(w == words - 1 ? "." : random.nextInt(12) == 0 ? ", " : " ");
      }
      body.append(html ? "<p>" + paragraph + "</p>\n" : paragraph + "\n\n");
    }
    String title =
        "Report "
            + n
            + ": "
            + NAMES[random.nextInt(NAMES.length)]
            + " "
            + WORDS[random.nextInt(WORDS.length)]
            + " "
            + WORDS[random.nextInt(WORDS.length)];
    return new ArticleDraft(
        title,
        body.toString(),
        html ? "html" : "text",
        "https://bench.example/articles/" + n,
        "2026-11-26T08:00:00Z",
        "bench",
        "en",
        "generated:" + n);
  }

  long averageWords() {
    return sequence == 0 ? 0 : totalWords / sequence;
  }

  private static String[] words(String text) {
    return text.split(" ");
  }
}
