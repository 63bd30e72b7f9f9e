/**
 * The RSS/Atom channel of ingest: settings, the poller, the entries it reads and the state it keeps
 * on a compacted topic across restarts. Internal to ingest but its options.
 */
package io.newsflow.ingest.feeds;
