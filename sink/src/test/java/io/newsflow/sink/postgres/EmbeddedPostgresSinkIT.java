package io.newsflow.sink.postgres;

import io.newsflow.testkit.EmbeddedServersExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The PostgreSQL sink scenarios on tier 2: in-process broker, Apicurio, the machine's PostgreSQL.
 */
@ExtendWith(EmbeddedServersExtension.class)
class EmbeddedPostgresSinkIT extends AbstractPostgresSinkScenario {}
