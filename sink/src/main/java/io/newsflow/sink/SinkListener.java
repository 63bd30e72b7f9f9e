package io.newsflow.sink;

import io.newsflow.avro.DeadLetter;
import io.newsflow.avro.EnrichedArticle;

/** Told about each article a sink has stored and each record it dead-lettered, once committed. */
@FunctionalInterface
public interface SinkListener {
  /** An article was stored (for PostgreSQL: or found no newer than the stored version). */
  void written(EnrichedArticle article);

  default void deadLettered(DeadLetter letter) {}
}
