package io.newsflow.schemas;

import io.newsflow.avro.ArticleLink;
import io.newsflow.avro.DeadLetter;
import io.newsflow.avro.EnrichedArticle;
import io.newsflow.avro.EntityMention;
import io.newsflow.avro.RawArticle;
import io.newsflow.schemas.config.PipelineConfig;
import io.newsflow.schemas.config.PipelineConfig.TopicNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Serdes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private static final Logger log = LoggerFactory.getLogger(Topics.class);

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

  /**
   * Creates the missing topics among {@code names} when the configuration allows it ({@code
   * topics.create}), with the configured partitions and replication; existing topics are left as
   * they are.
   */
  public static void ensure(PipelineConfig config, List<String> names) {
    if (!config.createTopics()) {
      return;
    }
    try (Admin admin = Admin.create(config.clientProperties("admin."))) {
      createIfMissing(admin, names, config);
    }
  }

  /**
   * Creates the missing topics among {@code names}, with the configured partitions and replication,
   * and waits until the cluster knows them. Existing topics are left as they are.
   */
  public static void createIfMissing(Admin admin, List<String> names, PipelineConfig config) {
    try {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String name : names) {
        if (!existing.contains(name)) {
          short rf = config.topicReplicationFactor();
          missing.add(
              new NewTopic(
                      name,
                      Optional.of(config.topicPartitions()),
                      rf < 0 ? Optional.empty() : Optional.of(rf))
                  .configs(config.topicConfigs()));
        }
      }
      if (missing.isEmpty()) {
        return;
      }
      try {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
      log.info("Created topics {}", missing.stream().map(NewTopic::name).toList());
    } catch (ExecutionException | TimeoutException e) {
      throw new KafkaException(
          "cannot create topics "
              + names
              + " at "
              + config.bootstrapServers()
              + ": "
              + (e instanceof TimeoutException
                  ? "no answer within 30 s; is Kafka running there?"
                  : Errors.describe(e.getCause() == null ? e : e.getCause())),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while creating topics", e);
    }
  }
}
