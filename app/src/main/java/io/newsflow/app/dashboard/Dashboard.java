package io.newsflow.app.dashboard;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.newsflow.app.dlq.DeadLetterQueue;
import io.newsflow.avro.DeadLetter;
import io.newsflow.runtime.config.PipelineConfig;
import io.newsflow.runtime.ops.OpsServer;
import io.newsflow.schemas.ErrorMessages;
import io.newsflow.schemas.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' dashboard: one HTML page ({@code GET /}) that polls {@code GET /api/overview}
 * every 2 s, showing articles per second by stage over the last 10 minutes, how far behind each
 * consumer group is, the dead letters with their reasons (each replayable with {@code POST
 * /api/dead-letters/{partition}/{offset}/replay}), the most mentioned entities of the last hour and
 * the latest enriched articles with their entities and links.
 *
 * <p>In: the stage totals from a {@link StageCounters}, the groups' offsets (Kafka Admin), the
 * dead-letter topic ({@link DeadLetterQueue}) and the entities, enriched and links topics ({@link
 * TopicTail}); all read without a consumer group, so the dashboard commits nothing. Served by
 * {@code newsflow local} (port 8088) and by {@code newsflow dashboard} against a cluster, on an
 * {@link OpsServer} like every service: {@code /health/ready} is ready while the groups' lag can be
 * read.
 */
public final class Dashboard implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Dashboard.class);

  /** Header a replay request must carry: a cross-site form cannot set it. */
  static final String CONFIRM_HEADER = "X-Newsflow-Confirm";

  private static final Duration SAMPLE_EVERY = Duration.ofSeconds(5);
  private static final Duration CHART_SPAN = Duration.ofMinutes(10);
  private static final int LATEST_LETTERS = 10;
  private static final int TOP_ENTITIES = 15;

  private final Settings settings;
  private final DeadLetterQueue queue;
  private final Admin admin;
  private final LagReader lag;
  private final TopicTail tail;
  private final Throughput throughput;
  private final ScheduledExecutorService scheduler;
  private final PrometheusMeterRegistry metrics =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private OpsServer server;
  private final String page;
  private volatile Parts parts = new Parts(List.of(), null, null, null, null);

  /** What the page shows of the lag and the dead letters, refreshed in the background. */
  private record Parts(
      List<LagReader.Lag> lag,
      String lagError,
      DeadLetterQueue.Listing letters,
      String lettersError,
      String throughputError) {}

  /**
   * Where the dashboard listens and what it reads.
   *
   * @param host interface to listen on (127.0.0.1: this machine only)
   * @param port 0 picks a free one
   * @param groups the stages' consumer groups whose lag to show
   */
  public record Settings(
      PipelineConfig config,
      Topics topics,
      StageCounters counters,
      List<Group> groups,
      String host,
      int port,
      Clock clock) {
    public Settings {
      Objects.requireNonNull(config, "config");
      Objects.requireNonNull(topics, "topics");
      Objects.requireNonNull(counters, "counters");
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("dashboard port must be 0..65535, not " + port);
      }
      groups = List.copyOf(groups);
    }
  }

  /** A consumer group to watch: the stage it belongs to (shown) and its id. */
  public record Group(String stage, String groupId) {}

  private Dashboard(Settings settings) {
    this.settings = settings;
    this.queue = new DeadLetterQueue(settings.config(), settings.topics());
    this.admin = Admin.create(settings.config().clientProperties("admin."));
    this.lag =
        new LagReader(admin, settings.config().clientProperties("consumer."), settings.groups());
    this.throughput = new Throughput((int) (CHART_SPAN.toSeconds() / SAMPLE_EVERY.toSeconds()) + 1);
    settings
        .counters()
        .countingSince()
        .filter(since -> since.isAfter(settings.clock().instant().minus(CHART_SPAN)))
        .ifPresent(since -> throughput.add(since, Map.of()));
    this.page = resource("dashboard.html");
    this.tail = new TopicTail(settings.config(), settings.topics(), settings.clock());
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "dashboard-refresh");
              t.setDaemon(true);
              return t;
            });
  }

  /** The page and its API, on the service's one server beside /metrics and /health. */
  private void routes(JavalinConfig config) {
    config.routes.get("/", ctx -> ctx.html(page));
    config.routes.get("/api/overview", ctx -> ctx.json(overview()));
    config.routes.post("/api/dead-letters/{partition}/{offset}/replay", this::replay);
  }

  /** Null while the consumer groups' lag can be read, else why not: the dashboard's readiness. */
  private String kafkaProblem() {
    String error = parts.lagError();
    return error == null ? null : "the consumer groups' lag cannot be read: " + error;
  }

  /** Starts reading and serving; the first figures arrive within seconds. */
  public static Dashboard start(Settings settings) {
    Dashboard dashboard = new Dashboard(settings);
    try {
      dashboard.scheduler.scheduleWithFixedDelay(
          dashboard::sample, 0, SAMPLE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
      dashboard.scheduler.scheduleWithFixedDelay(
          dashboard::refresh, 0, 3_000, TimeUnit.MILLISECONDS);
      dashboard.server =
          OpsServer.serve(
              "dashboard",
              settings.host(),
              settings.port(),
              dashboard.metrics,
              List.of(new OpsServer.Check("kafka", dashboard::kafkaProblem)),
              problems -> Map.of(),
              "",
              dashboard::routes);
    } catch (RuntimeException e) {
      dashboard.close();
      throw e;
    }
    log.info("Dashboard at {}", dashboard.url());
    return dashboard;
  }

  public int port() {
    return server.port();
  }

  /** The registry its {@code /metrics} serves: the process's own meters go here. */
  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  /** {@code http://host:port/}. */
  public String url() {
    return "http://" + settings.host() + ":" + port() + "/";
  }

  private void sample() {
    try {
      throughput.add(settings.clock().instant(), settings.counters().totals());
      parts = withThroughputError(null);
    } catch (RuntimeException e) {
      log.debug("Dashboard cannot read the stage totals", e);
      parts = withThroughputError(ErrorMessages.describe(e));
    }
  }

  private synchronized Parts withThroughputError(String error) {
    Parts p = parts;
    return new Parts(p.lag(), p.lagError(), p.letters(), p.lettersError(), error);
  }

  private void refresh() {
    List<LagReader.Lag> lags = parts.lag();
    String lagError = null;
    try {
      lags = lag.read();
    } catch (RuntimeException e) {
      lagError = ErrorMessages.describe(e);
    }
    DeadLetterQueue.Listing letters = parts.letters();
    String lettersError = null;
    try {
      letters = queue.list(DeadLetterQueue.Filter.ALL);
    } catch (RuntimeException e) {
      lettersError = ErrorMessages.describe(e);
    }
    synchronized (this) {
      parts = new Parts(lags, lagError, letters, lettersError, parts.throughputError());
    }
  }

  /** A row of the dead-letter summary: how many letters a stage wrote for one reason. */
  record ReasonCount(String stage, String reason, long count, String latestMessage) {}

  /** A dead letter as shown, with what the replay button needs. */
  record LetterView(
      int partition,
      long offset,
      String stage,
      String reason,
      String message,
      String articleId,
      String origin,
      long failedAt,
      String notReplayable) {}

  /** Everything the page shows, in one answer. */
  record Overview(
      long generatedAt,
      Map<String, Object> throughput,
      Map<String, Object> lag,
      Map<String, Object> deadLetters,
      Map<String, Object> entities,
      Map<String, Object> articles) {}

  Overview overview() {
    Parts p = parts;
    Map<String, Object> chart = new LinkedHashMap<>();
    chart.put("source", settings.counters().describe());
    chart.put("sampleSeconds", SAMPLE_EVERY.toSeconds());
    chart.put("spanSeconds", CHART_SPAN.toSeconds());
    chart.put("stages", throughput.stages());
    chart.put("points", throughput.points());
    chart.put("totals", throughput.latest());
    chart.put("error", p.throughputError());

    Map<String, Object> behind = new LinkedHashMap<>();
    behind.put("groups", p.lag());
    behind.put("error", p.lagError());

    Map<String, Object> dead = new LinkedHashMap<>();
    List<ReasonCount> reasons = new ArrayList<>();
    List<LetterView> latest = new ArrayList<>();
    if (p.letters() != null) {
      Map<String, ReasonCount> byReason = new LinkedHashMap<>();
      for (DeadLetterQueue.Entry e : p.letters().entries()) {
        DeadLetter l = e.letter();
        byReason.merge(
            l.getStage() + "\u0000" + e.reason(),
            new ReasonCount(l.getStage(), e.reason(), 1, l.getErrorMessage()),
            (a, b) -> new ReasonCount(a.stage(), a.reason(), a.count() + 1, b.latestMessage()));
      }
      reasons.addAll(byReason.values());
      reasons.sort((a, b) -> Long.compare(b.count(), a.count()));
      List<DeadLetterQueue.Entry> entries = p.letters().entries();
      for (int i = entries.size() - 1; i >= 0 && latest.size() < LATEST_LETTERS; i--) {
        DeadLetterQueue.Entry e = entries.get(i);
        DeadLetter l = e.letter();
        latest.add(
            new LetterView(
                e.position().partition(),
                e.position().offset(),
                l.getStage(),
                e.reason(),
                l.getErrorMessage(),
                l.getArticleId(),
                e.origin(),
                l.getFailedAt().toEpochMilli(),
                queue.refusal(e)));
      }
      dead.put("total", entries.size());
      dead.put("unreadable", p.letters().unreadable());
    } else {
      dead.put("total", null);
    }
    dead.put("topic", queue.topic());
    dead.put("byReason", reasons);
    dead.put("latest", latest);
    dead.put("error", p.lettersError());

    Map<String, Object> entities = new LinkedHashMap<>();
    entities.put("windowMinutes", TopicTail.WINDOW.toMinutes());
    entities.put("top", tail.topEntities(TOP_ENTITIES));
    entities.put("error", tail.error());

    Map<String, Object> articles = new LinkedHashMap<>();
    articles.put("latest", tail.latestArticles());
    articles.put("error", tail.error());
    return new Overview(settings.clock().millis(), chart, behind, dead, entities, articles);
  }

  private void replay(Context ctx) {
    if (!"replay".equals(ctx.header(CONFIRM_HEADER))) {
      ctx.status(400)
          .json(
              Map.of(
                  "error",
                  "a replay must carry the header "
                      + CONFIRM_HEADER
                      + ": replay (the page sends it)"));
      return;
    }
    DeadLetterQueue.Position position;
    try {
      position =
          new DeadLetterQueue.Position(
              Integer.parseInt(ctx.pathParam("partition")),
              Long.parseLong(ctx.pathParam("offset")));
    } catch (NumberFormatException e) {
      ctx.status(400).json(Map.of("error", "partition and offset must be numbers"));
      return;
    }
    DeadLetterQueue.Entry entry =
        queue.list(DeadLetterQueue.Filter.ALL).entries().stream()
            .filter(e -> e.position().equals(position))
            .findFirst()
            .orElse(null);
    if (entry == null) {
      ctx.status(404).json(Map.of("error", "no dead letter at " + queue.topic() + " " + position));
      return;
    }
    DeadLetterQueue.Outcome outcome = queue.replay(List.of(entry), false).get(0);
    if (outcome instanceof DeadLetterQueue.Replayed r) {
      log.info(
          "Dashboard replayed {} to {}-{}@{}",
          entry.replayedFrom(),
          r.topic(),
          r.partition(),
          r.offset());
      ctx.json(
          Map.of(
              "replayed",
              true,
              "topic",
              r.topic(),
              "partition",
              r.partition(),
              "offset",
              r.offset()));
    } else {
      ctx.status(409)
          .json(Map.of("replayed", false, "error", ((DeadLetterQueue.Refused) outcome).reason()));
    }
  }

  private static String resource(String name) {
    try (InputStream in = Dashboard.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name + " next to Dashboard.class");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      scheduler.shutdownNow();
      try {
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      tail.close();
      lag.close();
      admin.close(Duration.ofSeconds(5));
    }
  }
}
