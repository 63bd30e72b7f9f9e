package io.newsflow.schemas;

import io.newsflow.avro.BodyFormat;
import io.newsflow.avro.IngestChannel;
import io.newsflow.avro.RawArticle;
import java.time.Instant;

/** Articles for tests of the contract. */
public final class TestArticles {
  private TestArticles() {}

  public static RawArticle raw(String id) {
    return RawArticle.newBuilder()
        .setId(id)
        .setTitle("Title of " + id)
        .setBody("Body of " + id)
        .setBodyFormat(BodyFormat.TEXT)
        .setUrl("https://example.org/" + id)
        .setPublishedAt(Instant.parse("2016-07-15T10:00:00Z"))
        .setReceivedAt(Instant.parse("2016-07-15T10:00:05Z"))
        .setSource("example")
        .setLanguage("en")
        .setPublisher(null)
        .setChannel(IngestChannel.FILE)
        .setOrigin("test")
        .build();
  }
}
