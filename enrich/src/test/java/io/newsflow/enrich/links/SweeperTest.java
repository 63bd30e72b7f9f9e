package io.newsflow.enrich.links;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SweeperTest {
  private static final long DAY = Duration.ofDays(1).toMillis();
  private KeyValueStore<String, Long> store;
  private Sweeper<Long> sweeper;

  @BeforeEach
  void setUp() {
    MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("times"), Serdes.String(), Serdes.Long())
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    // values are event times; older than the horizon goes
    sweeper =
        Sweeper.schedule(
            context, store, Duration.ofDays(7), (time, horizon) -> time < horizon ? null : time);
  }

  private List<String> keys() {
    List<String> keys = new ArrayList<>();
    try (var all = store.all()) {
      all.forEachRemaining(kv -> keys.add(kv.key));
    }
    return keys;
  }

  @Test
  void goesRoundTheStoreASliceAtATimeAndKeepsWhatIsInTheWindow() {
    for (int i = 0; i < 2_500; i++) {
      store.put(String.format("old-%04d", i), 1 * DAY);
    }
    for (int i = 0; i < 10; i++) {
      store.put("recent-" + i, 20 * DAY);
    }
    sweeper.seen(21 * DAY); // horizon: day 14

    sweeper.slice(); // at least 1,000 entries, 4 per record seen since the last slice
    assertThat(keys()).hasSize(2_510 - 1_000);
    sweeper.slice();
    assertThat(keys()).hasSize(2_510 - 2_000);
    sweeper.slice();
    assertThat(keys()).hasSize(10).allMatch(k -> k.startsWith("recent-"));
    sweeper.slice(); // round again from the first key: nothing more to do
    assertThat(keys()).hasSize(10);
  }

  @Test
  void aSliceGrowsWithTheRecordsSeenSinceTheLastOne() {
    for (int i = 0; i < 3_000; i++) {
      store.put(String.format("old-%04d", i), 1 * DAY);
    }
    for (int i = 0; i < 600; i++) {
      sweeper.seen(21 * DAY);
    }
    sweeper.slice(); // 4 x 600 = 2,400 visits
    assertThat(keys()).hasSize(600);
  }

  @Test
  void nothingIsSweptBeforeAnEventTimeIsSeen() {
    store.put("a", 1L);
    sweeper.slice();
    assertThat(keys()).containsExactly("a");
  }

  @Test
  void listsLoseTheirOldEntriesAndGoWhenEmpty() {
    IndexEntry old = new IndexEntry("x", 1 * DAY, "", new int[0], 0, 0);
    IndexEntry recent = new IndexEntry("y", 20 * DAY, "", new int[0], 0, 0);
    List<IndexEntry> both = new ArrayList<>(List.of(old, recent));
    List<IndexEntry> onlyRecent = new ArrayList<>(List.of(recent));
    assertThat(Sweeper.keepRecent(both, 14 * DAY)).containsExactly(recent);
    assertThat(Sweeper.keepRecent(onlyRecent, 14 * DAY)).isSameAs(onlyRecent);
    assertThat(Sweeper.keepRecent(new ArrayList<>(List.of(old)), 14 * DAY)).isNull();
  }
}
