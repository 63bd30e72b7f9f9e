package io.newsflow.enrich;

import io.newsflow.avro.EnrichedArticle;
import io.newsflow.avro.Entity;
import io.newsflow.avro.EntityMention;
import io.newsflow.avro.Mention;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.apache.kafka.streams.KeyValue;

/**
 * The records of {@code news.entities.v1} for an enriched article: one per entity, keyed by entity
 * id.
 */
final class EntityMentions {
  private EntityMentions() {}

  static List<KeyValue<String, EntityMention>> of(EnrichedArticle article) {
    List<KeyValue<String, EntityMention>> out = new ArrayList<>(article.getEntities().size());
    for (Entity e : article.getEntities()) {
      LinkedHashSet<String> forms = new LinkedHashSet<>();
      for (Mention m : e.getMentions()) {
        forms.add(m.getText());
      }
      EntityMention record =
          EntityMention.newBuilder()
              .setEntityId(e.getId())
              .setEntityName(e.getName())
              .setEntityType(e.getType())
              .setArticleId(article.getId())
              .setArticleTitle(article.getCleanTitle())
              .setPublishedAt(article.getPublishedAt())
              .setReceivedAt(article.getReceivedAt())
              .setSource(article.getSource())
              .setMentionCount(e.getMentions().size())
              .setSurfaceForms(new ArrayList<>(forms))
              .setConfidence(e.getConfidence())
              .build();
      out.add(KeyValue.pair(e.getId(), record));
    }
    return out;
  }
}
