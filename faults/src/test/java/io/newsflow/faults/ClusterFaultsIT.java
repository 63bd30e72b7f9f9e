package io.newsflow.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsflow.embedded.Directories;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The fault suite's short mode (issue 14): the pipeline, with two enrich instances and two
 * PostgreSQL sinks beside the JSON Lines one, on three Kafka nodes under a steady load; the leader
 * of the article partitions killed with SIGKILL and started again, a rolling restart of all three
 * nodes, the second enrich instance killed and restarted (also while it joins), the second sink
 * killed mid-batch and restarted, the second ingest service killed and restarted (the publisher
 * posts to both, and to the other when one does not answer), the database's sessions cut, the
 * database silent for 15 s. Every acknowledged article is in each store once, every expected link
 * is stored, nothing is dead-lettered, and the pipeline delivers again after each fault. The
 * recovery times are printed with the table, not asserted (these machines are shared).
 */
class ClusterFaultsIT {

  @Test
  void theReplicatedPipelineLosesAndDoublesNothingThroughBrokerAndDatabaseFaults()
      throws Exception {
    // kept after the run: the logs of the enrich and sink processes are in it
    Path dir = Path.of("target", "fault-suite").toAbsolutePath();
    Directories.deleteRecursively(dir);
    FaultSuite.Result result = FaultSuite.shortScenario(dir, 15);
    System.out.println(result.table());

    assertThat(result.acknowledged()).as("acknowledged").isEqualTo(result.posted()).isPositive();
    assertThat(result.missing())
        .as("acknowledged but missing")
        .allSatisfy((s, n) -> assertThat(n).isZero());
    assertThat(result.storedTwice())
        .as("stored twice")
        .allSatisfy((s, n) -> assertThat(n).isZero());
    assertThat(result.deadLetters()).as("dead letters").isZero();
    assertThat(result.linksExpected()).as("expected links").isPositive();
    assertThat(result.linksStored()).as("expected links stored").isEqualTo(result.linksExpected());
    assertThat(result.events())
        .hasSize(16)
        .allSatisfy(
            e -> assertThat(e.secondsToRecover() < 0).as("%s: not recovered", e.fault()).isFalse());
  }
}
