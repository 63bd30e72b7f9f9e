package io.newsflow.app;

import io.newsflow.testkit.ContainersExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The end-to-end scenario on tier 3: Kafka and Confluent's schema registry in containers. Skipped,
 * with the reason, where no Docker engine answers.
 */
@ExtendWith(ContainersExtension.class)
class ContainersEndToEndIT extends AbstractEndToEndScenario {}
