/**
 * What every sink shares, not for use from other modules: the consumer loop ({@link
 * io.newsflow.sink.internal.SinkLoop}), how it waits out a store that is away, the dead-letter
 * sender and the latency meters.
 */
package io.newsflow.sink.internal;
