package io.newsflow.schemas;

import io.newsflow.avro.ArticleLink;
import io.newsflow.avro.DeadLetter;
import io.newsflow.avro.EnrichedArticle;
import io.newsflow.avro.EntityMention;
import io.newsflow.avro.RawArticle;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The pipeline's topics, typed. Keys of article topics are article ids as UTF-8 strings; keys of
 * the dead-letter topic are the failed record's original key bytes; values are Avro in the
 * Confluent wire format.
 */
public record Topics(
    Topic<String, RawArticle> raw,
    Topic<String, EnrichedArticle> enriched,
    Topic<String, ArticleLink> links,
    Topic<byte[], DeadLetter> deadLetters,
    Topic<String, EntityMention> entities) {
  public static Topics create(TopicNames names, SerdeFactory serdes) {
    return new Topics(
        new Topic<>(names.raw(), Serdes.String(), serdes.forValues(RawArticle.class)),
        new Topic<>(names.enriched(), Serdes.String(), serdes.forValues(EnrichedArticle.class)),
        new Topic<>(names.links(), Serdes.String(), serdes.forValues(ArticleLink.class)),
        new Topic<>(names.deadLetters(), Serdes.ByteArray(), serdes.forValues(DeadLetter.class)),
        new Topic<>(names.entities(), Serdes.String(), serdes.forValues(EntityMention.class)));
  }

  public List<String> names() {
    return List.of(raw.name(), enriched.name(), links.name(), deadLetters.name(), entities.name());
  }
}
