package io.newsflow.nlp.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Recognises paragraphs that belong to the page rather than the article ("Please let us know if
 * you're having issues with commenting.", a "Reuter" sign-off, newsletter prompts). Patterns are
 * regular expressions matched against whole short paragraphs, so an article sentence that merely
 * contains such words is kept.
 */
public final class Boilerplate {
  /**
   * Longer paragraphs are always kept: boilerplate is short, and a false match would cost content.
   */
  static final int MAX_LENGTH = 200;

  private final List<Pattern> patterns;

  private Boilerplate(List<Pattern> patterns) {
    this.patterns = List.copyOf(patterns);
  }

  /** The built-in patterns, plus those of {@code extraFile} when given. */
  public static Boilerplate load(Path extraFile) {
    List<Pattern> patterns = new ArrayList<>();
    try (InputStream in = Boilerplate.class.getResourceAsStream("boilerplate.txt")) {
      if (in == null) {
        throw new IllegalStateException("boilerplate.txt is missing from the enrich jar");
      }
      parse(
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)),
          "built-in boilerplate.txt",
          patterns);
      if (extraFile != null) {
        try (BufferedReader reader = Files.newBufferedReader(extraFile, StandardCharsets.UTF_8)) {
          parse(reader, extraFile.toString(), patterns);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read boilerplate patterns", e);
    }
    return new Boilerplate(patterns);
  }

  public static Boilerplate builtIn() {
    return load(null);
  }

  private static void parse(BufferedReader reader, String source, List<Pattern> into)
      throws IOException {
    String line;
    int number = 0;
    while ((line = reader.readLine()) != null) {
      number++;
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      try {
        into.add(Pattern.compile(trimmed, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            source + ":" + number + ": not a valid regular expression: " + e.getDescription(), e);
      }
    }
  }

  /** Whether a whole (normalised) paragraph is boilerplate. */
  public boolean matches(String paragraph) {
    if (paragraph.length() > MAX_LENGTH) {
      return false;
    }
    for (Pattern p : patterns) {
      if (p.matcher(paragraph).matches()) {
        return true;
      }
    }
    return false;
  }
}
