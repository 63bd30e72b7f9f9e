package io.newsflow.ingest.feeds;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * What the feed poller polls and how often: the {@code ingest.feeds.*} options.
 *
 * @param urls RSS 2.0 or Atom feeds, absolute http(s) URLs; empty when no feed is polled
 * @param pollInterval time between two polls of a feed that answers
 * @param maxBackoff longest wait after repeated errors of one feed; at least {@code pollInterval}
 * @param requestTimeout longest wait for a feed server to connect and answer
 * @param stateTopic compacted topic of what was fetched from each feed, keyed by feed URL
 */
public record FeedSettings(
    List<String> urls,
    Duration pollInterval,
    Duration maxBackoff,
    Duration requestTimeout,
    String stateTopic) {
  public static final String URLS = "ingest.feeds.urls";
  public static final String POLL_INTERVAL_MS = "ingest.feeds.poll.interval.ms";
  public static final String MAX_BACKOFF_MS = "ingest.feeds.max.backoff.ms";
  public static final String REQUEST_TIMEOUT_MS = "ingest.feeds.request.timeout.ms";
  public static final String STATE_TOPIC = "ingest.feeds.state.topic";

  public FeedSettings {
    urls = List.copyOf(Objects.requireNonNull(urls, URLS));
    for (String url : urls) {
      checkUrl(url);
    }
    if (urls.stream().distinct().count() != urls.size()) {
      throw new IllegalArgumentException(URLS + ": lists a feed twice: " + urls);
    }
    requirePositive(pollInterval, POLL_INTERVAL_MS);
    requirePositive(maxBackoff, MAX_BACKOFF_MS);
    requirePositive(requestTimeout, REQUEST_TIMEOUT_MS);
    if (maxBackoff.compareTo(pollInterval) < 0) {
      throw new IllegalArgumentException(
          MAX_BACKOFF_MS
              + " ("
              + maxBackoff.toMillis()
              + ") must not be below "
              + POLL_INTERVAL_MS
              + " ("
              + pollInterval.toMillis()
              + "): a failing feed is never polled more often than one that answers");
    }
    if (stateTopic == null || stateTopic.isBlank()) {
      throw new IllegalArgumentException(STATE_TOPIC + " must not be blank");
    }
  }

  /** Adds the feed options to {@code definition} and returns it. */
  public static ConfigDef define(ConfigDef definition) {
    return definition
        .define(
            URLS,
            Type.LIST,
            "",
            Importance.MEDIUM,
            "RSS 2.0 or Atom feeds to poll, http(s) URLs, comma-separated; empty polls none.")
        .define(
            POLL_INTERVAL_MS,
            Type.LONG,
            300_000L,
            Range.atLeast(1_000),
            Importance.MEDIUM,
            "Time between two polls of a feed, in milliseconds.")
        .define(
            MAX_BACKOFF_MS,
            Type.LONG,
            3_600_000L,
            Range.atLeast(1_000),
            Importance.LOW,
            "Longest wait before polling a failing feed again (the wait doubles per error), in ms.")
        .define(
            REQUEST_TIMEOUT_MS,
            Type.LONG,
            30_000L,
            Range.atLeast(1),
            Importance.LOW,
            "Longest wait for a feed server to connect and answer one request, in milliseconds.")
        .define(
            STATE_TOPIC,
            Type.STRING,
            "newsflow-ingest-feeds",
            new ConfigDef.NonEmptyString(),
            Importance.LOW,
            "Compacted topic keeping each feed's ETag, Last-Modified and seen entries across restarts.");
  }

  /**
   * The feed options of an ingest configuration (one defined with {@link #define}).
   *
   * @throws ConfigException when an option is wrong, naming it
   */
  public static FeedSettings from(AbstractConfig config) {
    try {
      return new FeedSettings(
          config.getList(URLS).stream().map(String::strip).filter(s -> !s.isEmpty()).toList(),
          Duration.ofMillis(config.getLong(POLL_INTERVAL_MS)),
          Duration.ofMillis(config.getLong(MAX_BACKOFF_MS)),
          Duration.ofMillis(config.getLong(REQUEST_TIMEOUT_MS)),
          config.getString(STATE_TOPIC));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  private static void checkUrl(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw new IllegalArgumentException(
            URLS + ": '" + url + "' is no absolute http(s) URL such as https://example.org/feed");
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(URLS + ": '" + url + "' is no URL: " + e.getMessage(), e);
    }
  }

  private static void requirePositive(Duration value, String option) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(option + " must be a positive duration, was " + value);
    }
  }
}
