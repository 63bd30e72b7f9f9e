package io.newsflow.store;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The downstream store's tables, created and upgraded by Flyway from the migrations in {@code
 * io/newsflow/store/migration}. Both the sink and the query API migrate at start; Flyway takes a
 * lock in the database, so instances starting together do it once.
 */
public final class PostgresSchema {
  static final String HISTORY_TABLE = "newsflow_schema_history";
  private static final Logger log = LoggerFactory.getLogger(PostgresSchema.class);

  private PostgresSchema() {}

  /** Brings the database to the newest schema version; returns that version. */
  public static String migrate(DataSource dataSource) {
    MigrateResult result =
        Flyway.configure()
            .dataSource(dataSource)
            .locations("classpath:io/newsflow/store/migration")
            .table(HISTORY_TABLE)
            .load()
            .migrate();
    log.info(
        "Database schema at version {} ({} migration(s) applied now)",
        result.targetSchemaVersion == null
            ? result.initialSchemaVersion
            : result.targetSchemaVersion,
        result.migrationsExecuted);
    return result.targetSchemaVersion == null
        ? result.initialSchemaVersion
        : result.targetSchemaVersion;
  }
}
