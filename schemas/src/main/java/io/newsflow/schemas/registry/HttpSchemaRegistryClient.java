package io.newsflow.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the Confluent Schema Registry REST API, written for this project because Confluent's
 * client jars are not on Maven Central. Works against any Confluent-compatible registry; for
 * Apicurio give the URL of its compatibility API, {@code http://host:port/apis/ccompat/v7}.
 *
 * <p>Server errors (5xx, 408, 429) and connection failures are retried with exponential backoff,
 * then reported as {@link RegistryUnavailableException}. Client errors fail at once with the
 * registry's message: {@link SchemaNotFoundException} (404), {@link IncompatibleSchemaException}
 * (409), {@link SchemaRegistryException} otherwise (e.g. 422 invalid schema). It does not cache:
 * wrap it in {@link CachedSchemaRegistryClient}.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {
  private static final Logger log = LoggerFactory.getLogger(HttpSchemaRegistryClient.class);
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;

  private HttpSchemaRegistryClient(Builder b) {
    this.baseUrl =
        b.baseUrl.endsWith("/") ? b.baseUrl.substring(0, b.baseUrl.length() - 1) : b.baseUrl;
    this.requestTimeout = b.requestTimeout;
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.http = HttpClient.newBuilder().connectTimeout(b.requestTimeout).build();
  }

  public static Builder builder(String baseUrl) {
    return new Builder(baseUrl);
  }

  public String baseUrl() {
    return baseUrl;
  }

  @Override
  public int register(String subject, Schema schema) {
    String body;
    try {
      body = JSON.writeValueAsString(JSON.createObjectNode().put("schema", schema.toString()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode schema as JSON", e);
    }
    JsonNode answer =
        call(
            "register schema " + schema.getFullName() + " under subject '" + subject + "'",
            HttpRequest.newBuilder(uri("/subjects/" + encode(subject) + "/versions"))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    return answer.path("id").asInt();
  }

  @Override
  public Schema schemaById(int id) {
    JsonNode answer =
        call("fetch schema id " + id, HttpRequest.newBuilder(uri("/schemas/ids/" + id)).GET());
    return parse(answer.path("schema").asText(), "schema id " + id);
  }

  @Override
  public RegisteredSchema latest(String subject) {
    JsonNode answer =
        call(
            "fetch the latest version of subject '" + subject + "'",
            HttpRequest.newBuilder(uri("/subjects/" + encode(subject) + "/versions/latest")).GET());
    return new RegisteredSchema(
        answer.path("subject").asText(subject),
        answer.path("version").asInt(),
        answer.path("id").asInt(),
        parse(answer.path("schema").asText(), "subject " + subject));
  }

  private JsonNode call(String what, HttpRequest.Builder request) {
    request
        .timeout(requestTimeout)
        .header("Accept", CONTENT_TYPE)
        .header("Content-Type", CONTENT_TYPE);
    HttpRequest built = request.build();
    Duration backoff = initialBackoff;
    RuntimeException last = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status / 100 == 2) {
          return answer(what, status, response.body());
        }
        if (!retryable(status)) {
          throw clientError(what, status, response.body());
        }
        last =
            new RegistryUnavailableException(describe(what, status, response.body()), status, null);
      } catch (IOException e) {
        last =
            new RegistryUnavailableException(
                "cannot " + what + ": registry at " + baseUrl + " is unreachable (" + e + ")",
                0,
                e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryUnavailableException("interrupted while trying to " + what, 0, e);
      }
      if (attempt < maxAttempts) {
        log.warn(
            "Schema registry call failed (attempt {}/{}), retrying in {} ms: {}",
            attempt,
            maxAttempts,
            backoff.toMillis(),
            last.getMessage());
        sleep(backoff);
        backoff =
            backoff.multipliedBy(2).compareTo(maxBackoff) > 0
                ? maxBackoff
                : backoff.multipliedBy(2);
      }
    }
    throw new RegistryUnavailableException(
        last.getMessage() + " (gave up after " + maxAttempts + " attempts)",
        ((SchemaRegistryException) last).httpStatus(),
        last.getCause());
  }

  private JsonNode answer(String what, int status, String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new SchemaRegistryException(
          "cannot "
              + what
              + ": registry at "
              + baseUrl
              + " answered "
              + status
              + " with a body that is not JSON; is this a Confluent-compatible registry?",
          status,
          0,
          e);
    }
  }

  private static boolean retryable(int status) {
    return status >= 500 || status == 408 || status == 429;
  }

  private SchemaRegistryException clientError(String what, int status, String body) {
    int errorCode = 0;
    try {
      errorCode = JSON.readTree(body).path("error_code").asInt(0);
    } catch (IOException ignored) {
      // not JSON: the message below still carries the body
    }
    String message = describe(what, status, body);
    if (status == 404) {
      if (errorCode == 0) {
        // not a registry's own "not found": most likely the URL misses the API's path
        message +=
            " (is "
                + baseUrl
                + " the registry's Confluent-compatible API? For Apicurio it ends in"
                + " /apis/ccompat/v7)";
      }
      return new SchemaNotFoundException(message, errorCode);
    }
    if (status == 409) {
      return new IncompatibleSchemaException(message, errorCode);
    }
    return new SchemaRegistryException(message, status, errorCode);
  }

  private String describe(String what, int status, String body) {
    String message = body;
    try {
      JsonNode node = JSON.readTree(body);
      if (node != null && node.hasNonNull("message")) {
        message = node.get("message").asText();
      }
    } catch (IOException ignored) {
      // keep the raw body
    }
    return "cannot " + what + ": registry at " + baseUrl + " answered " + status + ": " + message;
  }

  private static Schema parse(String text, String what) {
    try {
      return new Schema.Parser().parse(text);
    } catch (SchemaParseException e) {
      throw new SchemaRegistryException(
          "registry returned an unreadable Avro schema for " + what + ": " + e.getMessage(),
          200,
          0,
          e);
    }
  }

  private URI uri(String path) {
    return URI.create(baseUrl + path);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryUnavailableException("interrupted while waiting to retry", 0, e);
    }
  }

  /** Builds a client; every setting has a default suited to a registry on the same network. */
  public static final class Builder {
    private final String baseUrl;
    private Duration requestTimeout = Duration.ofSeconds(10);
    private int maxAttempts = 5;
    private Duration initialBackoff = Duration.ofMillis(200);
    private Duration maxBackoff = Duration.ofSeconds(5);

    private Builder(String baseUrl) {
      Objects.requireNonNull(baseUrl, "schema registry URL must be set (schema.registry.url)");
      if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
        throw new IllegalArgumentException(
            "schema registry URL must start with http:// or https://, got '" + baseUrl + "'");
      }
      this.baseUrl = baseUrl;
    }

    public Builder requestTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("request timeout must be positive, got " + timeout);
      }
      this.requestTimeout = timeout;
      return this;
    }

    /** Attempts per call, including the first; at least 1. */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("max attempts must be at least 1, got " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    public Builder backoff(Duration initial, Duration max) {
      if (initial.isNegative() || max.compareTo(initial) < 0) {
        throw new IllegalArgumentException(
            "backoff must satisfy 0 <= initial <= max, got " + initial + " and " + max);
      }
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    public HttpSchemaRegistryClient build() {
      return new HttpSchemaRegistryClient(this);
    }
  }
}
