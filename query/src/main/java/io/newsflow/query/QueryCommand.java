package io.newsflow.query;

import io.newsflow.runtime.config.ConfigOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code newsflow query --jdbc-url URL}: serves the query API over the PostgreSQL store until
 * stopped (Ctrl-C or SIGTERM stop the HTTP server, then close the pool; the API only reads, so a
 * request cut short can be asked again). It needs no Kafka: only the database the sink writes.
 */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = "Serve the query API (HTTP, JSON) over the PostgreSQL store until stopped.")
public final class QueryCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Option(
      names = "--jdbc-url",
      paramLabel = "URL",
      description = "PostgreSQL store, jdbc:postgresql://host:5432/db (query.jdbc.url).")
  String jdbcUrl;

  @Option(names = "--port", description = "Port of the query API (query.http.port).")
  Integer port;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    if (jdbcUrl != null) {
      config.option(QueryConfig.JDBC_URL, jdbcUrl);
    }
    if (port != null) {
      config.option(QueryConfig.HTTP_PORT, port.toString());
    }
    QueryConfig query = new QueryConfig(config.load(System.getenv(), QueryConfig.definition()));
    QueryServer server = QueryServer.start(query);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              server.close();
              stopped.countDown();
            },
            "newsflow-query-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    PrintWriter out = spec.commandLine().getOut();
    String base = "http://" + query.httpHost() + ":" + server.port();
    out.printf(
        "Query API on %s: %s/v1/search?q=..., %s/v1/entities?name=..., %s/v1/articles/ID,"
            + " %s/health, %s/metrics, %s/openapi.yaml%n",
        base, base, base, base, base, base, base);
    out.flush();
    stopped.await();
    return 0;
  }
}
