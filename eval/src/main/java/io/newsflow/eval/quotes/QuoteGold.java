package io.newsflow.eval.quotes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the speaker-attribution gold set: JSON Lines, one {@link GoldQuote} a line, lines starting
 * with {@code #} are comments. The set that ships is {@value #RESOURCE} next to this class.
 */
public final class QuoteGold {
  public static final String RESOURCE = "quotes-gold.jsonl";

  private QuoteGold() {}

  /** The gold set that ships with the evaluation. */
  public static List<GoldQuote> readDefault() {
    InputStream in = QuoteGold.class.getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IllegalStateException(RESOURCE + " is missing from the class path");
    }
    try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      return read(reader, RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  public static List<GoldQuote> read(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(reader, file.getFileName().toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static List<GoldQuote> read(Reader source, String name) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<GoldQuote> quotes = new ArrayList<>();
    BufferedReader reader = new BufferedReader(source);
    String line;
    int number = 0;
    while ((line = reader.readLine()) != null) {
      number++;
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      String where = name + ":" + number;
      JsonNode node;
      try {
        node = json.readTree(line);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(where + ": not JSON: " + e.getOriginalMessage(), e);
      }
      try {
        quotes.add(
            new GoldQuote(
                required(node, "source", where),
                node.hasNonNull("doc") ? node.get("doc").asText() : null,
                node.path("ordinal").asInt(0),
                required(node, "fingerprint", where),
                node.path("start").asInt(-1),
                node.path("end").asInt(-1),
                required(node, "speaker", where),
                node.path("named").asBoolean(true),
                node.path("pattern").asText("")));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
    }
    return quotes;
  }

  private static String required(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull() || value.asText().isBlank()) {
      throw new IllegalArgumentException(where + ": no " + field);
    }
    return value.asText();
  }
}
