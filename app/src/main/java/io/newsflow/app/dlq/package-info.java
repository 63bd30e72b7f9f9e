/**
 * Reading the dead-letter topic and replaying letters to their source, for {@code newsflow dlq} and
 * the dashboard.
 */
package io.newsflow.app.dlq;
