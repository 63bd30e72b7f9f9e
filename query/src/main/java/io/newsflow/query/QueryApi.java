package io.newsflow.query;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.newsflow.query.Cursors.RankKey;
import io.newsflow.query.Cursors.TimeKey;
import io.newsflow.query.QueryModel.EntityArticle;
import io.newsflow.query.QueryModel.EntityArticles;
import io.newsflow.query.QueryModel.EntityLookup;
import io.newsflow.query.QueryModel.Related;
import io.newsflow.query.QueryModel.SearchHit;
import io.newsflow.query.QueryModel.SearchResults;
import io.newsflow.query.QueryModel.StoryArticles;
import io.newsflow.query.QueryStore.Page;
import io.newsflow.runtime.ops.JsonErrors;
import io.newsflow.runtime.ops.OpsServer;
import io.newsflow.store.NameKeys;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The downstream consumers' HTTP API over the PostgreSQL store; JSON answers, described in {@code
 * openapi.yaml} next to this class.
 *
 * <ul>
 *   <li>{@code GET /v1/articles/{id}}: an article with its entities and their mentions, quotes,
 *       outgoing links and story.
 *   <li>{@code GET /v1/articles/{id}/related}: duplicates and related articles, strongest first,
 *       and the other articles of its story.
 *   <li>{@code GET /v1/entities/{id}/articles}: an entity's articles, newest first, paged.
 *   <li>{@code GET /v1/search}: full-text and entity search, paged.
 *   <li>{@code GET /v1/entities?name=}: entities by name or alias.
 *   <li>{@code GET /health/ready} (and {@code /health}, the same answer): {@code 200} when the
 *       database answers and has the API's tables, else {@code 503}; {@code GET /health/live}:
 *       {@code 200} while the process runs.
 *   <li>{@code GET /metrics} (Prometheus), {@code /openapi.yaml}.
 * </ul>
 *
 * Answers: {@code 400} naming each bad parameter and why; {@code 404} for an unknown article,
 * entity or route; {@code 503} with {@code Retry-After} while the database is unreachable or a
 * query runs past {@code query.statement.timeout.ms}.
 */
final class QueryApi implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(QueryApi.class);
  private static final String ROUTE = "newsflow.route";

  /** Longest {@code q} of a search, in characters. */
  static final int MAX_QUERY_CHARS = 500;

  /** Longest {@code name} of an entity lookup, in characters. */
  static final int MAX_NAME_CHARS = 200;

  /** Most {@code entity} filters of one search. */
  static final int MAX_ENTITY_FILTERS = 10;

  /** Shortest folded name that is also matched as a prefix by the entity lookup. */
  static final int MIN_PREFIX_CHARS = 3;

  static final List<String> ENTITY_TYPES = List.of("PERSON", "ORGANIZATION", "LOCATION", "OTHER");
  static final List<String> RELATED_TYPES = List.of("DUPLICATE", "RELATED");

  /**
   * The limits of the API.
   *
   * @param defaultPageSize results per page when a request gives no limit
   * @param maxPageSize the largest limit accepted
   * @param retryAfterSeconds Retry-After of a 503
   * @param statementTimeoutMs the statement timeout of the store, for messages
   */
  record Limits(
      int defaultPageSize, int maxPageSize, int retryAfterSeconds, long statementTimeoutMs) {}

  /**
   * A route: its path (Javalin's syntax; {@code <id>} takes slashes, as entity ids such as {@code
   * newsflow:person/dan-rostenkowski} have them), the query parameters it takes (null: not checked)
   * and its handler.
   */
  record Route(String path, Set<String> parameters, RouteHandler handler) {
    /** The path as the OpenAPI document writes it. */
    String openApiPath() {
      return path.replace('<', '{').replace('>', '}');
    }
  }

  /** Answers one request; {@code params} is null on routes that take none checked. */
  @FunctionalInterface
  interface RouteHandler {
    void handle(Context ctx, Params params) throws Exception;
  }

  private final QueryStore store;
  private final PrometheusMeterRegistry metrics;
  private final Limits limits;
  private final Supplier<String> notReady;
  private final List<Route> routes;
  private OpsServer server;

  private QueryApi(
      QueryStore store, PrometheusMeterRegistry metrics, Limits limits, Supplier<String> notReady) {
    this.store = store;
    this.metrics = metrics;
    this.limits = limits;
    this.notReady = notReady;
    this.routes =
        List.of(
            new Route("/v1/articles/{id}", Set.of(), this::article),
            new Route("/v1/articles/{id}/related", Set.of("limit", "type"), this::related),
            new Route(
                "/v1/entities/<id>/articles", Set.of("limit", "cursor"), this::entityArticles),
            new Route("/v1/entities", Set.of("name", "type", "limit"), this::entities),
            new Route(
                "/v1/search",
                Set.of("q", "entity", "type", "from", "to", "limit", "cursor"),
                this::search),
            // served by the service's OpsServer; listed so that the document is held to them too
            new Route("/health", null, null),
            new Route("/health/ready", null, null),
            new Route("/health/live", null, null),
            new Route("/metrics", null, null),
            new Route("/openapi.yaml", null, (ctx, p) -> openApi(ctx)));
  }

  /** The API's routes, limits and error answers, on the service's one server. */
  private void configure(JavalinConfig config) {
    config.requestLogger.http(this::timed);
    for (Route route : routes) {
      if (route.handler() != null) {
        config.routes.get(route.path(), ctx -> handle(route, ctx));
      }
    }
    config.routes.exception(InvalidRequestException.class, (e, ctx) -> invalid(ctx, e));
    config.routes.exception(SQLException.class, (e, ctx) -> databaseError(ctx, e));
  }

  /** Starts the API; {@code port} 0 takes a free port (see {@link #port()}). */
  static QueryApi start(
      String host,
      int port,
      QueryStore store,
      PrometheusMeterRegistry metrics,
      Limits limits,
      Supplier<String> notReady) {
    QueryApi api = new QueryApi(store, metrics, limits, notReady);
    api.server =
        OpsServer.serve(
            "query",
            host,
            port,
            metrics,
            List.of(new OpsServer.Check("database", api::databaseProblem)),
            QueryApi::healthDetails,
            OpsServer.SEE_OPENAPI,
            api::configure);
    return api;
  }

  int port() {
    return server.port();
  }

  /** The routes served, for the test that holds them to the OpenAPI document. */
  List<Route> routes() {
    return routes;
  }

  private void handle(Route route, Context ctx) throws Exception {
    ctx.attribute(ROUTE, route.openApiPath());
    Params params = null;
    if (route.parameters() != null) {
      String reason = notReady.get();
      if (reason != null) {
        unavailable(ctx, "the store is not ready: " + reason);
        return;
      }
      params = new Params(ctx.queryParamMap(), route.parameters());
    }
    route.handler().handle(ctx, params);
  }

  private void timed(Context ctx, Float millis) {
    // only routes are tags: a scan of random paths must not create a meter per path
    String route = ctx.attribute(ROUTE);
    if (route == null && OpsServer.PATHS.contains(ctx.path())) {
      route = ctx.path(); // served by the OpsServer, not through handle()
    }
    Timer.builder("newsflow.query.http.requests")
        .description("HTTP requests to the query API, by route and status")
        .tag("method", ctx.method().name())
        .tag("route", route == null ? "other" : route)
        .tag("status", Integer.toString(ctx.statusCode()))
        .publishPercentileHistogram()
        .register(metrics)
        .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
    log.debug(
        "{} {} -> {} in {} ms", ctx.method(), ctx.path(), ctx.statusCode(), Math.round(millis));
  }

  // ---------------------------------------------------------------- handlers

  private void article(Context ctx, Params p) throws SQLException {
    String id = p.path("id", ctx.pathParam("id"));
    p.check();
    var article = store.article(id);
    if (article.isEmpty()) {
      JsonErrors.answer(ctx, 404, "no article with id " + id);
      return;
    }
    ctx.json(article.get());
  }

  private void related(Context ctx, Params p) throws SQLException {
    String id = p.path("id", ctx.pathParam("id"));
    int limit = p.limit(limits.defaultPageSize(), limits.maxPageSize());
    Set<String> types = new LinkedHashSet<>(RELATED_TYPES);
    String type = p.single("type");
    if (type != null) {
      String upper = type.toUpperCase(Locale.ROOT);
      if (RELATED_TYPES.contains(upper)) {
        types = Set.of(upper);
      } else {
        p.fail("type", "'" + Params.clip(type) + "' is not one of " + RELATED_TYPES);
      }
    }
    p.check();
    var answer = store.related(id, types, limit);
    if (answer.isEmpty()) {
      JsonErrors.answer(ctx, 404, "no article with id " + id);
      return;
    }
    var a = answer.get();
    ctx.json(
        new Related(
            a.article(),
            a.related(),
            a.story() == null
                ? null
                : new StoryArticles(a.story().id(), a.story().articleCount(), a.storyArticles())));
  }

  private void entityArticles(Context ctx, Params p) throws SQLException {
    String id = p.path("id", ctx.pathParam("id"));
    int limit = p.limit(limits.defaultPageSize(), limits.maxPageSize());
    String cursor = p.single("cursor");
    p.check();
    String scope = Cursors.scope("entity", id);
    TimeKey after =
        cursor == null ? null : Cursors.decodeTime(cursor, Cursors.ENTITY_ARTICLES, scope);
    var answer = store.entityArticles(id, limit, after);
    if (answer.isEmpty()) {
      JsonErrors.answer(ctx, 404, "no entity with id " + id);
      return;
    }
    Page<EntityArticle, TimeKey> page = answer.get().page();
    ctx.json(
        new EntityArticles(
            answer.get().entity(),
            page.items(),
            page.next() == null
                ? null
                : Cursors.encode(Cursors.ENTITY_ARTICLES, scope, page.next())));
  }

  private void search(Context ctx, Params p) throws SQLException {
    String q = p.single("q");
    if (q != null && q.length() > MAX_QUERY_CHARS) {
      p.fail("q", "is " + q.length() + " characters long; give at most " + MAX_QUERY_CHARS);
    }
    List<String> entities = p.all("entity");
    if (entities.size() > MAX_ENTITY_FILTERS) {
      p.fail("entity", "given " + entities.size() + " times; give at most " + MAX_ENTITY_FILTERS);
    }
    String type = entityType(p);
    if (type != null && q == null && !p.failed("q")) {
      p.fail("type", "asks that the words of q name entities of this type; give q too");
    }
    if (q == null && entities.isEmpty() && !p.failed("q") && !p.failed("entity")) {
      p.fail("q", "give words to search for (q), or at least one entity (entity=ID), or both");
    }
    Instant from = p.time("from", false);
    Instant to = p.time("to", true);
    if (from != null && to != null && !from.isBefore(to)) {
      p.fail("to", "must be later than from");
    }
    int limit = p.limit(limits.defaultPageSize(), limits.maxPageSize());
    String cursor = p.single("cursor");
    p.check();
    List<String> sorted = entities.stream().sorted().toList();
    String scope =
        Cursors.scope(
            "search",
            q,
            String.join("\u001f", sorted),
            type,
            from == null ? null : from.toString(),
            to == null ? null : to.toString());
    RankKey afterRank = null;
    TimeKey afterTime = null;
    if (cursor != null) {
      if (q != null) {
        afterRank = Cursors.decodeRank(cursor, scope);
      } else {
        afterTime = Cursors.decodeTime(cursor, Cursors.SEARCH_BY_TIME, scope);
      }
    }
    Page<SearchHit, Object> page =
        store.search(
            new QueryStore.Search(q, entities, type, from, to, limit, afterRank, afterTime));
    String next = null;
    if (page.next() instanceof RankKey key) {
      next = Cursors.encode(scope, key);
    } else if (page.next() instanceof TimeKey key) {
      next = Cursors.encode(Cursors.SEARCH_BY_TIME, scope, key);
    }
    ctx.json(new SearchResults(q != null ? "rank" : "time", page.items(), next));
  }

  private void entities(Context ctx, Params p) throws SQLException {
    String name = p.single("name");
    String key = null;
    if (name == null) {
      if (!p.failed("name")) {
        p.fail("name", "required: the name or alias to look up");
      }
    } else if (name.length() > MAX_NAME_CHARS) {
      p.fail("name", "is " + name.length() + " characters long; give at most " + MAX_NAME_CHARS);
    } else {
      key = NameKeys.key(name);
      if (key.isEmpty()) {
        p.fail("name", "has no letters or digits to look up");
      }
    }
    String type = entityType(p);
    int limit = p.limit(limits.defaultPageSize(), limits.maxPageSize());
    p.check();
    ctx.json(new EntityLookup(name, key, store.lookup(key, type, limit, MIN_PREFIX_CHARS)));
  }

  /** {@code type}: an entity type, any case; null when absent. */
  private static String entityType(Params p) {
    String type = p.single("type");
    if (type == null) {
      return null;
    }
    String upper = type.toUpperCase(Locale.ROOT);
    if (!ENTITY_TYPES.contains(upper)) {
      p.fail("type", "'" + Params.clip(type) + "' is not one of " + ENTITY_TYPES);
      return null;
    }
    return upper;
  }

  /** What keeps the store from answering, or null when it answers and has its tables. */
  private String databaseProblem() {
    String reason = notReady.get();
    if (reason != null) {
      return reason;
    }
    try {
      store.ping();
      return null;
    } catch (SQLException e) {
      String refused = QueryServer.refusal(e, null, null);
      return refused != null
          ? refused
          : DatabaseErrors.missingTables(e)
              ? "the store has no tables yet ("
                  + e.getMessage()
                  + "): start the sink, or the query API with query.jdbc.migrate=true"
              : e.getMessage();
    }
  }

  /** The query API's part of its health answer: the database's state. */
  private static Map<String, Object> healthDetails(Map<String, String> problems) {
    String problem = problems.get("database");
    Map<String, Object> database = new LinkedHashMap<>();
    database.put("available", problem == null);
    if (problem != null) {
      database.put("error", problem);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("database", database);
    return body;
  }

  private static void openApi(Context ctx) throws IOException {
    try (InputStream in = QueryApi.class.getResourceAsStream("openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml is missing from the query jar");
      }
      ctx.contentType("application/yaml; charset=utf-8").result(in.readAllBytes());
    }
  }

  // ---------------------------------------------------------------- errors

  private void databaseError(Context ctx, SQLException e) {
    String kind;
    String message;
    SQLException refused = DatabaseErrors.invalidValue(e);
    if (refused != null) {
      // a value the parameter checks let through and the database refused: the request's fault
      // as far as the API can tell, so a 400 with the database's words rather than a 500
      count("invalid_value");
      log.warn(
          "{} {}: the database refused a value (SQLSTATE {})",
          ctx.method(),
          ctx.path(),
          refused.getSQLState(),
          e);
      error(
          ctx,
          400,
          "invalid value: " + Params.clip(DatabaseErrors.serverMessage(refused), 300),
          List.of());
      return;
    }
    String refusal = QueryServer.refusal(e, null, null);
    if (refusal != null) {
      kind = "refused";
      message = "the store's database refuses the query API's connections: " + refusal;
    } else if (DatabaseErrors.timedOut(e)) {
      kind = "timeout";
      message =
          "the query ran longer than "
              + limits.statementTimeoutMs()
              + " ms (query.statement.timeout.ms) and was cancelled; narrow it (more words, an"
              + " entity, a time range) or try again later";
    } else if (DatabaseErrors.unavailable(e)) {
      kind = "unavailable";
      message = "the store's database cannot be reached now; try again later";
    } else if (DatabaseErrors.missingTables(e)) {
      kind = "missing_tables";
      message =
          "the store has no tables yet: start the sink, or the query API with"
              + " query.jdbc.migrate=true";
    } else {
      kind = "other";
      message = null;
    }
    count(kind);
    if (message == null) {
      log.error("Database error on {} {}", ctx.method(), ctx.path(), e);
      JsonErrors.answer(ctx, 500, "internal error; the query service logged it");
      return;
    }
    log.warn(
        "{} {}: {} ({}, SQLSTATE {})",
        ctx.method(),
        ctx.path(),
        kind,
        e.getMessage(),
        e.getSQLState());
    unavailable(ctx, message);
  }

  private void count(String kind) {
    Counter.builder("newsflow.query.database.errors")
        .description("Requests that failed in the database, by kind")
        .tag("kind", kind)
        .register(metrics)
        .increment();
  }

  private void unavailable(Context ctx, String message) {
    ctx.header("Retry-After", Integer.toString(limits.retryAfterSeconds()));
    JsonErrors.answer(ctx, 503, message);
  }

  private static void invalid(Context ctx, InvalidRequestException e) {
    error(ctx, 400, e.getMessage(), e.errors());
  }

  /** An error with each bad parameter (none when the database refused a value). */
  private static void error(
      Context ctx, int status, String message, List<InvalidRequestException.ParameterError> bad) {
    Map<String, Object> body = JsonErrors.body(status, message);
    List<Map<String, String>> errors = new ArrayList<>();
    for (InvalidRequestException.ParameterError error : bad) {
      Map<String, String> item = new LinkedHashMap<>();
      item.put("parameter", error.parameter());
      item.put("message", error.message());
      errors.add(item);
    }
    body.put("errors", errors);
    ctx.status(status).json(body);
  }

  @Override
  public void close() {
    server.close();
  }
}
