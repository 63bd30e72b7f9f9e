package io.newsflow.eval.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;

/** The Reuters documents of the quote gold set, kept out of the entity corpus's draw. */
final class QuoteGoldIds {
  private static final String RESOURCE = "/io/newsflow/eval/quotes/quotes-gold.jsonl";

  private QuoteGoldIds() {}

  static Set<String> reutersIds() {
    Set<String> ids = new TreeSet<>();
    ObjectMapper json = new ObjectMapper();
    try (InputStream in = QuoteGoldIds.class.getResourceAsStream(RESOURCE);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        JsonNode node = json.readTree(line);
        if (node.hasNonNull("doc")) {
          ids.add(node.get("doc").asText());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return ids;
  }
}
