package io.newsflow.ingest.feeds;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A feed server on loopback for tests: serves documents by path with an ETag or a Last-Modified,
 * answers conditional GETs with 304 as a real server would, fails on demand, and records the
 * conditional headers of every request.
 */
final class FeedServer implements AutoCloseable {
  /** One request as the server saw it. */
  record Request(String path, String ifNoneMatch, String ifModifiedSince) {}

  private record Document(int status, String contentType, String body, String etag, String date) {}

  private final HttpServer server;
  private final Map<String, Document> documents = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  FeedServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Serves {@code xml} at {@code path} with the given validators (either may be null). */
  void serve(String path, String contentType, String xml, String etag, String lastModified) {
    documents.put(path, new Document(200, contentType, xml, etag, lastModified));
  }

  /** Answers every request for {@code path} with {@code status} and no body. */
  void fail(String path, int status) {
    documents.put(path, new Document(status, null, null, null, null));
  }

  List<Request> requests(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  Request lastRequest(String path) {
    List<Request> forPath = requests(path);
    return forPath.get(forPath.size() - 1);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
      String ifModifiedSince = exchange.getRequestHeaders().getFirst("If-Modified-Since");
      requests.add(new Request(path, ifNoneMatch, ifModifiedSince));
      Document doc = documents.get(path);
      if (doc == null || doc.status() != 200) {
        exchange.sendResponseHeaders(doc == null ? 404 : doc.status(), -1);
        return;
      }
      if (doc.etag() != null) {
        exchange.getResponseHeaders().set("ETag", doc.etag());
      }
      if (doc.date() != null) {
        exchange.getResponseHeaders().set("Last-Modified", doc.date());
      }
      // If-None-Match wins over If-Modified-Since when both are sent (RFC 9110, 13.2.2)
      boolean unchanged =
          ifNoneMatch != null
              ? ifNoneMatch.equals(doc.etag())
              : ifModifiedSince != null && ifModifiedSince.equals(doc.date());
      if (unchanged) {
        exchange.sendResponseHeaders(304, -1);
        return;
      }
      byte[] body = doc.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", doc.contentType());
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
