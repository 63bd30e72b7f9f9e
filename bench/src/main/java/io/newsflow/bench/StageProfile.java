package io.newsflow.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the CPU of a benchmark run goes, by stage: async-profiler's CPU samples (one every period
 * of CPU time the process spends, in whichever thread spends it: Java, native code, garbage
 * collection, the JIT compiler), each put in the stage its thread and stack say it is in.
 */
final class StageProfile {
  private StageProfile() {}

  /**
   * Samples per stage from async-profiler's collapsed output with thread names ({@code [name
   * tid=N];frame;frame... count} a line).
   */
  static Map<String, Long> samples(Path collapsed) throws IOException {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(collapsed)) {
      int space = line.lastIndexOf(' ');
      if (space < 0 || !line.startsWith("[")) {
        continue;
      }
      long count = Long.parseLong(line.substring(space + 1).strip());
      String[] parts = line.substring(0, space).split(";");
      String thread = parts[0].substring(1, Math.max(1, parts[0].lastIndexOf(" tid=")));
      List<String> frames = new ArrayList<>(parts.length);
      // root first in the file; leaf first here
      for (int i = parts.length - 1; i >= 1; i--) {
        frames.add(parts[i].replace('/', '.'));
      }
      out.merge(stage(thread, frames), count, Long::sum);
    }
    return out;
  }

  /** The stage of one sample: its thread's role, and within enrich's stream thread its code. */
  static String stage(String thread, List<String> frames) {
    if (thread.startsWith("GC Thread")
        || thread.startsWith("G1 ")
        || thread.equals("VM Thread")
        || thread.startsWith("VM Periodic")) {
      return "JVM: garbage collection";
    }
    if (thread.startsWith("C1 Compiler") || thread.startsWith("C2 Compiler")) {
      return "JVM: JIT compiler";
    }
    if (thread.startsWith("kafka-producer-network-thread")) {
      if (thread.contains("StreamThread")) {
        return (thread.contains("-links-") ? "links" : "enrich")
            + " Streams: producer network thread";
      }
      return thread.contains("newsflow-ingest")
          ? "ingest: producer network thread"
          : "clients: producer network threads";
    }
    if (thread.startsWith("rocksdb")) {
      return "links Streams: state stores (RocksDB)";
    }
    if (thread.startsWith("Sweeper")) {
      return "links: Sweeper";
    }
    if (thread.startsWith("JettyServerThreadPool") || thread.startsWith("qtp")) {
      return "ingest: HTTP and validation (Jetty threads)";
    }
    if (thread.startsWith("newsflow-ingest")) {
      return "ingest: dedup and acknowledgements";
    }
    if (thread.startsWith("HttpClient")) {
      return "driver: HTTP clients";
    }
    if (thread.contains("StreamThread")) {
      return streamThread(thread.contains("-links-") ? "links" : "enrich", frames);
    }
    if (thread.equals("sink-postgres")) {
      return "sink: PostgreSQL (this JVM: poll, Avro, JDBC)";
    }
    if (thread.startsWith("sink-")) {
      return "sink: JSON Lines";
    }
    if (thread.equals("main")) {
      return "driver: generate, validate, send (ingest's work without HTTP)";
    }
    if (thread.contains("kafka")
        || thread.contains("data-plane")
        || thread.contains("broker")
        || thread.contains("raft")
        || thread.contains("Replica")
        || thread.contains("controller")
        || thread.contains("LogCleaner")
        || thread.contains("quorum")
        || thread.contains("Txn")
        || thread.contains("coordinator")
        || thread.contains("reaper")) {
      return "broker";
    }
    return "other threads";
  }

  /** A stream thread's sample, by the code on its stack; {@code app}: enrich or links. */
  private static String streamThread(String app, List<String> frames) {
    if (any(frames, "io.newsflow.nlp.entities.", "io.newsflow.nlp.ner.")) {
      return "enrich: entities";
    }
    if (any(frames, "io.newsflow.nlp.quotes.")) {
      return "enrich: quotes and cited sources";
    }
    if (any(frames, "io.newsflow.nlp.text.")) {
      return "enrich: cleaning and language";
    }
    if (any(frames, "io.newsflow.enrich.HtmlLinks")) {
      return "enrich: hyperlinks in the text";
    }
    String link = rootmost(frames, "io.newsflow.enrich.links.");
    if (link != null) {
      return "links: " + link;
    }
    if (any(frames, "org.apache.avro.", "io.newsflow.schemas.serde.")) {
      return app + " Streams: Avro serde";
    }
    if (any(frames, "org.rocksdb.", "rocksdb::")) {
      return app + " Streams: state stores (RocksDB)";
    }
    if (any(
        frames,
        "org.apache.kafka.clients.producer.internals.TransactionManager",
        "org.apache.kafka.streams.processor.internals.StreamsProducer.commitTransaction",
        "org.apache.kafka.streams.processor.internals.TaskManager.commit")) {
      return app + " Streams: commits and transactions";
    }
    return app + " Streams: poll, produce, runtime";
  }

  private static boolean any(List<String> frames, String... prefixes) {
    for (String f : frames) {
      for (String p : prefixes) {
        if (f.startsWith(p)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The simple class name of the frame nearest the thread's root in a package, or null. */
  private static String rootmost(List<String> frames, String prefix) {
    String found = null;
    for (String f : frames) {
      if (f.startsWith(prefix)) {
        found = f;
      }
    }
    if (found == null) {
      return null;
    }
    // "...links.LinkTopology$$Lambda$12.345.apply": the class before any '$'
    String rest = found.substring(prefix.length());
    int end = rest.length();
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c == '$' || c == '.' || c == '/') {
        end = i;
        break;
      }
    }
    return rest.substring(0, end);
  }

  /**
   * Prints CPU per article by stage: each sample stands for one sampling period of CPU; what the
   * process's CPU time holds beyond the samples (time the profiler could not walk) is a line of its
   * own.
   */
  static void print(
      PrintStream out, Map<String, Long> samples, Duration period, long cpuNanos, int articles) {
    long total = samples.values().stream().mapToLong(Long::longValue).sum();
    double perSample = period.toNanos() / 1e3 / articles;
    out.printf(
        Locale.ROOT,
        "CPU per article by stage (%d samples, one per %d ms of CPU; process CPU %.1f s for %d"
            + " articles):%n",
        total,
        period.toMillis(),
        cpuNanos / 1e9,
        articles);
    samples.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(
            e ->
                out.printf(
                    Locale.ROOT,
                    "  %-52s %7.0f µs  %5.1f%%%n",
                    e.getKey(),
                    e.getValue() * perSample,
                    100.0 * e.getValue() * period.toNanos() / cpuNanos));
    double rest = cpuNanos / 1e3 / articles - total * perSample;
    out.printf(
        Locale.ROOT,
        "  %-52s %7.0f µs  %5.1f%%%n",
        "not in the samples",
        rest,
        100.0 * rest * articles * 1e3 / cpuNanos);
  }
}
