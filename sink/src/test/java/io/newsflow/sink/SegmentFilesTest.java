package io.newsflow.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentFilesTest {

  @Test
  void numbersSegmentsBeforeTheExtension(@TempDir Path dir) {
    SegmentFiles files = new SegmentFiles(dir, "enriched-articles.jsonl");
    assertThat(files.segment(1)).isEqualTo(dir.resolve("enriched-articles-000001.jsonl"));
    assertThat(files.segment(1_234_567)).hasFileName("enriched-articles-1234567.jsonl");
    assertThat(new SegmentFiles(dir, "articles").segment(2)).hasFileName("articles-000002");
    assertThat(new SegmentFiles(dir, ".hidden").segment(2)).hasFileName(".hidden-000002");
  }

  @Test
  void listsOnlyItsOwnSegmentsInNumberOrder(@TempDir Path dir) throws Exception {
    SegmentFiles files = new SegmentFiles(dir, "out.jsonl");
    for (String name :
        new String[] {
          "out-1000000.jsonl",
          "out-000010.jsonl",
          "out-000002.jsonl",
          "out-000009.jsonl",
          "out.jsonl",
          ".out.jsonl.checkpoint",
          "out-000003.jsonl.tmp",
          "out-12.jsonl",
          "other-000001.jsonl",
          "out-000004.json"
        }) {
      Files.writeString(dir.resolve(name), "");
    }

    assertThat(files.list())
        .extracting(p -> p.getFileName().toString())
        .containsExactly(
            "out-000002.jsonl", "out-000009.jsonl", "out-000010.jsonl", "out-1000000.jsonl");
    assertThat(new SegmentFiles(dir.resolve("absent"), "out.jsonl").list()).isEmpty();
  }

  @Test
  void deletesItsSegmentsTheSingleFileAndTheCheckpointOnly(@TempDir Path dir) throws Exception {
    SegmentFiles files = new SegmentFiles(dir, "out.jsonl");
    for (String name :
        new String[] {
          "out-000001.jsonl",
          "out-000002.jsonl",
          "out.jsonl",
          ".out.jsonl.checkpoint",
          ".out.jsonl.checkpoint.tmp",
          "notes.txt"
        }) {
      Files.writeString(dir.resolve(name), "x");
    }

    files.deleteAll();

    try (var left = Files.list(dir)) {
      assertThat(left).extracting(p -> p.getFileName().toString()).containsExactly("notes.txt");
    }
  }

  @Test
  void refusesAPathAsFileName(@TempDir Path dir) {
    assertThatThrownBy(() -> new SegmentFiles(dir, "sub/out.jsonl"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(SinkConfig.FILE_NAME)
        .hasMessageContaining(SinkConfig.OUTPUT_DIR);
  }
}
