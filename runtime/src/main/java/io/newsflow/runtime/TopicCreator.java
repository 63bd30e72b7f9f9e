package io.newsflow.runtime;

import io.newsflow.runtime.config.PipelineConfig;
import io.newsflow.schemas.ErrorMessages;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the topics a service needs, as the configuration says, before it starts. */
public final class TopicCreator {
  private static final Logger log = LoggerFactory.getLogger(TopicCreator.class);

  private TopicCreator() {}

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
                  : ErrorMessages.describe(e.getCause() == null ? e : e.getCause())),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while creating topics", e);
    }
  }
}
