package io.newsflow.sink.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.newsflow.avro.ArticleLink;
import io.newsflow.avro.EnrichedArticle;
import io.newsflow.schemas.registry.SchemaRegistryException;
import io.newsflow.sink.internal.SinkLoop;
import io.newsflow.sink.internal.SinkLoop.Item;
import io.newsflow.sink.internal.SinkLoop.Refused;
import io.newsflow.sink.postgres.StoreWriter.ArticleRecord;
import io.newsflow.store.PostgresSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL sink's store: migrates the schema when the sink starts, then writes each batch in
 * one transaction through {@link StoreWriter}. When the database refuses a batch for a record's own
 * fault, the records are written one at a time under savepoints, and those it refuses become dead
 * letters; any other database error is waited out by the loop.
 */
final class PostgresStore implements SinkLoop.Store {
  private static final Logger log = LoggerFactory.getLogger(PostgresStore.class);

  private final HikariDataSource dataSource;
  private final long statementTimeoutMs;
  private final StoreWriter writer = new StoreWriter();

  PostgresStore(HikariDataSource dataSource, long statementTimeoutMs) {
    this.dataSource = dataSource;
    this.statementTimeoutMs = statementTimeoutMs;
  }

  /** Creates or upgrades the schema; returns its version. */
  @Override
  public String open() throws Exception {
    return PostgresSchema.migrate(dataSource);
  }

  @Override
  public String opening() {
    return "migrating the schema";
  }

  @Override
  public SinkLoop.Stored write(List<Item> items) throws SQLException {
    List<Refused> refused = new ArrayList<>();
    List<EnrichedArticle> written = new ArrayList<>();
    int links = 0;
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (Statement timeout = c.createStatement()) {
        timeout.execute("SET LOCAL statement_timeout = " + statementTimeoutMs);
      }
      try {
        writer.write(c, articles(items), links(items));
        c.commit();
        for (Item item : items) {
          if (item.article() != null) {
            written.add(item.article());
          } else {
            links++;
          }
        }
      } catch (SQLException | IllegalArgumentException e) {
        rollbackQuietly(c);
        if (!isRecordFault(e)) {
          throw e;
        }
        log.info(
            "A batch of {} records was refused ({}); writing them one at a time to find the bad ones",
            items.size(),
            e.getMessage());
        for (Item item : items) {
          Savepoint savepoint = c.setSavepoint();
          try {
            writer.write(
                c,
                item.article() == null ? List.of() : articles(List.of(item)),
                item.link() == null ? List.of() : List.of(item.link()));
            c.releaseSavepoint(savepoint);
            if (item.article() != null) {
              written.add(item.article());
            } else {
              links++;
            }
          } catch (SQLException | IllegalArgumentException single) {
            if (!isRecordFault(single)) {
              rollbackQuietly(c);
              throw single;
            }
            c.rollback(savepoint);
            ConsumerRecord<byte[], byte[]> r = item.record();
            log.warn(
                "Dead-lettering {}-{}@{} (article {}): the database refuses it: {}",
                r.topic(),
                r.partition(),
                r.offset(),
                articleId(item),
                single.getMessage());
            refused.add(new Refused(r, PostgresSink.STAGE_WRITE, single));
          }
        }
        c.commit();
      }
    }
    return new SinkLoop.Stored(written, links, refused);
  }

  private static boolean isRecordFault(Exception e) {
    return e instanceof IllegalArgumentException || SqlErrors.isRecordFault(e);
  }

  private static String articleId(Item item) {
    return item.article() != null ? item.article().getId() : item.link().getFrom();
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      log.debug("Rollback failed (the connection is probably gone): {}", e.toString());
    }
  }

  private static List<ArticleRecord> articles(List<Item> items) {
    List<ArticleRecord> out = new ArrayList<>();
    for (Item item : items) {
      if (item.article() != null) {
        ConsumerRecord<byte[], byte[]> r = item.record();
        out.add(new ArticleRecord(item.article(), r.topic(), r.partition(), r.offset()));
      }
    }
    return out;
  }

  private static List<ArticleLink> links(List<Item> items) {
    List<ArticleLink> out = new ArrayList<>();
    for (Item item : items) {
      if (item.link() != null) {
        out.add(item.link());
      }
    }
    return out;
  }

  /**
   * Errors worth waiting out: the database's (a record's own faults were dealt with before they get
   * here) and a registry that does not answer. A bug or a broken schema history fails at once.
   */
  @Override
  public boolean isTransient(Throwable e) {
    if (SqlErrors.isConfigurationFault(e)) {
      return false;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException) {
        return true;
      }
      if (t instanceof SchemaRegistryException sre) {
        return sre.isTransient();
      }
    }
    return false;
  }

  @Override
  public String explain(Throwable error) {
    return "SQLSTATE " + SqlErrors.state(error) + ": " + error;
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
