package io.newsflow.app;

import io.newsflow.testkit.EmbeddedServersExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The end-to-end scenario on tier 2: a real KRaft broker in-process and a real Apicurio registry.
 */
@ExtendWith(EmbeddedServersExtension.class)
class EmbeddedEndToEndIT extends AbstractEndToEndScenario {}
