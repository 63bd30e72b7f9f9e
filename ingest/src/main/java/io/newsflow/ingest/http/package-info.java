/** The HTTP channel of ingest: {@code POST /v1/articles} and its OpenAPI description. Internal. */
package io.newsflow.ingest.http;
