/**
 * The RSS/Atom channel of ingest: the poller, the entries it reads and the state it keeps on a
 * compacted topic across restarts, run by {@link io.newsflow.ingest.IngestServer}. Other modules
 * only meet {@link io.newsflow.ingest.feeds.FeedSettings}, which defines the feed options.
 */
package io.newsflow.ingest.feeds;
