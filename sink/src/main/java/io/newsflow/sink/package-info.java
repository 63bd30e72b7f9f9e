/**
 * The sinks' API: the JSON Lines sink, the files it writes ({@link io.newsflow.sink.SegmentFiles}),
 * the configuration, command and ops endpoints of {@code newsflow sink}; the PostgreSQL sink is in
 * {@code postgres}. The consumer loop both share is in {@code internal}.
 */
package io.newsflow.sink;
