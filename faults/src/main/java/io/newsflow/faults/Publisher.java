package io.newsflow.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A careful publisher at a steady rate: articles are offered at {@code rate} a second whatever
 * happens, and each is posted until an ingest service acknowledges it (a 2xx answer), as a
 * publisher that must not lose an article does; the services take turns, and a post that fails is
 * tried on the next one. Keeps, per article, when it was first posted, when it was acknowledged and
 * the id it was stored under.
 */
final class Publisher implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An acknowledged article. */
  record Ack(int index, String id, long firstPostNanos, long ackNanos, boolean duplicate) {}

  private final List<String> apis;
  private final double rate;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final BlockingQueue<Integer> offered = new LinkedBlockingQueue<>();
  private final Map<Integer, Long> firstPost = new ConcurrentHashMap<>();
  private final Map<Integer, Ack> acks = new ConcurrentHashMap<>();
  private final AtomicInteger next = new AtomicInteger();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean offering = true;
  private volatile boolean closed;

  /**
   * @param apis ingest services, as behind a load balancer: an article goes to one, and to the next
   *     when that one does not answer
   */
  Publisher(List<String> apis, double rate, int workers) {
    this.apis = List.copyOf(apis);
    this.rate = rate;
    Thread offer = new Thread(this::offer, "publisher-rate");
    offer.setDaemon(true);
    threads.add(offer);
    for (int i = 0; i < workers; i++) {
      Thread worker = new Thread(this::work, "publisher-" + i);
      worker.setDaemon(true);
      threads.add(worker);
    }
    threads.forEach(Thread::start);
  }

  private void offer() {
    long start = System.nanoTime();
    long intervalNanos = (long) (1e9 / rate);
    while (offering) {
      long due = start + next.get() * intervalNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
          return;
        }
      }
      if (offering) {
        offered.add(next.getAndIncrement());
      }
    }
  }

  private void work() {
    while (!closed) {
      Integer index;
      try {
        index = offered.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (index != null) {
        post(index);
      }
    }
  }

  private void post(int index) {
    String body = Articles.json(index);
    int attempt = 0;
    while (!closed) {
      String api = apis.get((index + attempt++) % apis.size());
      firstPost.putIfAbsent(index, System.nanoTime());
      try {
        HttpResponse<String> answer =
            http.send(
                HttpRequest.newBuilder(URI.create(api + "/v1/articles"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 == 2) {
          JsonNode json = JSON.readTree(answer.body());
          boolean duplicate = json.hasNonNull("duplicateOf");
          String id = duplicate ? json.get("duplicateOf").asText() : json.get("id").asText();
          acks.put(index, new Ack(index, id, firstPost.get(index), System.nanoTime(), duplicate));
          return;
        }
        // 503 while Kafka is unreachable, 429 when ingest sheds load: both say post again
      } catch (IOException e) {
        // no answer: post the same article again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Stops offering articles and waits until every one offered is acknowledged. */
  boolean finish(Duration timeout) throws InterruptedException {
    offering = false;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (offered.isEmpty() && acks.size() >= next.get()) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  /** Articles offered so far. */
  int offered() {
    return next.get();
  }

  /** Articles posted at least once. */
  int posted() {
    return firstPost.size();
  }

  Map<Integer, Ack> acknowledged() {
    return Map.copyOf(acks);
  }

  /** Articles first posted between two {@link System#nanoTime()} readings. */
  List<Integer> postedBetween(long from, long to) {
    List<Integer> indices = new ArrayList<>();
    firstPost.forEach(
        (index, at) -> {
          if (at >= from && at < to) {
            indices.add(index);
          }
        });
    return indices;
  }

  @Override
  public void close() {
    offering = false;
    closed = true;
    for (Thread t : threads) {
      t.interrupt();
    }
  }
}
