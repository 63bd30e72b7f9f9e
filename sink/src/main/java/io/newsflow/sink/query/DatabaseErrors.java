package io.newsflow.sink.query;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Sorts database failures into what the caller can do about them: the database is unreachable or
 * refusing connections (try again later), a query ran past its statement timeout, or the store's
 * tables are not there; anything else is a bug or a broken store.
 */
final class DatabaseErrors {
  private DatabaseErrors() {}

  /** The database cannot be reached or takes no connections now. */
  static boolean unavailable(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException) {
        return true; // the pool waited for a connection in vain
      }
      String state = t instanceof SQLException sql ? sql.getSQLState() : null;
      if (state != null
          && (state.startsWith("08") // connection exception
              || state.startsWith("53") // insufficient resources, too many connections
              || state.equals("57P01") // admin shutdown
              || state.equals("57P02") // crash shutdown
              || state.equals("57P03") // cannot connect now (starting up)
              || state.equals("40001") // serialization failure
              || state.equals("40P01") // deadlock
              || state.equals("55P03"))) { // lock not available
        return true;
      }
    }
    return false;
  }

  /** A query was cancelled by the statement timeout. */
  static boolean timedOut(Throwable error) {
    return hasState(error, "57014");
  }

  /** The store's tables are missing: nothing migrated the database. */
  static boolean missingTables(Throwable error) {
    return hasState(error, "42P01");
  }

  private static boolean hasState(Throwable error, String state) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && state.equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
