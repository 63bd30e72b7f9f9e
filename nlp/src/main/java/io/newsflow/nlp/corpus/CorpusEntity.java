package io.newsflow.nlp.corpus;

import io.newsflow.avro.EntityType;
import java.util.List;
import java.util.Objects;

/** One entity of an annotated document: its type, canonical name and every mention of it. */
public record CorpusEntity(EntityType type, String canonical, List<CorpusMention> mentions) {
  public CorpusEntity {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(canonical, "canonical");
    mentions = List.copyOf(mentions);
  }
}
