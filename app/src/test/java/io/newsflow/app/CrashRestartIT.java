package io.newsflow.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.newsflow.embedded.ApicurioRegistryServer;
import io.newsflow.embedded.FreePorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole one-machine pipeline killed with SIGKILL while a publisher posts, then started again on
 * its data folder (issue 14): every acknowledged article reaches the JSON Lines store exactly once,
 * articles the publisher posts again after the crash come back as duplicates rather than twice, and
 * the ingest API answers again without waiting for enrich. Prints the time to recover; its figure
 * is for reading, not asserted (these machines are shared).
 */
class CrashRestartIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ARTICLES = 240;

  @Test
  void aKilledLocalRunRestartsOnItsDataAndStoresEveryAcknowledgedArticleOnce(@TempDir Path dir)
      throws Exception {
    int kafkaPort = FreePorts.pickPair();
    List<String> args =
        List.of(
            "local",
            "--serve",
            "--data-dir",
            dir.resolve("data").toString(),
            "--out",
            dir.resolve("out").toString(),
            "--kafka-port",
            Integer.toString(kafkaPort),
            "--registry-port",
            Integer.toString(FreePorts.orPick(0)),
            "--ingest-port",
            Integer.toString(FreePorts.orPick(0)),
            "--dashboard-port",
            "-1");
    Run first = Run.start(args, "first");
    Run second = null;
    try {
      String api = first.awaitLine("ingest API\\s+(http\\S+)", Duration.ofMinutes(2));
      Publisher publisher = new Publisher(api);
      Thread posting = new Thread(publisher::postAll, "publisher");
      posting.start();
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> publisher.acknowledged.size() >= ARTICLES / 3);

      first.kill();
      long killedAt = System.nanoTime();
      publisher.failedSince(killedAt);
      second = Run.start(args, "restarted");
      // longer than the run's own start timeouts, so that a start that fails says why itself
      second.awaitLine("(ready in .*)", Duration.ofMinutes(5));
      long readyAt = System.nanoTime();
      posting.join(TimeUnit.MINUTES.toMillis(8));
      assertThat(posting.isAlive()).as("the publisher finished").isFalse();
      assertThat(publisher.acknowledged).hasSize(ARTICLES);

      Map<String, Integer> stored = new HashMap<>();
      try {
        await()
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> {
                  stored.clear();
                  stored.putAll(stored(dir.resolve("out"), "id"));
                  return stored.keySet().containsAll(publisher.acknowledged.values());
                });
      } catch (ConditionTimeoutException e) {
        Set<String> missing = new TreeSet<>(publisher.acknowledged.values());
        missing.removeAll(stored.keySet());
        throw new AssertionError(
            missing.size()
                + " acknowledged articles not stored within 2 minutes, e.g. "
                + missing.stream().limit(5).toList()
                + "; the restarted run's output:\n"
                + second.output()
                + "\nits threads:\n"
                + second.threadDump(),
            e);
      }
      Map<String, Integer> byTitle = stored(dir.resolve("out"), "title");
      List<String> twice =
          byTitle.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
      System.out.printf(
          "crash and restart: %d articles posted, %d acknowledged (%d of them as duplicates of an"
              + " earlier post), %d stored, %d twice; ingest answered %.1f s after the kill,"
              + " the pipeline was ready %.1f s after it%n",
          ARTICLES,
          publisher.acknowledged.size(),
          publisher.duplicates.get(),
          stored.size(),
          twice.size(),
          (publisher.firstAnswerAfterKill.get() - killedAt) / 1e9,
          (readyAt - killedAt) / 1e9);
      assertThat(twice).as("articles stored twice (by title)").isEmpty();
      assertThat(byTitle).hasSize(ARTICLES);
      assertThat(stored.keySet()).containsAll(publisher.acknowledged.values());
      assertThat(publisher.firstAnswerAfterKill.get())
          .as("ingest answered again after the kill")
          .isGreaterThan(killedAt);
    } finally {
      first.kill();
      if (second != null) {
        second.stop();
      }
    }
  }

  /**
   * The articles in the JSON Lines segments by id, with how often each appears, and by title: a
   * post that deduplication missed would be stored again under another id, but with its title.
   */
  private static Map<String, Integer> stored(Path out, String field) throws IOException {
    Map<String, Integer> counts = new HashMap<>();
    for (String line : SinkOutput.lines(SinkOutput.defaultFiles(out))) {
      if (!line.isBlank()) {
        counts.merge(JSON.readTree(line).get(field).asText(), 1, Integer::sum);
      }
    }
    return counts;
  }

  /** Posts articles one a request, each until it is acknowledged, as a careful publisher does. */
  private static final class Publisher {
    final Map<Integer, String> acknowledged = new ConcurrentHashMap<>();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong firstAnswerAfterKill = new AtomicLong();
    private volatile long killedAt = Long.MAX_VALUE;
    private final String api;
    private final HttpClient http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Publisher(String api) {
      this.api = api;
    }

    void failedSince(long nanos) {
      killedAt = nanos;
    }

    void postAll() {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(7);
      for (int i = 0; i < ARTICLES && System.nanoTime() < deadline; i++) {
        String body =
            "{\"title\":\"Talks in Geneva, round "
                + i
                + "\",\"body\":\"Officials of the United Nations met in Geneva on Monday for"
                + " round "
                + i
                + " of the talks.\",\"url\":\"https://example.org/round/"
                + i
                + "\"}";
        while (System.nanoTime() < deadline) {
          try {
            HttpResponse<String> answer =
                http.send(
                    HttpRequest.newBuilder(URI.create(api + "/v1/articles"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() / 100 == 2) {
              JsonNode json = JSON.readTree(answer.body());
              // a post the crash left unanswered, posted again: the id it was stored under
              String id =
                  json.hasNonNull("duplicateOf")
                      ? json.get("duplicateOf").asText()
                      : json.get("id").asText();
              acknowledged.put(i, id);
              if ("duplicate".equals(json.path("status").asText())) {
                duplicates.incrementAndGet();
              }
              long now = System.nanoTime();
              if (now > killedAt) {
                firstAnswerAfterKill.compareAndSet(0, now);
              }
              break;
            }
          } catch (IOException e) {
            // the pipeline is down or restarting: post the same article again
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
          try {
            Thread.sleep(100);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }
  }

  /** {@code newsflow local} in a process of its own, its output collected line by line. */
  private static final class Run {
    private final Process process;
    private final Path log;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private Run(Process process, Path log) {
      this.process = process;
      this.log = log;
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader out =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = out.readLine()) != null) {
                    lines.add(line);
                  }
                } catch (IOException e) {
                  // the process is gone
                }
              },
              "newsflow-output");
      reader.setDaemon(true);
      reader.start();
    }

    /**
     * Starts {@code newsflow args}; its log goes to {@code
     * target/test-logs/crash-restart-NAME-*.log}.
     */
    static Run start(List<String> args, String name) throws IOException {
      Path log =
          Path.of(
                  "target",
                  "test-logs",
                  "crash-restart-" + name + "-" + System.currentTimeMillis() + ".log")
              .toAbsolutePath();
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-Xmx1g");
      java.net.URL config = CrashRestartIT.class.getResource("/crash-restart-log4j2.xml");
      if (config != null) {
        cmd.add("-Dlog4j2.configurationFile=" + config);
        cmd.add("-Dcrash.log=" + log);
      }
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      String home = System.getProperty(ApicurioRegistryServer.HOME_PROPERTY);
      if (home != null) {
        cmd.add("-D" + ApicurioRegistryServer.HOME_PROPERTY + "=" + home);
      }
      cmd.add(Newsflow.class.getName());
      cmd.addAll(args);
      ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
      // newsflow's progress at info, so that a failure's output shows how far the start got
      builder.environment().put("NEWSFLOW_LOG_LEVEL", "INFO");
      return new Run(builder.start(), log);
    }

    /** Its output, and where its log is. */
    String output() {
      return String.join("\n", lines) + "\n(its log: " + log + ")";
    }

    String awaitLine(String regex, Duration timeout) {
      Pattern pattern = Pattern.compile(regex);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        for (String line : lines) {
          Matcher m = pattern.matcher(line);
          if (m.find()) {
            return m.group(1);
          }
        }
        if (!process.isAlive()) {
          throw new AssertionError(
              "newsflow local stopped (" + process.exitValue() + "):\n" + output());
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted", e);
        }
      }
      throw new AssertionError(
          "no line matching "
              + regex
              + " within "
              + timeout
              + ":\n"
              + output()
              + "\nits threads:\n"
              + threadDump());
    }

    /** The process's threads as {@code jcmd Thread.print} prints them, to see where it waits. */
    private String threadDump() {
      Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
      try {
        Process dump =
            new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
                .redirectErrorStream(true)
                .start();
        String text = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        dump.waitFor(30, TimeUnit.SECONDS);
        return text;
      } catch (IOException e) {
        return "(no thread dump: " + e.getMessage() + ")";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "(interrupted)";
      }
    }

    /** SIGKILL: no shutdown hooks; the registry it started has to notice by itself. */
    void kill() throws InterruptedException {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the clean stop. */
    void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
