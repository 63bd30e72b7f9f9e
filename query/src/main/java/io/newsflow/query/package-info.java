/**
 * The query API: {@link io.newsflow.query.QueryServer} and its configuration and command are
 * public; the HTTP routes, the queries by endpoint group and their models are package-private.
 */
package io.newsflow.query;
