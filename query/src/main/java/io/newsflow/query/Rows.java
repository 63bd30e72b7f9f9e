package io.newsflow.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One statement's rows, read one way: prepared, its parameters set in order (a collection of
 * strings as a {@code text[]}), each row handed to a reader.
 */
final class Rows {
  private Rows() {}

  @FunctionalInterface
  interface Reader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  @FunctionalInterface
  interface Each {
    void take(ResultSet rs) throws SQLException;
  }

  /** Every row of {@code sql}, read by {@code reader}. */
  static <T> List<T> list(Connection c, String sql, Reader<T> reader, Object... params)
      throws SQLException {
    List<T> out = new ArrayList<>();
    each(c, sql, rs -> out.add(reader.read(rs)), params);
    return out;
  }

  /** Hands every row of {@code sql} to {@code each}. */
  static void each(Connection c, String sql, Each each, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        Object p = params[i];
        if (p instanceof Collection<?> strings) {
          ps.setArray(i + 1, c.createArrayOf("text", strings.toArray(String[]::new)));
        } else {
          ps.setObject(i + 1, p);
        }
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          each.take(rs);
        }
      }
    }
  }
}
