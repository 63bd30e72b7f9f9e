package io.newsflow.sink.postgres;

import io.newsflow.testkit.ContainersExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The PostgreSQL sink scenarios on tier 3: Kafka, Confluent's registry and PostgreSQL in
 * containers; skipped with a reason where no Docker engine answers.
 */
@ExtendWith(ContainersExtension.class)
class ContainersPostgresSinkIT extends AbstractPostgresSinkScenario {}
