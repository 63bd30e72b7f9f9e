package io.newsflow.kb;

import io.newsflow.avro.EntityType;
import java.util.List;
import java.util.Objects;

/**
 * One entity of a knowledge base.
 *
 * @param id canonical id: a Wikidata QID ({@code Q30}), or an id of its source ({@code
 *     geonames:524901}, {@code iso3166:SY}, {@code wn31:09026438-n}, {@code newsflow:...})
 * @param type PERSON, ORGANIZATION or LOCATION
 * @param name canonical name; also matched as an alias
 * @param aliases other names, short forms, spellings and abbreviations
 * @param prior how likely this entity is meant when one of its names appears, 0 to 1; picks between
 *     entities sharing a name ("Washington" the city over the state)
 */
public record KbEntity(String id, EntityType type, String name, List<String> aliases, float prior) {
  public KbEntity {
    if (id == null || id.isBlank() || id.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "entity id must be non-empty without spaces, got '" + id + "'");
    }
    Objects.requireNonNull(type, "type of " + id);
    if (type == EntityType.OTHER) {
      throw new IllegalArgumentException(
          "entity " + id + ": type must be PERSON, ORGANIZATION or LOCATION");
    }
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("entity " + id + " has no name");
    }
    if (!(prior >= 0 && prior <= 1)) {
      throw new IllegalArgumentException(
          "entity " + id + ": prior must be between 0 and 1, got " + prior);
    }
    aliases = List.copyOf(aliases);
  }

  /** The name and the aliases. */
  public List<String> names() {
    java.util.ArrayList<String> all = new java.util.ArrayList<>(aliases.size() + 1);
    all.add(name);
    all.addAll(aliases);
    return all;
  }
}
