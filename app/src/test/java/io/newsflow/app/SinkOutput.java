package io.newsflow.app;

import io.newsflow.sink.SegmentFiles;
import io.newsflow.sink.SinkConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads what the JSON Lines sink wrote: the lines of all its segments, in order. */
final class SinkOutput {
  private SinkOutput() {}

  static List<String> lines(SegmentFiles files) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Path segment : files.list()) {
      lines.addAll(Files.readAllLines(segment, StandardCharsets.UTF_8));
    }
    return lines;
  }

  /** The segments of a sink with the default file name in {@code dir}. */
  static SegmentFiles defaultFiles(Path dir) {
    return new SegmentFiles(
        dir, (String) SinkConfig.definition().defaultValues().get(SinkConfig.FILE_NAME));
  }
}
