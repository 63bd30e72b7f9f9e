package io.newsflow.nlp.entities;

import io.newsflow.avro.EntityType;
import io.newsflow.avro.TextField;
import io.newsflow.kb.AliasKeys;

/** A name the recogniser found: where it is, its type, and what linking and grouping made of it. */
final class Candidate {
  final TextField field;
  final int start;
  final int end;
  final String text;

  /** The name's key ({@link AliasKeys#normalize}). */
  final String key;

  /** Words in the name. */
  final int words;

  final EntityType type;

  /** The knowledge-base entity it names, or -1. */
  int kbEntity = -1;

  Group group;

  Candidate(TextField field, String source, int start, int end, int words, EntityType type) {
    this.field = field;
    this.start = start;
    this.end = end;
    this.text = source.substring(start, end);
    this.key = AliasKeys.normalize(text);
    this.words = words;
    this.type = type;
  }

  /** Words in the name (punctuation not counted). */
  int length() {
    return words;
  }

  @Override
  public String toString() {
    return text + "/" + type;
  }
}
