package io.newsflow.query;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.postgresql.util.PSQLException;

/**
 * Sorts database failures into what the caller can do about them: the database is unreachable or
 * refusing connections (try again later), a query ran past its statement timeout, a value the
 * database refuses (data exception), or the store's tables are not there; anything else is a bug or
 * a broken store.
 */
final class DatabaseErrors {
  private DatabaseErrors() {}

  /**
   * The database cannot be reached or takes no connections now. Not when it refuses the login or
   * has no such database: that lasts until someone fixes the configuration or creates it.
   */
  static boolean unavailable(Throwable error) {
    if (loginRefused(error) != null || noSuchDatabase(error) != null) {
      return false;
    }
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

  /**
   * The database refused the login (SQLSTATE class 28: no such role, a wrong password, no entry in
   * pg_hba.conf): the failure that says so, or null.
   */
  static SQLException loginRefused(Throwable error) {
    return withState(error, "28");
  }

  /** The database named in the URL does not exist (3D000): the failure that says so, or null. */
  static SQLException noSuchDatabase(Throwable error) {
    return withState(error, "3D000");
  }

  /**
   * The last failure of the chain whose SQLSTATE starts with {@code prefix}, or null: the driver's
   * own, with the database's message, rather than a pool's wrapper that copies its SQLSTATE.
   */
  private static SQLException withState(Throwable error, String prefix) {
    SQLException found = null;
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql
          && sql.getSQLState() != null
          && sql.getSQLState().startsWith(prefix)) {
        found = sql;
      }
    }
    return found;
  }

  /** A query was cancelled by the statement timeout. */
  static boolean timedOut(Throwable error) {
    return hasState(error, "57014");
  }

  /**
   * A data exception (SQLSTATE class 22: a value out of range, a NUL in text, a division by zero):
   * the failure that says so, or null. The request's parameters are checked before they reach the
   * database; this catches what the checks did not foresee.
   */
  static SQLException invalidValue(Throwable error) {
    return withState(error, "22");
  }

  /**
   * The database's own message of a failure, without the driver's "ERROR:" and detail lines (which
   * may quote the whole statement or a stored value).
   */
  static String serverMessage(SQLException error) {
    if (error instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
      String message = psql.getServerErrorMessage().getMessage();
      if (message != null) {
        return message;
      }
    }
    String message = String.valueOf(error.getMessage());
    int line = message.indexOf('\n');
    return line < 0 ? message : message.substring(0, line);
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
