package io.newsflow.ingest.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newsflow.ingest.IngestConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class FeedSettingsTest {

  @Test
  void defaultsPollNoFeedEveryFiveMinutesBackingOffUpToAnHour() {
    FeedSettings settings = FeedSettings.from(new IngestConfig(Map.of()));

    assertThat(settings.urls()).isEmpty();
    assertThat(settings.pollInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(settings.maxBackoff()).isEqualTo(Duration.ofHours(1));
    assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.stateTopic()).isEqualTo("newsflow-ingest-feeds");
  }

  @Test
  void readsTheOptionsOfTheIngestConfiguration() {
    FeedSettings settings =
        FeedSettings.from(
            new IngestConfig(
                Map.of(
                    FeedSettings.URLS,
                    "https://a.example/rss, http://b.example/atom.xml",
                    FeedSettings.POLL_INTERVAL_MS,
                    "60000",
                    FeedSettings.MAX_BACKOFF_MS,
                    "600000",
                    FeedSettings.REQUEST_TIMEOUT_MS,
                    "5000",
                    FeedSettings.STATE_TOPIC,
                    "feeds-state")));

    assertThat(settings.urls())
        .containsExactly("https://a.example/rss", "http://b.example/atom.xml");
    assertThat(settings.pollInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(settings.maxBackoff()).isEqualTo(Duration.ofMinutes(10));
    assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.stateTopic()).isEqualTo("feeds-state");
  }

  @Test
  void refusesWhatCannotBePolledNamingTheOption() {
    assertThatThrownBy(
            () -> FeedSettings.from(new IngestConfig(Map.of(FeedSettings.URLS, "ftp://x/feed"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(FeedSettings.URLS)
        .hasMessageContaining("ftp://x/feed");
    assertThatThrownBy(
            () ->
                FeedSettings.from(
                    new IngestConfig(
                        Map.of(
                            FeedSettings.POLL_INTERVAL_MS, "600000",
                            FeedSettings.MAX_BACKOFF_MS, "60000"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(FeedSettings.MAX_BACKOFF_MS);
    assertThatThrownBy(
            () ->
                new FeedSettings(
                    List.of("https://a.example/rss", "https://a.example/rss"),
                    Duration.ofMinutes(1),
                    Duration.ofMinutes(1),
                    Duration.ofSeconds(1),
                    "t"))
        .hasMessageContaining("twice");
  }
}
