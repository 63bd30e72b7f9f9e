package io.newsflow.app.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the stage totals from the services' Prometheus endpoints ({@code GET /metrics}, text
 * format): articles accepted by ingest ({@code
 * newsflow_ingest_articles_total{outcome="accepted"}}), enriched ({@code
 * kafka_newsflow_enrich_articles_enriched_total}) and written by each sink store ({@code
 * newsflow_sink_records_total{type="article"}}), summed over every URL given (instances of a stage
 * share its work).
 */
public final class MetricsScraper implements StageCounters {
  private final List<URI> urls;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public MetricsScraper(List<URI> urls) {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException(
          "no /metrics URL to read; give each service's, e.g. --metrics http://host:8080/metrics");
    }
    this.urls = List.copyOf(urls);
  }

  @Override
  public Map<String, Double> totals() {
    Map<String, Double> totals = new LinkedHashMap<>();
    totals.put("ingest", 0.0);
    totals.put("enrich", 0.0);
    for (URI url : urls) {
      String text;
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(3)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          throw new IllegalStateException(url + " answered HTTP " + response.statusCode());
        }
        text = response.body();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + url + ": " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading " + url, e);
      }
      stageTotals(text).forEach((stage, value) -> totals.merge(stage, value, Double::sum));
    }
    return totals;
  }

  @Override
  public String describe() {
    return "read from " + urls;
  }

  /** The stage totals in one Prometheus text exposition. */
  static Map<String, Double> stageTotals(String exposition) {
    Map<String, Double> totals = new LinkedHashMap<>();
    for (String line : exposition.split("\n")) {
      Sample s = Sample.parse(line);
      if (s == null) {
        continue;
      }
      switch (s.name()) {
        case "newsflow_ingest_articles_total" -> {
          if ("accepted".equals(s.labels().get("outcome"))) {
            totals.merge("ingest", s.value(), Double::sum);
          }
        }
        case "kafka_newsflow_enrich_articles_enriched_total" ->
            totals.merge("enrich", s.value(), Double::sum);
        case "newsflow_sink_records_total" -> {
          if ("article".equals(s.labels().get("type"))) {
            String store = s.labels().getOrDefault("store", "?");
            totals.merge("sink (" + store + ")", s.value(), Double::sum);
          }
        }
        default -> {
          // not a throughput figure
        }
      }
    }
    return totals;
  }

  /** One sample line: {@code name{label="value",...} value [timestamp]}. */
  record Sample(String name, Map<String, String> labels, double value) {
    /** Null for comments, blank lines and lines that are no sample. */
    static Sample parse(String raw) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        return null;
      }
      int i = 0;
      while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
        i++;
      }
      String name = line.substring(0, i);
      Map<String, String> labels = new HashMap<>();
      if (i < line.length() && line.charAt(i) == '{') {
        i++;
        while (i < line.length() && line.charAt(i) != '}') {
          int eq = line.indexOf('=', i);
          if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
            return null;
          }
          String key = line.substring(i, eq).strip();
          StringBuilder value = new StringBuilder();
          int j = eq + 2;
          while (j < line.length() && line.charAt(j) != '"') {
            char c = line.charAt(j);
            if (c == '\\' && j + 1 < line.length()) {
              char n = line.charAt(++j);
              value.append(n == 'n' ? '\n' : n);
            } else {
              value.append(c);
            }
            j++;
          }
          labels.put(key, value.toString());
          i = j + 1;
          if (i < line.length() && line.charAt(i) == ',') {
            i++;
          }
        }
        i++;
      }
      String[] rest = line.substring(Math.min(i, line.length())).strip().split("\\s+");
      try {
        return new Sample(name, labels, Double.parseDouble(rest[0]));
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        return null;
      }
    }
  }
}
