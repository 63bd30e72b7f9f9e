package io.newsflow.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsflow.embedded.StrandedTransactions.Marker;
import io.newsflow.embedded.StrandedTransactions.Open;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Which marker an open transaction gets, from what its coordinator says of it. */
class StrandedTransactionsTest {
  private static final Open OPEN = new Open(new TopicPartition("changelog", 2), 3L, 2, 0, 17L);
  private final List<String> unresolved = new ArrayList<>();

  private static TransactionDescription coordinator(TransactionState state, long pid, int epoch) {
    return new TransactionDescription(1, state, pid, epoch, 10_000, OptionalLong.empty(), Set.of());
  }

  private Optional<Marker> decide(TransactionDescription coordinator) {
    return StrandedTransactions.decide(OPEN, coordinator, "links-1", unresolved);
  }

  @Test
  void aCommitTheCoordinatorCompletedIsCommittedWhereItsMarkerIsMissing() {
    // transaction version 2: completing the transaction bumped the epoch the data was written at
    assertThat(decide(coordinator(TransactionState.COMPLETE_COMMIT, 3L, 3)))
        .contains(new Marker(OPEN, "links-1", true));
    // before version 2 the epoch stays
    assertThat(decide(coordinator(TransactionState.COMPLETE_COMMIT, 3L, 2)))
        .contains(new Marker(OPEN, "links-1", true));
    assertThat(unresolved).isEmpty();
  }

  @Test
  void anAbortTheCoordinatorCompletedIsAborted() {
    assertThat(decide(coordinator(TransactionState.COMPLETE_ABORT, 3L, 3)))
        .contains(new Marker(OPEN, "links-1", false));
    assertThat(unresolved).isEmpty();
  }

  @Test
  void aTransactionTheCoordinatorStillHandlesIsLeftToIt() {
    for (TransactionState state :
        List.of(
            TransactionState.ONGOING,
            TransactionState.PREPARE_COMMIT,
            TransactionState.PREPARE_ABORT,
            TransactionState.PREPARE_EPOCH_FENCE)) {
      assertThat(decide(coordinator(state, 3L, 2))).as(state.toString()).isEmpty();
    }
    assertThat(unresolved).isEmpty();
  }

  @Test
  void anOutcomeThatCannotBeReadOffTheCoordinatorIsReportedNotGuessed() {
    // a later session of the producer: which transaction the completed state is about is unknown
    assertThat(decide(coordinator(TransactionState.COMPLETE_COMMIT, 3L, 5))).isEmpty();
    // another producer id under the same transactional id
    assertThat(decide(coordinator(TransactionState.COMPLETE_COMMIT, 9L, 3))).isEmpty();
    assertThat(decide(coordinator(TransactionState.EMPTY, 3L, 3))).isEmpty();
    assertThat(decide(null)).isEmpty();
    assertThat(unresolved).hasSize(4).allMatch(reason -> reason.contains("changelog-2"));
  }
}
