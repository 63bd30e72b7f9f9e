package io.newsflow.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the client handles the registry's answers, error codes and silences. A scripted HTTP server
 * on loopback plays the registry here because a real one cannot be made to fail on cue; the
 * client's normal operation against a real Apicurio registry is covered by RegistryIT.
 */
class HttpSchemaRegistryClientTest {
  private final Schema schema = SchemaBuilder.record("A").fields().requiredString("x").endRecord();
  private final Deque<int[]> statuses = new ArrayDeque<>();
  private final Deque<String> bodies = new ArrayDeque<>();
  private final AtomicInteger requests = new AtomicInteger();
  private HttpServer server;
  private String lastPath;
  private String lastBody;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private synchronized void answer(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    lastPath = exchange.getRequestURI().getRawPath();
    lastBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    int status = statuses.isEmpty() ? 500 : statuses.poll()[0];
    byte[] body = (bodies.isEmpty() ? "{}" : bodies.poll()).getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  private void script(int status, String body) {
    statuses.add(new int[] {status});
    bodies.add(body);
  }

  private HttpSchemaRegistryClient client() {
    return HttpSchemaRegistryClient.builder(
            "http://127.0.0.1:" + server.getAddress().getPort() + "/apis/ccompat/v7/")
        .maxAttempts(3)
        .backoff(Duration.ofMillis(1), Duration.ofMillis(5))
        .requestTimeout(Duration.ofSeconds(2))
        .build();
  }

  @Test
  void registersUnderTheSubjectPath() {
    script(200, "{\"id\":7}");
    assertThat(client().register("news.raw.v1-value", schema)).isEqualTo(7);
    assertThat(lastPath).isEqualTo("/apis/ccompat/v7/subjects/news.raw.v1-value/versions");
    assertThat(lastBody).contains("\"schema\"").contains("\\\"name\\\":\\\"A\\\"");
  }

  @Test
  void retriesServerErrorsThenSucceeds() {
    script(503, "{\"message\":\"busy\"}");
    script(500, "oops");
    script(200, "{\"schema\":" + quoted(schema.toString()) + "}");
    assertThat(client().schemaById(3)).isEqualTo(schema);
    assertThat(requests.get()).isEqualTo(3);
  }

  @Test
  void givesUpAfterTheLastAttemptWithARegistryUnavailableError() {
    script(503, "{\"message\":\"busy\"}");
    script(503, "{\"message\":\"busy\"}");
    script(503, "{\"message\":\"still busy\"}");
    assertThatThrownBy(() -> client().schemaById(3))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("503")
        .hasMessageContaining("still busy")
        .hasMessageContaining("3 attempts")
        .satisfies(e -> assertThat(((SchemaRegistryException) e).isTransient()).isTrue());
    assertThat(requests.get()).isEqualTo(3);
  }

  @Test
  void incompatibleSchemaIs409AndNotRetried() {
    script(409, "{\"error_code\":409,\"message\":\"Incompatible artifact: y at /fields/1\"}");
    assertThatThrownBy(() -> client().register("s-value", schema))
        .isInstanceOf(IncompatibleSchemaException.class)
        .hasMessageContaining("subject 's-value'")
        .hasMessageContaining("y at /fields/1");
    assertThat(requests.get()).isEqualTo(1);
  }

  @Test
  void unknownIdIsNotFoundWithTheRegistrysErrorCode() {
    script(404, "{\"error_code\":40403,\"message\":\"Schema 99 not found.\"}");
    assertThatThrownBy(() -> client().schemaById(99))
        .isInstanceOf(SchemaNotFoundException.class)
        .hasMessageContaining("schema id 99")
        .satisfies(e -> assertThat(((SchemaRegistryException) e).errorCode()).isEqualTo(40403));
  }

  @Test
  void invalidSchemaIsAClientErrorNamingTheStatus() {
    script(422, "{\"error_code\":42201,\"message\":\"Invalid schema\"}");
    assertThatThrownBy(() -> client().register("s-value", schema))
        .isExactlyInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("422")
        .hasMessageContaining("Invalid schema");
  }

  @Test
  void aRegistryThatIsDownIsReportedAsUnavailable() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    HttpSchemaRegistryClient down =
        HttpSchemaRegistryClient.builder("http://127.0.0.1:" + closedPort)
            .maxAttempts(2)
            .backoff(Duration.ofMillis(1), Duration.ofMillis(1))
            .build();
    assertThatThrownBy(() -> down.latest("x-value"))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("unreachable")
        .hasMessageContaining("127.0.0.1:" + closedPort);
  }

  @Test
  void aSuccessfulAnswerThatIsNotJsonIsAnErrorNotARetry() {
    script(200, "<html>login page</html>");
    assertThatThrownBy(() -> client().register("s-value", schema))
        .isExactlyInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("not JSON");
    assertThat(requests.get()).isEqualTo(1);
  }

  @Test
  void aNotFoundThatIsNotTheRegistrysOwnPointsAtTheApiPath() {
    script(404, "Not Found");
    assertThatThrownBy(() -> client().schemaById(1))
        .isInstanceOf(SchemaNotFoundException.class)
        .hasMessageContaining("/apis/ccompat/v7");
  }

  @Test
  void refusesAUrlThatIsNotHttp() {
    assertThatThrownBy(() -> HttpSchemaRegistryClient.builder("localhost:8081"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http://");
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
