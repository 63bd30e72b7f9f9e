package io.newsflow.kb.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The same-as file of the curated base: one pair of ids per line, {@code curatedId<TAB>otherId}
 * ({@code Q30 iso3166:US}, {@code Q649 geonames:524901}), meaning that the other source's entity is
 * the curated one. Empty lines and lines starting with {@code #} are ignored. The build merges the
 * other entity's names into the curated entity and drops the other.
 */
final class SameAs {
  private SameAs() {}

  /** One pair; {@code where} is {@code file:line} for messages. */
  record Link(String curatedId, String otherId, String where) {}

  /** The pairs of a file; none when the file does not exist. */
  static List<Link> read(Path file) {
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The pairs of the lines of a file; {@code source} names it in errors. */
  static List<Link> parse(List<String> lines, String source) {
    List<Link> links = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = source + ":" + (i + 1);
      String[] cols = line.split("\\s+");
      if (cols.length != 2) {
        throw new IllegalArgumentException(
            where + ": expected two tab-separated ids (curatedId, otherId), found " + cols.length);
      }
      if (cols[0].equals(cols[1])) {
        throw new IllegalArgumentException(where + ": an id cannot be the same as itself");
      }
      links.add(new Link(cols[0], cols[1], where));
    }
    return links;
  }
}
