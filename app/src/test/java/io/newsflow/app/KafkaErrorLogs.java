package io.newsflow.app;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What Kafka (the broker in this process and the clients) logs at error level from the moment this
 * is created: the lines appended since then to the tests' log file (see testkit's {@code
 * log4j2-test.xml}; test classes run one after the other, so they are this test's). A clean run and
 * a clean stop log none (issue 13): an operator reading the log should not be alarmed by what is
 * not wrong.
 */
final class KafkaErrorLogs {
  private static final Path LOG = Path.of("target", "test-logs", "tests.log");

  /** Level ERROR or FATAL, logger abbreviated by the layout: k.* (the broker) or o.a.k.* */
  private static final Pattern KAFKA_ERROR =
      Pattern.compile("^\\S+ (ERROR|FATAL) +\\[[^\\]]*\\] (k|o\\.a\\.k)\\..*");

  private final long from;

  KafkaErrorLogs() throws IOException {
    this.from = Files.exists(LOG) ? Files.size(LOG) : 0;
  }

  /** The error-level lines of Kafka's loggers logged since. */
  List<String> lines() throws IOException {
    if (!Files.exists(LOG)) {
      return List.of();
    }
    try (RandomAccessFile file = new RandomAccessFile(LOG.toFile(), "r")) {
      byte[] added = new byte[(int) Math.max(0, file.length() - from)];
      file.seek(from);
      file.readFully(added);
      return new String(added, StandardCharsets.UTF_8)
          .lines()
          .filter(l -> KAFKA_ERROR.matcher(l).matches())
          .toList();
    }
  }
}
