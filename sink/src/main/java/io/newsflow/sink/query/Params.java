package io.newsflow.sink.query;

import io.newsflow.sink.query.InvalidRequestException.ParameterError;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters of one request, read with every mistake collected: an unknown or repeated
 * parameter, a limit out of range, a time that does not parse. {@link #check()} then refuses the
 * request with all of them at once, so a client fixes its request in one go.
 */
final class Params {
  private final Map<String, List<String>> values;
  private final List<ParameterError> errors = new ArrayList<>();

  /**
   * @param values the query string, by parameter
   * @param accepted the parameters the endpoint takes; any other is an error (a misspelt filter
   *     must not silently widen a search)
   */
  Params(Map<String, List<String>> values, Set<String> accepted) {
    this.values = values;
    Set<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(accepted);
    for (String name : unknown) {
      fail(
          name,
          "unknown parameter; this endpoint takes "
              + (accepted.isEmpty() ? "none" : String.join(", ", new TreeSet<>(accepted))));
    }
  }

  void fail(String parameter, String message) {
    errors.add(new ParameterError(parameter, message));
  }

  boolean failed(String parameter) {
    return errors.stream().anyMatch(e -> e.parameter().equals(parameter));
  }

  /** Throws the collected errors, if any. */
  void check() {
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
  }

  /** The one value of a parameter, stripped; null when absent or empty. */
  String single(String name) {
    List<String> list = values.getOrDefault(name, List.of());
    if (list.size() > 1) {
      fail(name, "given " + list.size() + " times; give it once");
      return null;
    }
    if (list.isEmpty() || list.get(0).isBlank()) {
      return null;
    }
    return list.get(0).strip();
  }

  /** Every value of a repeatable parameter, stripped, empty ones dropped, each once. */
  List<String> all(String name) {
    List<String> out = new ArrayList<>();
    for (String value : values.getOrDefault(name, List.of())) {
      String v = value.strip();
      if (!v.isEmpty() && !out.contains(v)) {
        out.add(v);
      }
    }
    return out;
  }

  /** {@code limit}: a whole number from 1 to {@code max}, {@code fallback} when absent. */
  int limit(int fallback, int max) {
    String value = single("limit");
    if (value == null) {
      return fallback;
    }
    int limit;
    try {
      limit = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      fail("limit", "'" + clip(value) + "' is not a whole number from 1 to " + max);
      return fallback;
    }
    if (limit < 1 || limit > max) {
      fail("limit", limit + " is out of range; give 1 to " + max);
      return fallback;
    }
    return limit;
  }

  /**
   * A time bound: an ISO-8601 time with an offset ({@code 2016-07-15T10:00:00Z}, {@code
   * 2016-07-15T12:00:00+02:00}) or a date ({@code 2016-07-15}, a UTC day). As an upper bound a date
   * means the end of that day, so {@code from=D&to=D} is the day D.
   */
  Instant time(String name, boolean upperBound) {
    String value = single(name);
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      // a date, then
    }
    try {
      LocalDate day = LocalDate.parse(value);
      return (upperBound ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      fail(
          name,
          "'"
              + clip(value)
              + "' is not an ISO-8601 time with an offset (2016-07-15T10:00:00Z) or a date"
              + " (2016-07-15)");
      return null;
    }
  }

  /** A value cut for an error message, so that a huge parameter is not echoed back whole. */
  static String clip(String value) {
    return value.length() <= 60 ? value : value.substring(0, 57) + "...";
  }
}
