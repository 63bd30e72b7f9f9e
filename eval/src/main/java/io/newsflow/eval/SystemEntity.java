package io.newsflow.eval;

import io.newsflow.avro.Entity;
import io.newsflow.avro.EntityType;
import io.newsflow.avro.Mention;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the scorer needs of one entity a system found in a document: its type and the distinct texts
 * of its mentions.
 */
public record SystemEntity(EntityType type, List<String> surfaceForms) {
  public SystemEntity {
    Objects.requireNonNull(type, "type");
    surfaceForms = List.copyOf(surfaceForms);
  }

  public static SystemEntity of(EntityType type, String... surfaceForms) {
    return new SystemEntity(type, List.of(surfaceForms));
  }

  /** The entity as newsflow's extractor emits it: its surface forms are its mentions' texts. */
  public static SystemEntity of(Entity entity) {
    Set<String> forms = new LinkedHashSet<>();
    for (Mention mention : entity.getMentions()) {
      forms.add(mention.getText());
    }
    return new SystemEntity(entity.getType(), List.copyOf(forms));
  }
}
