package io.newsflow.ingest;

/**
 * One article as a publisher wrote it, before validation: every field is text or null.
 *
 * @param origin where it was read, e.g. {@code path/file.jsonl:12}
 */
public record ArticleDraft(
    String title,
    String body,
    String bodyFormat,
    String url,
    String publishedAt,
    String source,
    String language,
    String origin) {}
