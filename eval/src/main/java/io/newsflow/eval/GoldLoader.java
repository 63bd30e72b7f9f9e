package io.newsflow.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.newsflow.avro.EntityType;
import io.newsflow.nlp.corpus.ReutersCorpus;
import io.newsflow.nlp.corpus.ReutersDocument;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a gold file: JSON Lines, one document per line with {@code source}, {@code doc_id}, {@code
 * title}, optionally {@code body}, and {@code entities} [{type, canonical, mentions[]}]. A line
 * without a body (Reuters-21578, whose text may not be redistributed) takes it from the corpus by
 * {@code doc_id} == id.
 */
public final class GoldLoader {
  private static final Set<EntityType> TYPES =
      Set.of(EntityType.PERSON, EntityType.ORGANIZATION, EntityType.LOCATION);

  private GoldLoader() {}

  /** Whether some document of the file comes without its body, so that it needs the corpus. */
  public static boolean needsTexts(Path file) {
    for (JsonNode node : lines(file)) {
      if (!node.hasNonNull("body")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The documents of a gold file.
   *
   * @param texts where bodies missing from the file come from; null when none is at hand
   * @throws IllegalStateException when a body is missing and {@code texts} cannot supply it
   */
  public static List<GoldDocument> read(Path file, ReutersCorpus texts) {
    List<GoldDocument> docs = new ArrayList<>();
    int lineNumber = 0;
    for (JsonNode node : lines(file)) {
      lineNumber++;
      String where = file.getFileName() + " document " + lineNumber;
      String docId = required(node, "doc_id", where);
      String source = node.path("source").asText("");
      String title = node.hasNonNull("title") ? node.get("title").asText() : null;
      String body = node.hasNonNull("body") ? node.get("body").asText() : null;
      if (body == null) {
        if (texts == null) {
          throw new IllegalStateException(
              where
                  + ": document "
                  + docId
                  + " has no body and no Reuters texts are at hand: run nlp/fetch-reuters");
        }
        ReutersDocument text =
            texts
                .get(docId)
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            where + ": document " + docId + " is not in the Reuters texts"));
        body = text.body();
        if (title == null) {
          title = text.title();
        }
      }
      docs.add(
          new GoldDocument(source, docId, title == null ? "" : title, body, entities(node, where)));
    }
    return docs;
  }

  private static List<GoldEntity> entities(JsonNode doc, String where) {
    JsonNode array = doc.get("entities");
    if (array == null || !array.isArray()) {
      throw new IllegalArgumentException(where + ": no entities array");
    }
    List<GoldEntity> out = new ArrayList<>();
    for (JsonNode e : array) {
      String typeName = required(e, "type", where);
      EntityType type;
      try {
        type = EntityType.valueOf(typeName);
      } catch (IllegalArgumentException ex) {
        type = null;
      }
      if (type == null || !TYPES.contains(type)) {
        throw new IllegalArgumentException(
            where + ": entity type " + typeName + " is none of " + TYPES);
      }
      List<String> mentions = new ArrayList<>();
      e.path("mentions").forEach(m -> mentions.add(m.asText()));
      if (mentions.isEmpty()) {
        throw new IllegalArgumentException(
            where + ": entity " + e.path("canonical").asText() + " has no mentions");
      }
      out.add(new GoldEntity(type, e.path("canonical").asText(""), mentions));
    }
    return out;
  }

  private static String required(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull() || value.asText().isBlank()) {
      throw new IllegalArgumentException(where + ": no " + field);
    }
    return value.asText();
  }

  private static List<JsonNode> lines(Path file) {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> nodes = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        try {
          nodes.add(json.readTree(line));
        } catch (JsonProcessingException e) {
          throw new IllegalArgumentException(
              file.getFileName() + ":" + number + ": not JSON: " + e.getOriginalMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return nodes;
  }
}
