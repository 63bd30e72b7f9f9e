package io.newsflow.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.newsflow.embedded.ApicurioRegistryServer;
import io.newsflow.embedded.EmbeddedKafkaBroker;
import io.newsflow.embedded.EmbeddedServers;
import io.newsflow.embedded.FreePorts;
import io.newsflow.ingest.ArticleDraft;
import io.newsflow.ingest.IngestConfig;
import io.newsflow.ingest.IngestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The ingest API under load, over loopback: a real broker in this JVM, an Apicurio registry process
 * and the ingest service, with concurrent publishers each posting one article per request (or
 * NDJSON batches) and waiting for the answer. Prints requests per second, articles per second,
 * p50/p99/max latency of a request, the answers by status, and how many articles are on the raw
 * topic afterwards (each accepted article once: the topic's record count must equal the 202 count).
 */
@Command(
    name = "ingest-load",
    mixinStandardHelpOptions = true,
    description = "Load the ingest HTTP API with concurrent publishers.")
public final class IngestLoad implements Runnable {
  @Option(names = "--articles", defaultValue = "100000", description = "Articles posted.")
  int articles;

  @Option(names = "--clients", defaultValue = "16", description = "Concurrent publishers.")
  int clients;

  @Option(
      names = "--batch",
      defaultValue = "1",
      description = "Articles per request: 1 posts JSON, more posts NDJSON batches.")
  int batch;

  @Option(
      names = "--warmup",
      defaultValue = "5000",
      description = "Articles posted first, not measured.")
  int warmup;

  @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the raw topic.")
  int partitions;

  @Option(names = "--seed", defaultValue = "20261126", description = "Seed of the generator.")
  long seed;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  public static void main(String[] args) {
    System.exit(new CommandLine(new IngestLoad()).execute(args));
  }

  @Override
  public void run() {
    try {
      measure();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void measure() throws Exception {
    long startup = System.nanoTime();
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().port(FreePorts.pick()).build();
    ApicurioRegistryServer registry = ApicurioRegistryServer.builder().port(0).build();
    try (EmbeddedServers servers = EmbeddedServers.start(broker, registry)) {
      Map<String, String> values = new HashMap<>();
      values.put("bootstrap.servers", servers.bootstrapServers());
      values.put("schema.registry.url", servers.schemaRegistryUrl());
      values.put("topics.partitions", Integer.toString(partitions));
      values.put(IngestConfig.HTTP_PORT, "0");
      IngestConfig config = new IngestConfig(values);
      try (IngestServer server = IngestServer.start(config, Clock.systemUTC())) {
        System.out.printf(
            "ingest load: %,d articles, %d clients, %d article(s) per request, %d partitions;"
                + " broker, registry and ingest started in %.1f s%n",
            articles, clients, batch, partitions, (System.nanoTime() - startup) / 1e9);
        ArticleGenerator generator = new ArticleGenerator(new Random(seed));
        List<String> bodies = requests(generator, warmup + articles);
        String url = "http://127.0.0.1:" + server.port() + "/v1/articles";
        post(url, bodies.subList(0, warmup / batch), "warm-up");
        Result r = post(url, bodies.subList(warmup / batch, bodies.size()), "measured");
        long onTopic = recordsOn(servers.bootstrapServers(), config.topicNames().raw());
        long[] sorted = r.latenciesMicros;
        Arrays.sort(sorted);
        System.out.printf(
            "%nmeasured: %,d requests in %.1f s = %,.0f requests/s, %,.0f articles/s%n",
            sorted.length, r.seconds, sorted.length / r.seconds, r.articles / r.seconds);
        System.out.printf(
            "request latency (client, until the answer): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
            percentile(sorted, 0.50) / 1e3,
            percentile(sorted, 0.99) / 1e3,
            sorted[sorted.length - 1] / 1e3);
        System.out.printf("answers by status: %s%n", r.statuses);
        System.out.printf(
            "came through: %,d articles accepted (warm-up and measured), %,d records on %s%s%n",
            acceptedTotal.get(),
            onTopic,
            config.topicNames().raw(),
            onTopic == acceptedTotal.get() ? " (equal)" : " (NOT EQUAL)");
      }
    }
  }

  private record Result(
      double seconds, long[] latenciesMicros, long articles, Map<Integer, Integer> statuses) {}

  private final AtomicLong acceptedTotal = new AtomicLong();

  private List<String> requests(ArticleGenerator generator, int count) {
    List<String> out = new ArrayList<>();
    StringBuilder ndjson = new StringBuilder();
    int inBatch = 0;
    for (int i = 0; i < count; i++) {
      String json = json(generator.next());
      if (batch == 1) {
        out.add(json);
        continue;
      }
      ndjson.append(json).append('\n');
      if (++inBatch == batch) {
        out.add(ndjson.toString());
        ndjson.setLength(0);
        inBatch = 0;
      }
    }
    if (inBatch > 0) {
      out.add(ndjson.toString());
    }
    return out;
  }

  /** An article draft as the JSON the ingest HTTP API takes. */
  static String json(ArticleDraft d) {
    ObjectNode node =
        MAPPER
            .createObjectNode()
            .put("title", d.title())
            .put("body", d.body())
            .put("bodyFormat", d.bodyFormat())
            .put("url", d.url())
            .put("publishedAt", d.publishedAt())
            .put("source", d.source())
            .put("language", d.language());
    return node.toString();
  }

  private Result post(String url, List<String> bodies, String label) throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    String type = batch == 1 ? "application/json" : "application/x-ndjson";
    AtomicInteger next = new AtomicInteger();
    long[] latencies = new long[bodies.size()];
    Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    AtomicLong articlesAccepted = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long started = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      done.add(
          pool.submit(
              () -> {
                for (int i = next.getAndIncrement();
                    i < bodies.size();
                    i = next.getAndIncrement()) {
                  long t0 = System.nanoTime();
                  HttpResponse<String> answer =
                      http.send(
                          HttpRequest.newBuilder(URI.create(url))
                              .timeout(Duration.ofSeconds(60))
                              .header("Content-Type", type)
                              .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i)))
                              .build(),
                          HttpResponse.BodyHandlers.ofString());
                  latencies[i] = (System.nanoTime() - t0) / 1_000;
                  statuses.merge(answer.statusCode(), 1, Integer::sum);
                  if (answer.statusCode() == 202) {
                    long n =
                        batch == 1 ? 1 : MAPPER.readTree(answer.body()).get("accepted").asLong();
                    articlesAccepted.addAndGet(n);
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    pool.shutdown();
    acceptedTotal.addAndGet(articlesAccepted.get());
    System.out.printf(
        "%s: %,d requests in %.1f s, answers %s%n", label, bodies.size(), seconds, statuses);
    return new Result(seconds, latencies, articlesAccepted.get(), statuses);
  }

  private static long recordsOn(String bootstrap, String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      var partitions =
          admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      partitions.forEach(
          p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      long total = 0;
      for (ListOffsetsResult.ListOffsetsResultInfo info :
          admin.listOffsets(latest).all().get().values()) {
        total += info.offset();
      }
      return total; // idempotent producer, no transactions: end offset = records
    }
  }

  private static double percentile(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }
}
