package io.newsflow.ingest.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.newsflow.avro.IngestChannel;
import io.newsflow.ingest.ArticleDraft;
import io.newsflow.ingest.Intake;
import io.newsflow.ingest.InvalidArticleException;
import io.newsflow.ingest.internal.ArticleJson;
import io.newsflow.ingest.internal.KafkaStatus;
import io.newsflow.ingest.internal.Publishers;
import io.newsflow.runtime.ops.JsonErrors;
import io.newsflow.runtime.ops.OpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publishers' HTTP API.
 *
 * <ul>
 *   <li>{@code POST /v1/articles}: one article as {@code application/json}, or a batch as {@code
 *       application/x-ndjson} (one article object per line). {@code 202} with the ids once Kafka
 *       has acknowledged every accepted article; {@code 400} with the reasons, field by field (in a
 *       batch, per line: the valid lines still go in); {@code 413} over the size limits; {@code
 *       415} for other content types; {@code 401} without a token and {@code 403} with an unknown
 *       one, when publishers are configured; {@code 503} with {@code Retry-After} while Kafka
 *       cannot store articles.
 *   <li>{@code GET /health/ready} (and {@code GET /health}, the same answer): {@code 200} while
 *       Kafka answers, else {@code 503}, with JSON telling Kafka's, the feeds' and the folder's
 *       state; {@code GET /health/live}: {@code 200} while the process runs.
 *   <li>{@code GET /metrics} (Prometheus text format), {@code GET /openapi.yaml}.
 * </ul>
 */
public final class IngestApi implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IngestApi.class);
  private static final String IN_FLIGHT = "newsflow.inFlight";
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /**
   * The limits of the API.
   *
   * @param maxRequestBytes largest request body
   * @param maxArticleBytes largest article (title plus body, UTF-8)
   * @param retryAfterSeconds Retry-After of a 503
   */
  public record Limits(int maxRequestBytes, int maxArticleBytes, int retryAfterSeconds) {}

  private final Intake intake;
  private final Publishers publishers;
  private final KafkaStatus kafka;
  private final PrometheusMeterRegistry metrics;
  private final Limits limits;
  private final Supplier<Map<String, Object>> health;
  private OpsServer server;
  private final java.util.concurrent.atomic.AtomicInteger inFlight =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile boolean draining;

  private IngestApi(
      Intake intake,
      Publishers publishers,
      KafkaStatus kafka,
      PrometheusMeterRegistry metrics,
      Limits limits,
      Supplier<Map<String, Object>> health) {
    this.intake = intake;
    this.publishers = publishers;
    this.kafka = kafka;
    this.metrics = metrics;
    this.limits = limits;
    this.health = health;
  }

  /** The API's own routes, limits and error answers, on the service's one server. */
  private void configure(JavalinConfig config) {
    // the handler reads the body itself, with its own limit and a JSON answer
    config.http.maxRequestSize = (long) limits.maxRequestBytes() + 1;
    config.http.asyncTimeout = TimeUnit.MINUTES.toMillis(3);
    config.requestLogger.http(this::timed);
    config.routes.post("/v1/articles", this::postArticles);
    config.routes.get("/openapi.yaml", this::openApi);
  }

  /** Starts the API; {@code port} 0 takes a free port (see {@link #port()}). */
  public static IngestApi start(
      String host,
      int port,
      Intake intake,
      Publishers publishers,
      KafkaStatus kafka,
      PrometheusMeterRegistry metrics,
      Limits limits,
      Supplier<Map<String, Object>> health) {
    IngestApi api = new IngestApi(intake, publishers, kafka, metrics, limits, health);
    api.server =
        OpsServer.serve(
            "ingest",
            host,
            port,
            metrics,
            List.of(
                new OpsServer.Check(
                    "kafka",
                    () ->
                        kafka.available()
                            ? null
                            : Objects.requireNonNullElse(
                                kafka.lastError(), "Kafka does not answer"))),
            api::healthDetails,
            OpsServer.SEE_OPENAPI,
            api::configure);
    return api;
  }

  public int port() {
    return server.port();
  }

  private void timed(Context ctx, Float millis) {
    if (ctx.attribute(IN_FLIGHT) != null) {
      inFlight.decrementAndGet(); // its answer is written
    }
    // only known routes are tags: a scan of random paths must not create a meter per path
    String route =
        switch (ctx.path()) {
          case "/v1/articles",
              "/health",
              "/health/live",
              "/health/ready",
              "/metrics",
              "/openapi.yaml" ->
              ctx.path();
          default -> "other";
        };
    Timer.builder("newsflow.ingest.http.requests")
        .description("HTTP requests to the ingest API, by route and status")
        .tag("method", ctx.method().name())
        .tag("route", route)
        .tag("status", Integer.toString(ctx.statusCode()))
        .publishPercentileHistogram()
        .register(metrics)
        .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
  }

  private void postArticles(Context ctx) {
    // counted until its answer is written (see timed): shutdown waits for it
    inFlight.incrementAndGet();
    ctx.attribute(IN_FLIGHT, Boolean.TRUE);
    if (draining) {
      unavailable(ctx, "the ingest API is shutting down; nothing was accepted");
      return;
    }
    handlePost(ctx);
  }

  /**
   * Stops taking articles (answering 503) and waits until every request taken has been answered;
   * returns whether they all were within the timeout.
   */
  public boolean drain(java.time.Duration timeout) throws InterruptedException {
    draining = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return inFlight.get() == 0;
  }

  /** Answers asynchronously once {@code done} completes. */
  private static void answerLater(Context ctx, CompletableFuture<?> done) {
    ctx.future(() -> done);
  }

  private void handlePost(Context ctx) {
    String request = UUID.randomUUID().toString().substring(0, 8);
    Optional<String> publisher = authenticate(ctx);
    if (publisher == null) {
      return;
    }
    if (!kafka.available()) {
      unavailable(ctx, "Kafka is unreachable (" + kafka.lastError() + "); nothing was accepted");
      return;
    }
    RequestText body = RequestText.read(ctx, limits.maxRequestBytes());
    if (body == null) {
      return;
    }
    String origin = "http:" + request + publisher.map(p -> ":" + p).orElse("");
    if (body.batch()) {
      postBatch(ctx, body.text(), origin, publisher.orElse(null));
    } else {
      postOne(ctx, body.text(), origin, publisher.orElse(null));
    }
  }

  /** The publisher of the request (empty when authentication is off), or null when answered. */
  private Optional<String> authenticate(Context ctx) {
    if (!publishers.required()) {
      return Optional.empty();
    }
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"newsflow\"");
      JsonErrors.answer(
          ctx, 401, "a publisher token is required: send 'Authorization: Bearer <token>'");
      return null;
    }
    Optional<String> publisher = publishers.publisherOf(header.substring(7).strip());
    if (publisher.isEmpty()) {
      JsonErrors.answer(ctx, 403, "the token is not a publisher's token");
      return null;
    }
    return publisher;
  }

  private void postOne(Context ctx, String text, String origin, String publisher) {
    ArticleDraft draft;
    try {
      draft = ArticleJson.draft(MAPPER.readTree(text), origin);
    } catch (JsonProcessingException e) {
      fieldErrors(
          ctx,
          400,
          List.of(
              new InvalidArticleException.FieldError(
                  "body", "invalid JSON: " + e.getOriginalMessage())));
      return;
    } catch (InvalidArticleException e) {
      fieldErrors(ctx, 400, e.fieldErrors());
      return;
    }
    int size = articleBytes(draft);
    if (size > limits.maxArticleBytes()) {
      JsonErrors.answer(
          ctx,
          413,
          "the article is "
              + size
              + " bytes (title plus body), more than the "
              + limits.maxArticleBytes()
              + " allowed (ingest.max.article.bytes)");
      return;
    }
    CompletableFuture<Intake.Receipt> receipt;
    try {
      receipt = intake.submit(draft, IngestChannel.HTTP, publisher);
    } catch (InvalidArticleException e) {
      fieldErrors(ctx, 400, e.fieldErrors());
      return;
    }
    answerLater(
        ctx,
        receipt.handle(
            (r, error) -> {
              if (error != null) {
                notStored(ctx, error);
              } else {
                ctx.status(202).json(result(r));
              }
              return null;
            }));
  }

  private void postBatch(Context ctx, String text, String origin, String publisher) {
    String[] lines = text.split("\r?\n", -1);
    List<Map<String, Object>> results = new ArrayList<>();
    List<CompletableFuture<?>> pending = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      int line = i + 1;
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("line", line);
      results.add(result);
      try {
        ArticleDraft draft = ArticleJson.draft(MAPPER.readTree(lines[i]), origin + ":" + line);
        int size = articleBytes(draft);
        if (size > limits.maxArticleBytes()) {
          throw new InvalidArticleException(
              List.of(
                  "body: article is "
                      + size
                      + " bytes, more than the "
                      + limits.maxArticleBytes()
                      + " allowed (ingest.max.article.bytes)"));
        }
        pending.add(
            intake
                .submit(draft, IngestChannel.HTTP, publisher)
                .handle(
                    (r, error) -> {
                      synchronized (result) {
                        if (error != null) {
                          result.put("status", "failed");
                          result.put("error", cause(error).getMessage());
                        } else {
                          result.putAll(result(r));
                        }
                      }
                      return null;
                    }));
      } catch (JsonProcessingException e) {
        rejected(
            result,
            List.of(
                new InvalidArticleException.FieldError(
                    "line", "invalid JSON: " + e.getOriginalMessage())));
      } catch (InvalidArticleException e) {
        rejected(result, e.fieldErrors());
      }
    }
    if (results.isEmpty()) {
      fieldErrors(
          ctx,
          400,
          List.of(new InvalidArticleException.FieldError("body", "the batch has no articles")));
      return;
    }
    answerLater(
        ctx,
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
            .handle(
                (x, error) -> {
                  answerBatch(ctx, results);
                  return null;
                }));
  }

  private static void rejected(
      Map<String, Object> result, List<InvalidArticleException.FieldError> errors) {
    result.put("status", "rejected");
    result.put("errors", errors.stream().map(IngestApi::fieldError).toList());
  }

  private void answerBatch(Context ctx, List<Map<String, Object>> results) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String status : List.of("accepted", "duplicate", "rejected", "failed")) {
      counts.put(status, 0);
    }
    for (Map<String, Object> result : results) {
      synchronized (result) {
        counts.merge((String) result.get("status"), 1, Integer::sum);
      }
    }
    int status;
    if (counts.get("failed") > 0) {
      status = 503;
      ctx.header("Retry-After", Integer.toString(limits.retryAfterSeconds()));
      kafka.probeSoon();
    } else if (counts.get("accepted") + counts.get("duplicate") > 0) {
      status = 202;
    } else {
      status = 400;
    }
    Map<String, Object> body = new LinkedHashMap<>(counts);
    body.put("results", results);
    ctx.status(status).json(body);
  }

  private static Map<String, Object> result(Intake.Receipt r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", r.id());
    out.put("status", r.duplicate() ? "duplicate" : "accepted");
    if (r.duplicate()) {
      out.put("duplicateOf", r.originalId());
    }
    return out;
  }

  private void notStored(Context ctx, Throwable error) {
    kafka.probeSoon();
    unavailable(ctx, "Kafka did not store the article: " + cause(error).getMessage());
  }

  private void unavailable(Context ctx, String message) {
    ctx.header("Retry-After", Integer.toString(limits.retryAfterSeconds()));
    JsonErrors.answer(ctx, 503, message);
  }

  private static Throwable cause(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  private static int articleBytes(ArticleDraft draft) {
    return (draft.title() == null ? 0 : draft.title().getBytes(StandardCharsets.UTF_8).length)
        + (draft.body() == null ? 0 : draft.body().getBytes(StandardCharsets.UTF_8).length);
  }

  /** Ingest's part of its health answer: Kafka's state, authentication, the topic and feeds. */
  private Map<String, Object> healthDetails(Map<String, String> problems) {
    Map<String, Object> body = new LinkedHashMap<>();
    String kafkaProblem = problems.get("kafka");
    Map<String, Object> kafkaStatus = new LinkedHashMap<>();
    kafkaStatus.put("available", kafkaProblem == null);
    if (kafkaProblem != null) {
      kafkaStatus.put("error", kafkaProblem);
    }
    body.put("kafka", kafkaStatus);
    body.put("authentication", publishers.required() ? "tokens" : "off");
    body.putAll(health.get());
    return body;
  }

  private void openApi(Context ctx) throws IOException {
    try (InputStream in = IngestApi.class.getResourceAsStream("openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml is missing from the ingest jar");
      }
      ctx.contentType("application/yaml; charset=utf-8").result(in.readAllBytes());
    }
  }

  static void fieldErrors(
      Context ctx, int status, List<InvalidArticleException.FieldError> errors) {
    Map<String, Object> body = JsonErrors.body(status, "the article is not valid");
    body.put("errors", errors.stream().map(IngestApi::fieldError).toList());
    ctx.status(status).json(body);
  }

  private static Map<String, String> fieldError(InvalidArticleException.FieldError e) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("field", e.field());
    out.put("message", e.message());
    return out;
  }

  @Override
  public void close() {
    server.close();
  }
}
