/**
 * Ingest's API: {@link io.newsflow.ingest.IngestServer} (the service: HTTP, feeds, a watched
 * folder, all through one {@link io.newsflow.ingest.Intake}), its configuration and command, and
 * the pieces another process embeds: {@link io.newsflow.ingest.FileIngestor} and {@link
 * io.newsflow.ingest.ArticleProducer}. Other modules take an intake from the server; what it is
 * built from is in {@code internal}, and the two channels in {@code feeds} and {@code http}.
 */
package io.newsflow.ingest;
