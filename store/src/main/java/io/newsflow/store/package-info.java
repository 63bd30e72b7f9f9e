/**
 * The PostgreSQL store the sink writes and the query API reads: its schema and migrations,
 * connection pools, JDBC options, and how entity names are folded for lookup.
 */
package io.newsflow.store;
