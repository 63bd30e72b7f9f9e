package io.newsflow.kb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Common English words as name keys ({@link AliasKeys#normalize}), built with the default knowledge
 * base from WordNet: words that are also written in lower case ("reading", "economist", "shares").
 * A capitalised one at the start of a sentence or in a headline is most likely the word, not a
 * name.
 */
public final class CommonEnglishWords {
  private static volatile Set<String> words;

  private CommonEnglishWords() {}

  /** The words; empty when the resource was not built (then nothing counts as common). */
  public static Set<String> get() {
    Set<String> loaded = words;
    if (loaded == null) {
      synchronized (CommonEnglishWords.class) {
        loaded = words;
        if (loaded == null) {
          loaded = load();
          words = loaded;
        }
      }
    }
    return loaded;
  }

  private static Set<String> load() {
    Set<String> out = new HashSet<>(1 << 17);
    try (InputStream in =
        KnowledgeBase.class.getResourceAsStream(KnowledgeBase.COMMON_WORDS_RESOURCE)) {
      if (in == null) {
        return Set.of();
      }
      BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(new GZIPInputStream(in, 1 << 16), StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isEmpty() && line.charAt(0) != '#') {
          out.add(line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + KnowledgeBase.COMMON_WORDS_RESOURCE, e);
    }
    return Set.copyOf(out);
  }
}
