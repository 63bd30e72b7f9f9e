package io.newsflow.nlp.ner;

import io.newsflow.avro.EntityType;

/**
 * The labels of a word: outside any name, or the Begin, Inside, Last or Unit word of a name of one
 * of the three types (BILOU). Label 1 + 4 * type + position, position B=0 I=1 L=2 U=3.
 */
final class Labels {
  static final int O = 0;
  static final int TYPES = 3;
  static final int COUNT = 1 + 4 * TYPES;
  static final int B = 0;
  static final int I = 1;
  static final int L = 2;
  static final int U = 3;

  private static final EntityType[] ENTITY_TYPES = {
    EntityType.PERSON, EntityType.ORGANIZATION, EntityType.LOCATION
  };

  private Labels() {}

  static int of(int type, int position) {
    return 1 + 4 * type + position;
  }

  static int type(int label) {
    return (label - 1) >> 2;
  }

  static int position(int label) {
    return (label - 1) & 3;
  }

  static EntityType entityType(int type) {
    return ENTITY_TYPES[type];
  }

  static int typeOf(EntityType type) {
    return switch (type) {
      case PERSON -> 0;
      case ORGANIZATION -> 1;
      case LOCATION -> 2;
      default -> throw new IllegalArgumentException("no label for entity type " + type);
    };
  }

  /** Whether a name may go on from label {@code prev} to {@code next}; prev -1 is the start. */
  static boolean allowed(int prev, int next) {
    boolean open = prev > 0 && (position(prev) == B || position(prev) == I);
    if (open) {
      return next > 0 && type(next) == type(prev) && (position(next) == I || position(next) == L);
    }
    return next == O || position(next) == B || position(next) == U;
  }

  /** Whether a sentence may end after label {@code last}. */
  static boolean canEnd(int last) {
    return last == O || position(last) == L || position(last) == U;
  }
}
