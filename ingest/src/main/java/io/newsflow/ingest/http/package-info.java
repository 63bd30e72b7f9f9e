/**
 * The HTTP channel of ingest ({@code POST /v1/articles} and its OpenAPI description), mounted by
 * {@link io.newsflow.ingest.IngestServer}; nothing here is for other modules.
 */
package io.newsflow.ingest.http;
