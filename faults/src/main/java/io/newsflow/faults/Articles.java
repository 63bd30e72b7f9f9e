package io.newsflow.faults;

import java.util.Random;

/**
 * The articles the fault suite posts, the same for a given index: news-like text of about 150
 * words, a unique title and URL. Every tenth article is a syndicated copy of the one before it (the
 * same body, another title and URL), so that the run knows which DUPLICATE links it must find.
 */
final class Articles {
  private static final String[] WORDS =
      ("the of and to in a said on for that with by was as at from its has were an which"
              + " government minister officials talks agreement police market prices bank rates"
              + " election council parliament city port workers strike company shares percent year"
              + " week report statement spokesperson according reporters ceasefire border aid"
              + " economy growth inflation trade exports energy climate flood storm court judge law"
              + " investigation opposition leader party coalition budget hospital school transport")
          .split(" ");
  private static final String[] PLACES =
      "Geneva Berlin Paris Tokyo Nairobi Jakarta Ottawa Madrid Warsaw Cairo Lagos Lima Oslo Quito"
          .split(" ");

  private Articles() {}

  /** Whether article {@code index} is a syndicated copy of article {@code index - 1}. */
  static boolean isCopy(int index) {
    return index % 10 == 9;
  }

  /** The article as the JSON body of {@code POST /v1/articles}. */
  static String json(int index) {
    int source = isCopy(index) ? index - 1 : index;
    String title = "Fault suite report " + source + " from " + PLACES[source % PLACES.length];
    if (isCopy(index)) {
      title += " (syndicated)";
    }
    return "{\"title\":\""
        + title
        + "\",\"body\":\""
        + body(source)
        + "\",\"url\":\"https://faults.example/"
        + index
        + "\"}";
  }

  private static String body(int index) {
    Random random = new Random(index * 7919L + 17);
    StringBuilder body = new StringBuilder();
    for (int p = 0; p < 3; p++) {
      int words = 40 + random.nextInt(20);
      for (int w = 0; w < words; w++) {
        String word =
            random.nextInt(9) == 0
                ? PLACES[random.nextInt(PLACES.length)]
                : WORDS[random.nextInt(WORDS.length)];
        body.append(w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
        body.append(w == words - 1 ? "." : " ");
      }
      body.append(p == 2 ? "" : "\\n\\n");
    }
    return body.toString();
  }
}
