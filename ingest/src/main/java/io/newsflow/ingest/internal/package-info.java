/**
 * Ingest's own machinery, not for use from other modules: reading files and pages, validating and
 * deduplicating drafts, the publishers' tokens, the broker's status, the folder watcher.
 */
package io.newsflow.ingest.internal;
