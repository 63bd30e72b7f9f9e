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

  private Optional<Marker> decide(TransactionDescription coordinator, boolean version2) {
    return StrandedTransactions.decide(OPEN, coordinator, "links-1", version2, unresolved);
  }

  @Test
  void aCommitTheCoordinatorCompletedIsCommittedWhereItsMarkerIsMissing() {
    // version 2: ending the transaction bumped the epoch its data was written at (2) to 3
    assertThat(decide(coordinator(TransactionState.COMPLETE_COMMIT, 3L, 3), true))
        .contains(new Marker(OPEN, "links-1", true));
    // before version 2 the epoch stays
    assertThat(decide(coordinator(TransactionState.COMPLETE_COMMIT, 3L, 2), false))
        .contains(new Marker(OPEN, "links-1", true));
    assertThat(unresolved).isEmpty();
  }

  @Test
  void anAbortTheCoordinatorCompletedIsAborted() {
    assertThat(decide(coordinator(TransactionState.COMPLETE_ABORT, 3L, 3), true))
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
      assertThat(decide(coordinator(state, 3L, 2), true)).as(state.toString()).isEmpty();
    }
    assertThat(unresolved).isEmpty();
  }

  @Test
  void anOutcomeThatCannotBeReadOffTheCoordinatorIsReportedNotGuessed() {
    // version 2, completed at the data's own epoch: that is the transaction before this data's
    assertThat(decide(coordinator(TransactionState.COMPLETE_COMMIT, 3L, 2), true)).isEmpty();
    // before version 2, one epoch on: a later transaction of the producer
    assertThat(decide(coordinator(TransactionState.COMPLETE_COMMIT, 3L, 3), false)).isEmpty();
    // a later session of the producer
    assertThat(decide(coordinator(TransactionState.COMPLETE_COMMIT, 3L, 5), true)).isEmpty();
    // another producer id under the same transactional id
    assertThat(decide(coordinator(TransactionState.COMPLETE_COMMIT, 9L, 3), true)).isEmpty();
    assertThat(decide(coordinator(TransactionState.EMPTY, 3L, 3), true)).isEmpty();
    assertThat(decide(null, true)).isEmpty();
    assertThat(unresolved).hasSize(6).allMatch(reason -> reason.contains("changelog-2"));
  }
}
