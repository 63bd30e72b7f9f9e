package io.newsflow.nlp.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** Word lists shipped as resources: one word or phrase a line, "#" comments, read in lower case. */
public final class WordLists {
  private WordLists() {}

  /** The list {@code resource}, found next to {@code anchor}. */
  public static Set<String> load(Class<?> anchor, String resource) {
    Set<String> words = new HashSet<>();
    try (InputStream in = anchor.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "word list " + resource + " is missing from the class path next to " + anchor);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        String word = line.strip();
        if (!word.isEmpty() && !word.startsWith("#")) {
          words.add(word.toLowerCase(Locale.ROOT));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read word list " + resource, e);
    }
    return Set.copyOf(words);
  }
}
