package io.newsflow.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * What the output holds: the segment being written, its length, when its first line was written,
 * and, per partition, the next offset to write. Saved (atomically, by rename) after each batch is
 * on disk and before offsets are committed, and when a segment is closed before the next one is
 * created. After a crash the segment is cut back to the checkpoint, segments past it are removed,
 * and reading resumes from its offsets: every record ends up in the output exactly once. The
 * topic's id guards against offsets of another topic of the same name (recreated, or on another
 * cluster).
 *
 * @param segment number of the segment being written, from 1; 0 in a checkpoint of a version that
 *     wrote a single file (see {@link SegmentFiles#unsegmentedFile()}), whose length is then that
 *     file's
 * @param segmentStartedAt when the segment's first line was written, null while it is empty
 */
record SinkCheckpoint(
    String topicId,
    long segment,
    long segmentLength,
    Instant segmentStartedAt,
    Map<TopicPartition, Long> nextOffsets) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static SinkCheckpoint read(Path file) throws IOException {
    JsonNode node = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    Map<TopicPartition, Long> offsets = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : node.path("offsets").properties()) {
      int dash = e.getKey().lastIndexOf('-');
      offsets.put(
          new TopicPartition(
              e.getKey().substring(0, dash), Integer.parseInt(e.getKey().substring(dash + 1))),
          e.getValue().asLong());
    }
    String topicId = node.path("topicId").asText("");
    if (!node.has("segment")) {
      return new SinkCheckpoint(topicId, 0, node.path("fileLength").asLong(), null, offsets);
    }
    JsonNode startedAt = node.path("segmentStartedAt");
    return new SinkCheckpoint(
        topicId,
        node.path("segment").asLong(),
        node.path("segmentLength").asLong(),
        startedAt.isTextual() ? Instant.parse(startedAt.asText()) : null,
        offsets);
  }

  static Path tempFile(Path checkpoint) {
    return checkpoint.resolveSibling(checkpoint.getFileName() + ".tmp");
  }

  /**
   * Replaces the checkpoint atomically: a new file, renamed over the old one. With {@code force},
   * the new file and the rename reach the disk before this returns, so that a power cut cannot
   * bring back an older checkpoint after the offsets it precedes were committed, or after the
   * segment it names was closed.
   */
  void write(Path file, boolean force) throws IOException {
    ObjectNode node =
        JSON.createObjectNode()
            .put("topicId", topicId)
            .put("segment", segment)
            .put("segmentLength", segmentLength);
    if (segmentStartedAt != null) {
      node.put("segmentStartedAt", segmentStartedAt.toString());
    }
    ObjectNode offsets = node.putObject("offsets");
    nextOffsets.forEach((tp, offset) -> offsets.put(tp.topic() + "-" + tp.partition(), offset));
    Path tmp = tempFile(file);
    try (FileChannel out =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer bytes = ByteBuffer.wrap(JSON.writeValueAsBytes(node));
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
      if (force) {
        out.force(true);
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    if (force) {
      forceFolder(file.getParent());
    }
  }

  /** Makes a rename or a new file in {@code dir} durable. */
  static void forceFolder(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // some file systems cannot sync a folder; a rename is still atomic there
    }
  }
}
