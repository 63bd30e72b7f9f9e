package io.newsflow.sink.postgres;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Sorts database errors into the two kinds the sink treats differently. A record's own fault (bad
 * data, a broken constraint, a value over a limit: SQLSTATE classes 22, 23 and 54) can never be
 * written and goes to the dead-letter topic. Anything else (connection lost, lock or statement
 * timeout, serialization failure, server shutting down) is retried, and stops the sink if it lasts;
 * except what only a person can mend (login refused, no such database or schema, a missing table or
 * permission, a feature the server lacks), which stops it at once.
 */
final class SqlErrors {
  private SqlErrors() {}

  /** True when the record itself cannot be written, whatever the database's state. */
  static boolean isRecordFault(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientException
          || t instanceof SQLRecoverableException
          || t instanceof SQLNonTransientConnectionException) {
        return false;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        return state.startsWith("22") || state.startsWith("23") || state.startsWith("54");
      }
    }
    return false;
  }

  /**
   * True when waiting cannot help: SQLSTATE classes 28 (login refused), 3D (no such database), 3F
   * (no such schema), 42 (a missing table or column, a permission) and 0A (not supported).
   */
  static boolean isConfigurationFault(Throwable error) {
    String state = state(error);
    return state != null
        && (state.startsWith("28")
            || state.startsWith("3D")
            || state.startsWith("3F")
            || state.startsWith("42")
            || state.startsWith("0A"));
  }

  /** The SQLSTATE of the first SQL error in the chain, or null. */
  static String state(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
    }
    return null;
  }
}
