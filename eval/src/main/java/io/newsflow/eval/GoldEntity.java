package io.newsflow.eval;

import io.newsflow.avro.EntityType;
import java.util.List;
import java.util.Objects;

/**
 * One entity of a gold document: its type, canonical name and every way the document names it.
 *
 * @param type PERSON, ORGANIZATION or LOCATION
 * @param canonical the canonical name (informative: scoring compares mentions only)
 * @param mentions the surface forms in the document
 */
public record GoldEntity(EntityType type, String canonical, List<String> mentions) {
  public GoldEntity {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(canonical, "canonical");
    mentions = List.copyOf(mentions);
  }
}
