package io.newsflow.ingest.feeds;

import java.time.Instant;
import java.util.Locale;

/**
 * How one feed is doing, for health checks: a snapshot, taken after its last poll.
 *
 * @param url the feed
 * @param lastPoll when it was last polled, or null before its first poll
 * @param lastOutcome what its last poll came to, or null before its first poll
 * @param consecutiveFailures errors in a row, 0 once the feed answers again
 * @param nextPoll when it is polled next (later after each error, up to the maximum backoff)
 * @param lastError what went wrong in the last poll, or null when it went well
 */
public record FeedStatus(
    String url,
    Instant lastPoll,
    Outcome lastOutcome,
    int consecutiveFailures,
    Instant nextPoll,
    String lastError) {

  /** What one poll of a feed came to. */
  public enum Outcome {
    /** The feed was fetched and every new entry is stored (or was invalid). */
    OK,
    /** The feed answered 304: nothing changed since the last fetch. */
    NOT_MODIFIED,
    /** The feed was fetched but Kafka did not store some new entries: the next poll retries. */
    NOT_STORED,
    /** The feed could not be fetched or parsed: it is polled again after a backoff. */
    ERROR;

    /** The value of the {@code outcome} tag of the poll counter. */
    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
