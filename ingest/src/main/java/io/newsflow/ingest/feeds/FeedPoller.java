package io.newsflow.ingest.feeds;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.newsflow.avro.IngestChannel;
import io.newsflow.ingest.ArticleDraft;
import io.newsflow.ingest.Intake;
import io.newsflow.ingest.InvalidArticleException;
import io.newsflow.runtime.config.PipelineConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls RSS 2.0 and Atom feeds and submits their new entries to the {@link Intake} (channel {@code
 * FEED}, origin the feed URL and entry id).
 *
 * <p>Each feed is fetched every {@code ingest.feeds.poll.interval.ms} with a conditional GET
 * (If-None-Match, If-Modified-Since); a 304 submits nothing. An entry is submitted once: it is
 * remembered as seen once Kafka stored it, or when it is invalid (it would not get better); an
 * entry Kafka did not store is submitted again at the next poll. A feed that cannot be fetched or
 * parsed is polled again after a wait that doubles per error, up to {@code
 * ingest.feeds.max.backoff.ms}, and back at the normal interval once it answers. What was fetched
 * and seen is kept per feed on a compacted topic ({@code ingest.feeds.state.topic}), read back at
 * start, so a restart neither posts old entries again nor fetches unchanged feeds in full.
 *
 * <p>Metrics: {@code newsflow.ingest.feed.polls} (tags {@code feed}, {@code outcome}: ok,
 * not_modified, not_stored, error) and {@code newsflow.ingest.feed.entries} (tags {@code feed},
 * {@code outcome}: posted, duplicate, invalid, not_stored).
 *
 * <p>Use: {@code try (FeedPoller poller = FeedPoller.start(settings, config, intake, metrics,
 * clock)) { ... }}. Thread-safe.
 */
public final class FeedPoller implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FeedPoller.class);
  private static final int MAX_THREADS = 4;

  /**
   * Longest wait for Kafka to acknowledge a poll's entries: beyond the producer's default delivery
   * timeout (2 min), so that only a send that will never complete runs into it.
   */
  private static final Duration ACK_TIMEOUT = Duration.ofMinutes(3);

  private static final String ACCEPT =
      "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1";

  private final FeedSettings settings;
  private final Intake intake;
  private final MeterRegistry metrics;
  private final Clock clock;
  private final FeedStateStore store;
  private final HttpClient http;
  private final List<Feed> feeds;
  private volatile ScheduledThreadPoolExecutor scheduler; // null until startPolling
  private volatile boolean closed;

  /** One feed; its fields change only under its monitor, in {@link #poll(Feed)}. */
  private static final class Feed {
    final String url;
    final URI uri;
    FeedState state;
    int failures;
    long generation; // of the one scheduled poll that may still run
    volatile FeedStatus status;

    Feed(String url, FeedState state, Instant now) {
      this.url = url;
      this.uri = URI.create(url);
      this.state = state;
      this.status = new FeedStatus(url, null, null, 0, now, null);
    }
  }

  /** What one fetch came to. */
  private record Result(FeedStatus.Outcome outcome, String error) {}

  private FeedPoller(
      FeedSettings settings,
      Intake intake,
      MeterRegistry metrics,
      Clock clock,
      FeedStateStore store,
      Map<String, FeedState> states) {
    this.settings = settings;
    this.intake = intake;
    this.metrics = metrics;
    this.clock = clock;
    this.store = store;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.requestTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    Instant now = clock.instant();
    this.feeds =
        settings.urls().stream()
            .map(url -> new Feed(url, states.getOrDefault(url, FeedState.NONE), now))
            .toList();
  }

  /**
   * A poller of the configured feeds with their state read back from the state topic (created when
   * missing and {@code topics.create} is true), not polling yet: see {@link #startPolling()} and
   * {@link #pollNow()}. With no feeds configured it does nothing and touches no topic.
   *
   * @param config where Kafka is, for the state topic; the intake has its own producer
   */
  public static FeedPoller create(
      FeedSettings settings,
      PipelineConfig config,
      Intake intake,
      MeterRegistry metrics,
      Clock clock) {
    if (settings.urls().isEmpty()) {
      return new FeedPoller(settings, intake, metrics, clock, null, Map.of());
    }
    FeedStateStore store = new FeedStateStore(config, settings.stateTopic());
    try {
      return new FeedPoller(settings, intake, metrics, clock, store, store.readAll());
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /**
   * {@link #create} then {@link #startPolling()}: every feed is polled now and then on schedule.
   */
  public static FeedPoller start(
      FeedSettings settings,
      PipelineConfig config,
      Intake intake,
      MeterRegistry metrics,
      Clock clock) {
    return create(settings, config, intake, metrics, clock).startPolling();
  }

  /** Polls every feed now, then each on its own schedule, on background threads. */
  public synchronized FeedPoller startPolling() {
    if (closed) {
      throw new IllegalStateException("the feed poller is closed");
    }
    if (scheduler != null || feeds.isEmpty()) {
      return this;
    }
    AtomicInteger count = new AtomicInteger();
    ThreadFactory threads =
        r -> {
          Thread t = new Thread(r, "newsflow-feed-poller-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    scheduler = new ScheduledThreadPoolExecutor(Math.min(MAX_THREADS, feeds.size()), threads);
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    scheduler.setRemoveOnCancelPolicy(true);
    for (Feed feed : feeds) {
      synchronized (feed) {
        schedule(feed, Duration.ZERO);
      }
    }
    log.info("Polling {} feed(s) every {}", feeds.size(), settings.pollInterval());
    return this;
  }

  /**
   * Polls every feed now, one after the other, in the calling thread, whatever their schedule; for
   * tests and operators. Returns when every poll is done, its entries acknowledged and its state
   * stored.
   *
   * @return the status of every feed afterwards
   */
  public List<FeedStatus> pollNow() {
    for (Feed feed : feeds) {
      if (closed) {
        break;
      }
      poll(feed);
    }
    return status();
  }

  /** A snapshot of every feed's status, in the configured order. */
  public List<FeedStatus> status() {
    return feeds.stream().map(f -> f.status).toList();
  }

  /**
   * Stops polling: waits for polls under way (up to the request timeout plus 30 s), then interrupts
   * them, and closes the state producer.
   */
  @Override
  public void close() {
    ScheduledThreadPoolExecutor executor;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      executor = scheduler;
    }
    if (executor != null) {
      executor.shutdown();
      try {
        long waitMillis = settings.requestTimeout().plusSeconds(30).toMillis();
        if (!executor.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)) {
          log.warn("Feed polls still running after {} ms; interrupting them", waitMillis);
          executor.shutdownNow();
          executor.awaitTermination(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        executor.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    if (store != null) {
      store.close();
    }
  }

  // Runs on a scheduler thread; skips when another poll (pollNow) has rescheduled the feed since.
  private void pollScheduled(Feed feed, long generation) {
    synchronized (feed) {
      if (closed || feed.generation != generation) {
        return;
      }
      poll(feed);
    }
  }

  private void poll(Feed feed) {
    synchronized (feed) {
      Instant started = clock.instant();
      Result result;
      try {
        result = fetchAndSubmit(feed);
      } catch (RuntimeException e) {
        // a bug or an unexpected library error must not stop this feed's schedule
        log.error("Feed {}: poll failed unexpectedly", feed.url, e);
        result = new Result(FeedStatus.Outcome.ERROR, describe(e));
      }
      Duration delay;
      if (result.outcome() == FeedStatus.Outcome.ERROR) {
        feed.failures++;
        delay = backoff(feed.failures);
        log.warn(
            "Feed {}: {} (error {} in a row); next poll in {}",
            feed.url,
            result.error(),
            feed.failures,
            delay);
      } else {
        if (feed.failures > 0) {
          log.info("Feed {} answers again after {} error(s)", feed.url, feed.failures);
        }
        feed.failures = 0;
        delay = settings.pollInterval();
      }
      count("newsflow.ingest.feed.polls", "Polls of RSS/Atom feeds, by feed and outcome", feed)
          .tag("outcome", result.outcome().tag())
          .register(metrics)
          .increment();
      Instant next = started.plus(delay); // from start to start, however long the poll took
      feed.status =
          new FeedStatus(feed.url, started, result.outcome(), feed.failures, next, result.error());
      Duration left = Duration.between(clock.instant(), next);
      schedule(feed, left.isNegative() ? Duration.ZERO : left);
    }
  }

  /** The wait after {@code failures} errors in a row: the interval, doubled per error, capped. */
  private Duration backoff(int failures) {
    Duration delay = settings.pollInterval();
    for (int i = 0; i < failures && delay.compareTo(settings.maxBackoff()) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : delay;
  }

  // Called with the feed's monitor held.
  private void schedule(Feed feed, Duration delay) {
    long generation = ++feed.generation;
    ScheduledThreadPoolExecutor executor = scheduler;
    if (executor == null || closed) {
      return;
    }
    try {
      executor.schedule(
          () -> pollScheduled(feed, generation), delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closing: no more polls
    }
  }

  /** A feed document larger than this is an error, not something to hold in memory. */
  static final int MAX_FEED_BYTES = 20 * 1024 * 1024;

  private Result fetchAndSubmit(Feed feed) {
    FeedState state = feed.state;
    HttpResponse<InputStream> response;
    byte[] body;
    try {
      response = http.send(request(feed, state), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        body = in.readNBytes(MAX_FEED_BYTES + 1);
      }
    } catch (IOException e) {
      return new Result(FeedStatus.Outcome.ERROR, describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(FeedStatus.Outcome.ERROR, "interrupted");
    }
    int code = response.statusCode();
    if (code == 304) {
      log.debug("Feed {}: not modified", feed.url);
      return new Result(FeedStatus.Outcome.NOT_MODIFIED, null);
    }
    if (code / 100 != 2) {
      return new Result(FeedStatus.Outcome.ERROR, "HTTP status " + code);
    }
    if (body.length > MAX_FEED_BYTES) {
      return new Result(
          FeedStatus.Outcome.ERROR, "larger than " + MAX_FEED_BYTES + " bytes: not read");
    }
    SyndFeed parsed;
    try {
      parsed = FeedEntries.parse(body, header(response, "Content-Type"));
    } catch (IOException | FeedException | IllegalArgumentException e) {
      return new Result(FeedStatus.Outcome.ERROR, "not an RSS or Atom feed: " + describe(e));
    }
    Set<String> handled = new LinkedHashSet<>();
    int notStored = submitNew(feed, parsed, state, handled);
    if (Thread.currentThread().isInterrupted()) {
      return new Result(FeedStatus.Outcome.NOT_STORED, "interrupted");
    }
    // With entries not stored, forget the validators: a 304 must not hide them from the next poll.
    FeedState next =
        notStored == 0
            ? state.next(header(response, "ETag"), header(response, "Last-Modified"), handled)
            : state.next(null, null, handled);
    feed.state = next;
    if (!next.equals(state)) {
      try {
        store.save(feed.url, next);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        log.warn(
            "Feed {}: state not stored on {}; after a restart its entries may be posted again: {}",
            feed.url,
            settings.stateTopic(),
            describe(e));
      }
    }
    return notStored == 0
        ? new Result(FeedStatus.Outcome.OK, null)
        : new Result(
            FeedStatus.Outcome.NOT_STORED,
            notStored + " entr" + (notStored == 1 ? "y" : "ies") + " not stored by Kafka");
  }

  /**
   * Submits the entries not seen before and waits for Kafka; adds the key of every entry seen,
   * stored or rejected for good to {@code handled}.
   *
   * @return how many entries Kafka did not store
   */
  private int submitNew(Feed feed, SyndFeed parsed, FeedState state, Set<String> handled) {
    Set<String> seen = new HashSet<>(state.seen());
    Map<String, CompletableFuture<Intake.Receipt>> pending = new LinkedHashMap<>();
    List<String> origins = new ArrayList<>();
    int notStored = 0;
    for (SyndEntry entry : parsed.getEntries()) {
      String key = FeedEntries.key(entry);
      if (seen.contains(key)) {
        handled.add(key);
        continue;
      }
      if (pending.containsKey(key) || handled.contains(key)) {
        continue; // the same entry twice in one document
      }
      ArticleDraft draft = FeedEntries.draft(feed.url, parsed, entry);
      try {
        pending.put(key, intake.submit(draft, IngestChannel.FEED, null));
        origins.add(draft.origin());
      } catch (InvalidArticleException e) {
        log.warn(
            "Feed {}: entry {} skipped for good: {}", feed.url, draft.origin(), e.getMessage());
        countEntry(feed, "invalid");
        handled.add(key);
      } catch (RuntimeException e) {
        log.warn("Feed {}: entry {} not stored: {}", feed.url, draft.origin(), describe(e));
        countEntry(feed, "not_stored");
        notStored++;
      }
    }
    long deadline = System.nanoTime() + ACK_TIMEOUT.toNanos();
    int i = 0;
    for (Map.Entry<String, CompletableFuture<Intake.Receipt>> p : pending.entrySet()) {
      String origin = origins.get(i++);
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        Intake.Receipt receipt = p.getValue().get(left, TimeUnit.NANOSECONDS);
        handled.add(p.getKey());
        countEntry(feed, receipt.duplicate() ? "duplicate" : "posted");
        log.debug("Feed {}: entry {} stored as {}", feed.url, origin, receipt.id());
      } catch (ExecutionException | TimeoutException e) {
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        log.warn(
            "Feed {}: entry {} not stored, retried at the next poll: {}",
            feed.url,
            origin,
            describe(cause));
        countEntry(feed, "not_stored");
        notStored++;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return notStored + pending.size() - i + 1;
      }
    }
    return notStored;
  }

  private HttpRequest request(Feed feed, FeedState state) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(feed.uri)
            .timeout(settings.requestTimeout())
            .header("Accept", ACCEPT)
            .header("User-Agent", "newsflow-ingest")
            .GET();
    if (state.etag() != null) {
      request.header("If-None-Match", state.etag());
    }
    if (state.lastModified() != null) {
      request.header("If-Modified-Since", state.lastModified());
    }
    return request.build();
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).filter(v -> !v.isBlank()).orElse(null);
  }

  private void countEntry(Feed feed, String outcome) {
    count("newsflow.ingest.feed.entries", "Entries of RSS/Atom feeds, by feed and outcome", feed)
        .tag("outcome", outcome)
        .register(metrics)
        .increment();
  }

  private static Counter.Builder count(String name, String description, Feed feed) {
    return Counter.builder(name).description(description).tag("feed", feed.url);
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank()
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + message;
  }
}
