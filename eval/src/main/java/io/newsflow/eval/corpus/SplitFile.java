package io.newsflow.eval.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The corpus's split file: {@code set<TAB>doc_id} a line, {@code #} comments. */
public final class SplitFile {
  public record Entry(String set, String docId) {}

  private SplitFile() {}

  public static List<Entry> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the split file " + file, e);
    }
    List<Entry> out = new ArrayList<>();
    int n = 0;
    for (String line : lines) {
      n++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t");
      if (f.length != 2) {
        throw new IllegalArgumentException(file + ":" + n + ": expected set<TAB>doc_id");
      }
      out.add(new Entry(f[0], f[1]));
    }
    return out;
  }
}
