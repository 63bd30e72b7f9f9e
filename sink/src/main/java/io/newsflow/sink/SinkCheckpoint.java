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
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * What the output file holds: its length and, per partition, the next offset to write. Saved
 * (atomically, by rename) after each batch is on disk and before offsets are committed, so that
 * after a crash the file is cut back to the last checkpoint and reading resumes from its offsets:
 * every record ends up in the file exactly once. The topic's id guards against offsets of another
 * topic of the same name (recreated, or on another cluster).
 */
record SinkCheckpoint(String topicId, long fileLength, Map<TopicPartition, Long> nextOffsets) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Path pathFor(Path outputFile) {
    return outputFile.resolveSibling("." + outputFile.getFileName() + ".checkpoint");
  }

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
    return new SinkCheckpoint(
        node.path("topicId").asText(""), node.path("fileLength").asLong(), offsets);
  }

  /**
   * Replaces the checkpoint atomically: a new file, renamed over the old one. With {@code force},
   * the new file and the rename reach the disk before this returns, so that a power cut cannot
   * bring back an older checkpoint after the offsets it precedes were committed.
   */
  void write(Path file, boolean force) throws IOException {
    ObjectNode node = JSON.createObjectNode().put("topicId", topicId).put("fileLength", fileLength);
    ObjectNode offsets = node.putObject("offsets");
    nextOffsets.forEach((tp, offset) -> offsets.put(tp.topic() + "-" + tp.partition(), offset));
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
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
      try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
        dir.force(true);
      } catch (IOException e) {
        // some file systems cannot sync a folder; the rename is still atomic there
      }
    }
  }
}
