package io.newsflow.ingest.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.newsflow.ingest.ArticleDraft;
import io.newsflow.ingest.InputError;
import io.newsflow.ingest.InvalidArticleException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads articles from files, by extension:
 *
 * <ul>
 *   <li>{@code .txt}: one article, the first non-blank line is the title, the rest the body;
 *   <li>{@code .json}: one article object, or an array of them;
 *   <li>{@code .jsonl}, {@code .ndjson}: one article object per line;
 *   <li>{@code .html}, {@code .htm}: one saved news page, read by {@link HtmlPageReader} (its body
 *       stays HTML, links made absolute).
 * </ul>
 *
 * Article objects have the fields {@code title}, {@code body} (text or HTML) and optionally {@code
 * url}, {@code publishedAt} (ISO-8601), {@code source}, {@code language}, {@code bodyFormat}
 * ({@code text} or {@code html}, detected when absent). A folder is read recursively, skipping
 * names that start with a dot. The encoding of each file is found by {@link TextDecoder}
 * (byte-order mark, an HTML page's declared charset, UTF-8, detection); UTF-8 is what to write.
 * Whatever cannot be read becomes an {@link InputError} naming file and line; the rest is still
 * read.
 */
public final class ArticleFileReader {
  private static final Logger log = LoggerFactory.getLogger(ArticleFileReader.class);
  private static final Set<String> TEXT = Set.of("txt", "text");
  private static final Set<String> JSON = Set.of("json");
  private static final Set<String> JSON_LINES = Set.of("jsonl", "ndjson");
  private static final Set<String> HTML = Set.of("html", "htm");
  // Strict: a field given twice, or (in JSON Lines) a second object on a line, is a mistake to
  // report, not to guess at. A .json file is read as a stream, its end checked by readJson.
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
  private static final ObjectMapper LINE_MAPPER =
      MAPPER.copy().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** A draft and where it was found. */
  public record Entry(ArticleDraft draft, String file, int line) {}

  /** What reading some paths gave. */
  public record Batch(List<Entry> entries, List<InputError> errors) {}

  public Batch read(List<Path> paths) {
    List<Entry> entries = new ArrayList<>();
    List<InputError> errors = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        for (Path file : filesIn(path, errors)) {
          readFile(file, entries, errors);
        }
      } else if (Files.isRegularFile(path)) {
        if (extension(path) == null) {
          errors.add(
              new InputError(
                  path.toString(),
                  0,
                  "unknown file type; use .txt (title line, then body), .json, .jsonl or .html"));
        } else {
          readFile(path, entries, errors);
        }
      } else {
        errors.add(new InputError(path.toString(), 0, "no such file or folder"));
      }
    }
    return new Batch(entries, errors);
  }

  private static List<Path> filesIn(Path dir, List<InputError> errors) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(p -> extension(p) != null)
          .sorted()
          .toList();
    } catch (IOException e) {
      errors.add(new InputError(dir.toString(), 0, "cannot list folder: " + e.getMessage()));
      return List.of();
    }
  }

  private static String extension(Path path) {
    String name = path.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return TEXT.contains(ext)
            || JSON.contains(ext)
            || JSON_LINES.contains(ext)
            || HTML.contains(ext)
        ? ext
        : null;
  }

  private static void readFile(Path file, List<Entry> entries, List<InputError> errors) {
    String name = file.toString();
    String ext = extension(file);
    String content;
    try {
      byte[] bytes = Files.readAllBytes(file);
      String declared = HTML.contains(ext) ? TextDecoder.declaredHtmlCharset(bytes) : null;
      TextDecoder.Decoded decoded = TextDecoder.decode(bytes, declared);
      log.debug("Read {} as {} ({})", name, decoded.charset(), decoded.how());
      content = decoded.text();
    } catch (TextDecoder.UndecodableException e) {
      errors.add(new InputError(name, 0, "cannot decode: " + e.getMessage()));
      return;
    } catch (IOException e) {
      errors.add(new InputError(name, 0, "cannot read: " + e.getMessage()));
      return;
    }
    if (HTML.contains(ext)) {
      entries.add(new Entry(HtmlPageReader.read(content, name), name, 0));
    } else if (TEXT.contains(ext)) {
      readText(name, content, entries, errors);
    } else if (JSON.contains(ext)) {
      readJson(name, content, entries, errors);
    } else {
      readJsonLines(name, content, entries, errors);
    }
  }

  private static void readText(
      String name, String content, List<Entry> entries, List<InputError> errors) {
    String[] lines = content.split("\\R", -1);
    int titleLine = 0;
    while (titleLine < lines.length && lines[titleLine].isBlank()) {
      titleLine++;
    }
    if (titleLine == lines.length) {
      errors.add(new InputError(name, 0, "empty file: expected a title line followed by the body"));
      return;
    }
    String body = String.join("\n", List.of(lines).subList(titleLine + 1, lines.length)).strip();
    entries.add(
        new Entry(
            new ArticleDraft(
                lines[titleLine].strip(),
                body,
                null,
                null,
                null,
                null,
                null,
                name + ":" + (titleLine + 1)),
            name,
            titleLine + 1));
  }

  private static void readJson(
      String name, String content, List<Entry> entries, List<InputError> errors) {
    try (JsonParser parser = MAPPER.createParser(content)) {
      JsonToken first = parser.nextToken();
      if (first == JsonToken.START_OBJECT) {
        int line = parser.currentTokenLocation().getLineNr();
        addObject(name, line, parser.readValueAsTree(), entries, errors);
      } else if (first == JsonToken.START_ARRAY) {
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          int line = parser.currentTokenLocation().getLineNr();
          addObject(name, line, parser.readValueAsTree(), entries, errors);
        }
      } else {
        errors.add(new InputError(name, 1, "expected an article object or an array of them"));
        return;
      }
      if (parser.nextToken() != null) {
        errors.add(
            new InputError(
                name,
                parser.currentTokenLocation().getLineNr(),
                "unexpected content after the article(s); a .json file holds one object or one array"
                    + " (use .jsonl for one article per line)"));
      }
    } catch (JsonProcessingException e) {
      errors.add(
          new InputError(name, line(e.getLocation()), "invalid JSON: " + e.getOriginalMessage()));
    } catch (IOException e) {
      errors.add(new InputError(name, 0, "cannot read: " + e.getMessage()));
    }
  }

  private static void readJsonLines(
      String name, String content, List<Entry> entries, List<InputError> errors) {
    String[] lines = content.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      try {
        addObject(name, i + 1, LINE_MAPPER.readTree(lines[i]), entries, errors);
      } catch (JsonProcessingException e) {
        errors.add(new InputError(name, i + 1, "invalid JSON: " + e.getOriginalMessage()));
      }
    }
  }

  private static void addObject(
      String name, int line, JsonNode node, List<Entry> entries, List<InputError> errors) {
    try {
      entries.add(new Entry(ArticleJson.draft(node, name + ":" + line), name, line));
    } catch (InvalidArticleException e) {
      errors.add(new InputError(name, line, e.getMessage()));
    }
  }

  private static int line(JsonLocation location) {
    return location == null ? 0 : location.getLineNr();
  }
}
