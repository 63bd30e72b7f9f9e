package io.newsflow.eval;

import io.newsflow.avro.Entity;
import io.newsflow.nlp.entities.EntityExtractor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** newsflow's own {@link EntityExtractor}, as the system under evaluation. */
public final class NewsflowRecognizer implements EntityRecognizer {
  private final EntityExtractor extractor;

  public NewsflowRecognizer(EntityExtractor extractor) {
    this.extractor = Objects.requireNonNull(extractor, "extractor");
  }

  /**
   * The extractor over the default knowledge base.
   *
   * @throws IllegalStateException with a message saying what is missing when the default base is
   *     not on the class path (the kb module's build makes it)
   */
  public static NewsflowRecognizer withDefaultKnowledgeBase() {
    try {
      return new NewsflowRecognizer(EntityExtractor.withDefaultKnowledgeBase());
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "newsflow's extractor cannot load its default knowledge base: " + e.getMessage(), e);
    }
  }

  public EntityExtractor extractor() {
    return extractor;
  }

  @Override
  public String name() {
    return "newsflow";
  }

  @Override
  public List<SystemEntity> recognize(String cleanTitle, String cleanText) {
    List<Entity> entities = extractor.extract(cleanTitle, cleanText);
    List<SystemEntity> out = new ArrayList<>(entities.size());
    for (Entity e : entities) {
      out.add(SystemEntity.of(e));
    }
    return out;
  }
}
