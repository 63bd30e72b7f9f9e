package io.newsflow.query;

import io.newsflow.query.InvalidRequestException.ParameterError;
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
 * parameter, a limit out of range, a time that does not parse or lies outside the years 0001 to
 * 9999, a control character in a text. {@link #check()} then refuses the request with all of them
 * at once, so a client fixes its request in one go.
 *
 * <p>Every text value, path ids included ({@link #path}), is checked here for control characters
 * before it can reach PostgreSQL, whose text cannot hold U+0000 at all.
 */
final class Params {
  /** The earliest time a request may give: the start of the year 1 (UTC). */
  static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

  /**
   * The latest time a request may give: the end of the year 9999 (UTC), which {@code to=9999-12-31}
   * means. PostgreSQL's timestamptz goes further, but no news is dated beyond.
   */
  static final Instant LATEST = Instant.parse("+10000-01-01T00:00:00Z");

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

  /**
   * A path parameter (an article or entity id): the value itself, or null (and an error) when it
   * holds a control character.
   */
  String path(String name, String value) {
    return text(name, value) ? value : null;
  }

  /** The one value of a parameter, stripped; null when absent, empty or refused. */
  String single(String name) {
    List<String> list = values.getOrDefault(name, List.of());
    if (list.size() > 1) {
      fail(name, "given " + list.size() + " times; give it once");
      return null;
    }
    if (list.isEmpty() || list.get(0).isBlank() || !text(name, list.get(0))) {
      return null;
    }
    return list.get(0).strip();
  }

  /**
   * Every value of a repeatable parameter, stripped, empty ones dropped, each once; one with a
   * control character is an error and left out.
   */
  List<String> all(String name) {
    List<String> out = new ArrayList<>();
    for (String value : values.getOrDefault(name, List.of())) {
      String v = value.strip();
      if (!v.isEmpty() && !out.contains(v) && text(name, v)) {
        out.add(v);
      }
    }
    return out;
  }

  /**
   * Whether {@code value} is free of control characters; fails {@code name} when not (once per
   * parameter). Tab, line feed and carriage return are white space and pass; every other C0 control
   * character and DEL is refused: U+0000 cannot be stored in or compared with PostgreSQL text, and
   * none of them belongs in an id, a name or search words.
   */
  private boolean text(String name, String value) {
    int bad = controlCharacter(value);
    if (bad < 0) {
      return true;
    }
    if (!failed(name)) {
      fail(
          name,
          String.format(
              "contains the control character U+%04X at position %d; control characters other than"
                  + " tab and line breaks are not accepted",
              (int) value.charAt(bad), bad + 1));
    }
    return false;
  }

  /** The index of the first refused control character of {@code value}, or -1. */
  static int controlCharacter(String value) {
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if ((ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') || ch == 0x7f) {
        return i;
      }
    }
    return -1;
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
   * means the end of that day, so {@code from=D&to=D} is the day D. The time must lie within the
   * years 0001 to 9999 (UTC), {@link #EARLIEST} to {@link #LATEST}.
   */
  Instant time(String name, boolean upperBound) {
    String value = single(name);
    if (value == null) {
      return null;
    }
    Instant time;
    try {
      time = OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      time = null; // a date, then
    }
    if (time == null) {
      LocalDate day;
      try {
        day = LocalDate.parse(value);
      } catch (DateTimeParseException e) {
        fail(
            name,
            "'"
                + clip(value)
                + "' is not an ISO-8601 time with an offset (2016-07-15T10:00:00Z) or a date"
                + " (2016-07-15)");
        return null;
      }
      // the last day there is has no next one; it is out of range all the same
      LocalDate start = upperBound && day.isBefore(LocalDate.MAX) ? day.plusDays(1) : day;
      time = start.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    if (!inRange(time)) {
      fail(
          name,
          "'"
              + clip(value)
              + "' is out of range; give a time from 0001-01-01T00:00:00Z to 9999-12-31 (UTC)");
      return null;
    }
    return time;
  }

  /** Whether a time lies within {@link #EARLIEST} to {@link #LATEST}, both included. */
  static boolean inRange(Instant time) {
    return !time.isBefore(EARLIEST) && !time.isAfter(LATEST);
  }

  /** A value cut for an error message, so that a huge parameter is not echoed back whole. */
  static String clip(String value) {
    return clip(value, 60);
  }

  /** {@code value} cut to {@code max} characters at most, "..." marking the cut. */
  static String clip(String value, int max) {
    return value.length() <= max ? value : value.substring(0, max - 3) + "...";
  }
}
