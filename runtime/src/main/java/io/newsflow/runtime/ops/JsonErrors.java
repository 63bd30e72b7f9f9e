package io.newsflow.runtime.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The error answer of every service's HTTP server, {@code {"status": 404, "error": "..."}}: for an
 * unknown path, an unexpected failure (logged, never shown) and what Jetty refuses before any route
 * sees it. A service adds fields of its own through {@link #body}.
 */
public final class JsonErrors {
  private static final Logger log = LoggerFactory.getLogger(JsonErrors.class);

  private JsonErrors() {}

  /** Answers {@code status} with {@code message}. */
  public static void answer(Context ctx, int status, String message) {
    ctx.status(status).json(body(status, message));
  }

  /** The answer's fields, in order, for a service to add to. */
  public static Map<String, Object> body(int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put("error", message);
    return body;
  }

  /**
   * Makes {@code service}'s server answer every error in JSON.
   *
   * @param notFoundHint what a 404 adds after the path, such as where the endpoints are listed
   */
  static void install(JavalinConfig config, String service, String notFoundHint) {
    config.jetty.modifyServer(server -> server.setErrorHandler(new Refusals()));
    config.routes.exception(
        HttpResponseException.class,
        (e, ctx) ->
            answer(
                ctx,
                e.getStatus(),
                e.getStatus() == 404
                    ? "no such endpoint: " + ctx.method() + " " + ctx.path() + notFoundHint
                    : e.getMessage()));
    config.routes.exception(
        Exception.class,
        (e, ctx) -> {
          if (e instanceof HttpResponseException h) {
            answer(ctx, h.getStatus(), h.getMessage());
            return;
          }
          log.error("Unexpected error on {} {}", ctx.method(), ctx.path(), e);
          answer(ctx, 500, "internal error; the " + service + " service logged it");
        });
  }

  /**
   * Jetty's answer to a request it refuses itself (a path it cannot decode, such as {@code %00}).
   */
  private static final class Refusals extends ErrorHandler {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    protected void generateResponse(
        Request request,
        Response response,
        int code,
        String message,
        Throwable cause,
        Callback callback)
        throws IOException {
      Map<String, Object> body =
          body(
              code,
              "the HTTP server refused the request: "
                  + (message == null || message.isBlank() ? HttpStatus.getMessage(code) : message));
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
      response.write(true, ByteBuffer.wrap(MAPPER.writeValueAsBytes(body)), callback);
    }
  }
}
