package io.newsflow.ingest.internal;

import io.newsflow.runtime.config.PipelineConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Kafka answers, probed in the background (a cluster description every interval), so that
 * the HTTP API can answer {@code 503} at once while Kafka is unreachable instead of accepting what
 * it cannot store. Thread-safe.
 */
public final class KafkaStatus implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KafkaStatus.class);

  private final Admin admin;
  private final Duration timeout;
  private final ScheduledExecutorService probes;
  private volatile boolean available;
  private volatile String lastError = "not probed yet";

  private KafkaStatus(Admin admin, Duration interval) {
    this.admin = admin;
    this.timeout =
        interval.multipliedBy(2).compareTo(Duration.ofSeconds(1)) < 0
            ? Duration.ofSeconds(1)
            : interval.multipliedBy(2);
    this.probes =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "newsflow-ingest-kafka-status");
              t.setDaemon(true);
              return t;
            });
    probe();
    probes.scheduleWithFixedDelay(
        this::probe, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Starts probing: the first probe runs before this returns. */
  public static KafkaStatus start(PipelineConfig config, Duration interval) {
    Map<String, Object> props = config.clientProperties("admin.");
    props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "newsflow-ingest-status");
    int ms = (int) Math.max(1000, interval.toMillis() * 2);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    return new KafkaStatus(Admin.create(props), interval);
  }

  /** Whether the last probe reached Kafka. */
  public boolean available() {
    return available;
  }

  /** Why the last probe failed, or null when it did not. */
  public String lastError() {
    return available ? null : lastError;
  }

  /** Probes soon, in the background (e.g. after a send failed): never blocks the caller. */
  public void probeSoon() {
    try {
      probes.execute(this::probe);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed: nothing left to probe for
    }
  }

  /** Probes now and returns the result; blocks up to the probe timeout. */
  boolean probe() {
    boolean was = available;
    try {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
          .nodes()
          .get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
      available = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return available;
    } catch (Exception e) {
      lastError = e.getCause() != null ? e.getCause().toString() : e.toString();
      available = false;
    }
    if (was != available) {
      if (available) {
        log.info("Kafka is reachable again: accepting articles");
      } else {
        log.warn("Kafka is unreachable ({}): answering 503 until it is back", lastError);
      }
    }
    return available;
  }

  @Override
  public void close() {
    probes.shutdownNow();
    admin.close(Duration.ofSeconds(5));
  }
}
