package io.newsflow.schemas;

import io.newsflow.avro.DeadLetter;
import io.newsflow.avro.DeadLetterHeader;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Builds {@link DeadLetter} records with the context a person needs to find and replay the record.
 */
public final class DeadLetters {
  private DeadLetters() {}

  /** Where a failed record was read. */
  public record Origin(String topic, int partition, long offset, Long timestamp) {}

  public static DeadLetter of(
      Origin origin,
      byte[] key,
      byte[] value,
      Headers headers,
      String stage,
      Throwable error,
      String articleId,
      String application,
      Instant failedAt) {
    List<DeadLetterHeader> copied = new ArrayList<>();
    if (headers != null) {
      for (Header h : headers) {
        copied.add(
            new DeadLetterHeader(h.key(), h.value() == null ? null : ByteBuffer.wrap(h.value())));
      }
    }
    return DeadLetter.newBuilder()
        .setSourceTopic(origin.topic())
        .setPartition(origin.partition())
        .setOffset(origin.offset())
        .setStage(stage)
        .setErrorClass(error.getClass().getName())
        .setErrorMessage(ErrorMessages.describe(error))
        .setArticleId(articleId)
        .setKey(key == null ? null : ByteBuffer.wrap(key))
        .setValue(value == null ? null : ByteBuffer.wrap(value))
        .setHeaders(copied)
        .setRecordTimestamp(
            origin.timestamp() == null || origin.timestamp() < 0
                ? null
                : Instant.ofEpochMilli(origin.timestamp()))
        .setFailedAt(failedAt)
        .setApplication(application)
        .build();
  }
}
