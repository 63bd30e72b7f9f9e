package io.newsflow.ingest.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FeedStateTest {

  @Test
  void keepsTheKeysOfTheLatestFetchFirstThenTheOlderOnes() {
    FeedState before = new FeedState("\"v1\"", null, List.of("a", "b", "c"));

    FeedState after = before.next("\"v2\"", "Fri, 15 Jul 2016 10:00:00 GMT", List.of("d", "b"));

    assertThat(after.seen()).containsExactly("d", "b", "a", "c");
    assertThat(after.etag()).isEqualTo("\"v2\"");
    assertThat(after.lastModified()).isEqualTo("Fri, 15 Jul 2016 10:00:00 GMT");
  }

  @Test
  void isBoundedButNeverDropsAKeyOfTheLatestFetch() {
    List<String> old = IntStream.range(0, FeedState.MAX_SEEN).mapToObj(i -> "old" + i).toList();
    List<String> fetched = IntStream.range(0, 10).mapToObj(i -> "new" + i).toList();
    List<String> huge =
        IntStream.range(0, FeedState.MAX_SEEN + 5).mapToObj(i -> "all" + i).toList();

    FeedState bounded = new FeedState(null, null, old).next(null, null, fetched);
    FeedState large = new FeedState(null, null, old).next(null, null, huge);

    assertThat(bounded.seen()).hasSize(FeedState.MAX_SEEN).startsWith("new0").contains("old0");
    assertThat(bounded.seen()).doesNotContain("old" + (FeedState.MAX_SEEN - 1));
    assertThat(large.seen()).isEqualTo(huge);
  }

  @Test
  void roundTripsThroughJsonAndReadsWhatALaterVersionAdds() throws Exception {
    FeedState state = new FeedState("W/\"x\"", null, List.of("k1", "k2"));

    assertThat(FeedState.fromJson(state.toJson())).isEqualTo(state);
    assertThat(
            FeedState.fromJson(
                "{\"etag\":null,\"seen\":[\"k\"],\"since\":3}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(new FeedState(null, null, List.of("k")));
  }
}
