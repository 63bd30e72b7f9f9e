package io.newsflow.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;

/**
 * Pins both Kafka Streams applications, as the service builds them with the default configuration,
 * to the description kept in {@code src/test/resources/topologies/}. A running deployment finds its
 * state by the names of stores, changelogs, repartition topics and processors: a change that
 * renames one, even by adding a step before it, fails here. When the change is meant, replace the
 * file with the description the failure prints and say in the upgrade notes what a running
 * deployment must do.
 */
class TopologyPinTest {

  private static final Map<String, String> DEFAULTS =
      Map.of("bootstrap.servers", "127.0.0.1:9", "schema.registry.url", "http://127.0.0.1:9");

  @Test
  void theEnrichTopologyIsTheOneDeploymentsRun() throws IOException {
    try (EnrichService service = new EnrichService(new EnrichConfig(DEFAULTS))) {
      assertPinned(service.topology(), "enrich.txt");
    }
  }

  @Test
  void theLinkTopologyIsTheOneDeploymentsRun() throws IOException {
    try (EnrichService service = new EnrichService(new EnrichConfig(DEFAULTS))) {
      assertPinned(service.linkTopology(), "links.txt");
    }
  }

  private static void assertPinned(Topology topology, String file) throws IOException {
    String actual = topology.describe().toString().strip();
    String pinned;
    try (InputStream in = TopologyPinTest.class.getResourceAsStream("/topologies/" + file)) {
      assertThat(in).as("src/test/resources/topologies/%s", file).isNotNull();
      pinned = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
    assertThat(actual)
        .as(
            "the topology no longer matches src/test/resources/topologies/%s; if the change is"
                + " meant, replace the file with this description and document the upgrade:%n%s",
            file, actual)
        .isEqualTo(pinned);
  }
}
