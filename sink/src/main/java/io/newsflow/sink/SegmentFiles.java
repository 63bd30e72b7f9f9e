package io.newsflow.sink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of a JSON Lines sink in its output folder. Articles go to segments named after {@code
 * sink.file.name} with a sequence number before the extension: {@code enriched-articles.jsonl}
 * gives {@code enriched-articles-000001.jsonl}, {@code enriched-articles-000002.jsonl}, ... (more
 * digits past 999999). Beside them is the sink's checkpoint, a hidden file.
 *
 * <p>What a reader can rely on: every segment except the highest-numbered one is complete, ends
 * with a whole line, and is never written, cut or removed by the sink again. The highest-numbered
 * one is being written; it may end in a partial line, and after a crash the sink cuts it back to
 * its last checkpoint.
 */
public final class SegmentFiles {
  private final Path dir;
  private final String baseName;
  private final String stem;
  private final String extension;
  private final Pattern segmentName;

  /**
   * @param dir the output folder
   * @param baseName {@code sink.file.name}: a file name, not a path
   */
  public SegmentFiles(Path dir, String baseName) {
    if (baseName.isBlank() || baseName.contains("/") || baseName.contains("\\")) {
      throw new IllegalArgumentException(
          SinkConfig.FILE_NAME
              + " must be a file name such as enriched-articles.jsonl, not '"
              + baseName
              + "'; choose the folder with "
              + SinkConfig.OUTPUT_DIR);
    }
    this.dir = dir.toAbsolutePath();
    this.baseName = baseName;
    int dot = baseName.lastIndexOf('.');
    this.stem = dot > 0 ? baseName.substring(0, dot) : baseName;
    this.extension = dot > 0 ? baseName.substring(dot) : "";
    this.segmentName =
        Pattern.compile(Pattern.quote(stem) + "-(\\d{6,18})" + Pattern.quote(extension));
  }

  public static SegmentFiles of(SinkConfig config) {
    return new SegmentFiles(config.outputDir(), config.fileName());
  }

  /** The output folder, absolute. */
  public Path dir() {
    return dir;
  }

  /** Segment {@code number} (from 1), whether it exists or not. */
  public Path segment(long number) {
    if (number < 1) {
      throw new IllegalArgumentException("segments are numbered from 1, not " + number);
    }
    return dir.resolve(String.format("%s-%06d%s", stem, number, extension));
  }

  /** The segments in the folder, lowest number first (the last one is the one being written). */
  public List<Path> list() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> segments = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(p -> number(p) > 0).forEach(segments::add);
    }
    segments.sort(Comparator.comparingLong(this::number));
    return segments;
  }

  /** The number of a segment of this sink, or 0 for any other file. */
  long number(Path file) {
    Matcher m = segmentName.matcher(file.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : 0;
  }

  Path checkpoint() {
    return dir.resolve("." + baseName + ".checkpoint");
  }

  /** The one file that sinks wrote before they rolled segments: {@code sink.file.name} itself. */
  Path unsegmentedFile() {
    return dir.resolve(baseName);
  }

  /** Deletes every segment, the file of older versions and the checkpoint; keeps the folder. */
  void deleteAll() throws IOException {
    for (Path segment : list()) {
      Files.deleteIfExists(segment);
    }
    Files.deleteIfExists(unsegmentedFile());
    Files.deleteIfExists(checkpoint());
    Files.deleteIfExists(SinkCheckpoint.tempFile(checkpoint()));
  }
}
