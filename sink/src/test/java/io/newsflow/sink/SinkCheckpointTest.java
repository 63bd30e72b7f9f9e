package io.newsflow.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinkCheckpointTest {

  @Test
  void readsBackWhatItWrote(@TempDir Path dir) throws Exception {
    Path file = dir.resolve(".out.jsonl.checkpoint");
    SinkCheckpoint checkpoint =
        new SinkCheckpoint(
            "topic-id",
            12,
            4096,
            Instant.parse("2026-03-01T10:15:30.123Z"),
            Map.of(
                new TopicPartition("news.enriched-v1", 0), 17L,
                new TopicPartition("news.enriched-v1", 11), 0L));

    checkpoint.write(file, true);

    assertThat(SinkCheckpoint.read(file)).isEqualTo(checkpoint);
    assertThat(SinkCheckpoint.tempFile(file)).doesNotExist();
  }

  @Test
  void anEmptySegmentHasNoStartTime(@TempDir Path dir) throws Exception {
    Path file = dir.resolve(".out.jsonl.checkpoint");
    SinkCheckpoint checkpoint = new SinkCheckpoint("id", 3, 0, null, Map.of());

    checkpoint.write(file, false);

    assertThat(Files.readString(file)).doesNotContain("segmentStartedAt");
    assertThat(SinkCheckpoint.read(file)).isEqualTo(checkpoint);
  }

  @Test
  void aCheckpointOfTheSingleFileVersionReadsAsSegmentZero(@TempDir Path dir) throws Exception {
    Path file = dir.resolve(".out.jsonl.checkpoint");
    Files.writeString(file, "{\"topicId\":\"id\",\"fileLength\":812,\"offsets\":{\"t-1\":5}}");

    SinkCheckpoint checkpoint = SinkCheckpoint.read(file);

    assertThat(checkpoint)
        .isEqualTo(new SinkCheckpoint("id", 0, 812, null, Map.of(new TopicPartition("t", 1), 5L)));
  }
}
