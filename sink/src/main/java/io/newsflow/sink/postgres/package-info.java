/**
 * The PostgreSQL sink ({@link io.newsflow.sink.postgres.PostgresSink}, its API); its store step,
 * the SQL it writes and how it sorts database errors are package-private.
 */
package io.newsflow.sink.postgres;
