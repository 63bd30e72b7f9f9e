package io.newsflow.ingest.feeds;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the poller remembers of one feed between polls and across restarts: the validators of the
 * last fetch, for a conditional GET, and the keys of the entries already handled ({@link
 * FeedEntries#key}). Stored as JSON on the state topic.
 *
 * @param etag the ETag of the last complete fetch, or null
 * @param lastModified the Last-Modified of the last complete fetch, as the server wrote it, or null
 * @param seen keys of entries stored or rejected for good, those of the latest fetch first
 */
record FeedState(String etag, String lastModified, List<String> seen) {
  /**
   * Most keys kept beyond those of the latest fetch: enough for entries that leave a feed and come
   * back, small enough (about 70 kB) for one Kafka record.
   */
  static final int MAX_SEEN = 2_000;

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  static final FeedState NONE = new FeedState(null, null, List.of());

  FeedState {
    seen = seen == null ? List.of() : List.copyOf(seen);
  }

  /**
   * The state after a fetch: the given validators, every key handled in this fetch, then the
   * previously seen keys, newest first, as far as {@link #MAX_SEEN} allows (the keys of the latest
   * fetch are all kept, however many).
   *
   * @param handled keys of the fetched entries that are stored or rejected for good
   */
  FeedState next(String etag, String lastModified, Collection<String> handled) {
    Set<String> keys = new LinkedHashSet<>(handled);
    for (String key : seen) {
      if (keys.size() >= Math.max(MAX_SEEN, handled.size())) {
        break;
      }
      keys.add(key);
    }
    return new FeedState(etag, lastModified, List.copyOf(keys));
  }

  byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write feed state as JSON", e);
    }
  }

  static FeedState fromJson(byte[] json) throws IOException {
    return JSON.readValue(json, FeedState.class);
  }
}
