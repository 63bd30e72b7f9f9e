package io.newsflow.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A publisher talking to the ingest API over loopback, as the tests and the load program do. */
final class ApiClient {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  ApiClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  record Answer(int status, JsonNode json, String text, HttpResponse<String> response) {
    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }
  }

  Answer post(String body, String contentType, String token)
      throws IOException, InterruptedException {
    return post(body.getBytes(java.nio.charset.StandardCharsets.UTF_8), contentType, token);
  }

  Answer post(byte[] body, String contentType, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + "/v1/articles"))
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return answer(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
  }

  Answer get(String path) throws IOException, InterruptedException {
    return answer(
        http.send(
            HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString()));
  }

  private static Answer answer(HttpResponse<String> response) {
    JsonNode json = null;
    if (response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
      try {
        json = MAPPER.readTree(response.body());
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + response.body(), e);
      }
    }
    return new Answer(response.statusCode(), json, response.body(), response);
  }

  static String article(String title, String body, String url) {
    var node = MAPPER.createObjectNode().put("title", title).put("body", body);
    if (url != null) {
      node.put("url", url);
    }
    return node.toString();
  }
}
