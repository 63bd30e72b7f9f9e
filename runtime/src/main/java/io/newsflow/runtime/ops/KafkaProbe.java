package io.newsflow.runtime.ops;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * A readiness check of the broker connection: asks the cluster to describe itself (a metadata
 * request, cheap for the broker) and answers null when a broker answered within {@code timeout}, or
 * what went wrong. Keeps one admin client open; close it with the service. Wrap it in a {@link
 * CachedCheck} so that probes do not each reach the broker.
 */
public final class KafkaProbe implements Supplier<String>, AutoCloseable {
  private final Admin admin;
  private final Duration timeout;

  /**
   * @param adminProperties the service's admin client settings (bootstrap servers, security)
   * @param clientId names the probe's connections in the broker's logs and metrics
   */
  public KafkaProbe(Map<String, Object> adminProperties, String clientId, Duration timeout) {
    Map<String, Object> props = new HashMap<>(adminProperties);
    props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
    int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    // a probe that fails fast: the admin client would otherwise retry for a minute
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    this.admin = Admin.create(props);
    this.timeout = timeout;
  }

  @Override
  public String get() {
    try {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
          .clusterId()
          .get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
      return null;
    } catch (ExecutionException e) {
      return "no broker answers: " + e.getCause();
    } catch (TimeoutException e) {
      return "no broker answered within " + timeout.toMillis() + " ms";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while asking the broker";
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
