package io.newsflow.enrich.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newsflow.enrich.links.ArticleLinkState.Partner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** The binary formats of the link stores and events: what is written is read back as it was. */
class LinkFormatsTest {
  private static final String TITLE = "Grève à Zürich — 東京 ✓ 😀";

  private static <T> T roundTrip(Serde<T> serde, T value) {
    byte[] bytes = serde.serializer().serialize("t", value);
    return serde.deserializer().deserialize("t", bytes);
  }

  @Test
  void countsStringsAndNumbersAreReadAsWritten() {
    int[] counts = {0, 1, 127, 128, 16_383, 16_384, Integer.MAX_VALUE};
    LinkCodec.Writer out = new LinkCodec.Writer(1);
    for (int c : counts) {
      out.writeVarInt(c);
    }
    out.writeString(TITLE).writeString(null).writeString("");
    out.writeLong(Long.MIN_VALUE).writeInt(-7).writeDouble(0.1 + 0.2).writeBoolean(true);
    LinkCodec.Reader in = new LinkCodec.Reader(out.toByteArray());
    for (int c : counts) {
      assertThat(in.readVarInt()).isEqualTo(c);
    }
    assertThat(in.readString()).isEqualTo(TITLE);
    assertThat(in.readString()).isEmpty();
    assertThat(in.readString()).isEmpty();
    assertThat(in.readLong()).isEqualTo(Long.MIN_VALUE);
    assertThat(in.readInt()).isEqualTo(-7);
    assertThat(in.readDouble()).isEqualTo(0.1 + 0.2);
    assertThat(in.readBoolean()).isTrue();
  }

  @Test
  void indexEntriesKeepEveryField() {
    IndexEntry withSignature =
        new IndexEntry("a", 1_700_000_000_000L, TITLE, new int[] {3, -1, 7}, 42L, 5);
    IndexEntry plain = new IndexEntry("b", 2L, "", new int[0], 0L, 0);
    IndexEntry read = roundTrip(IndexEntry.serde(), withSignature);
    assertThat(read).usingRecursiveComparison().isEqualTo(withSignature);
    List<IndexEntry> list = roundTrip(IndexEntry.listSerde(), List.of(withSignature, plain));
    assertThat(list)
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactly(withSignature, plain);
    assertThat(roundTrip(IndexEntry.listSerde(), List.of())).isEmpty();
  }

  @Test
  void linkEventsKeepEveryField() {
    IndexEntry self = new IndexEntry("b", 10L, TITLE, new int[0], 99L, 3);
    IndexEntry other = new IndexEntry("a", 5L, "Title a", new int[0], 98L, 2);
    LinkEvent index =
        LinkEvent.index(
            self,
            3,
            List.of(new HeardEntity(10L, "e1", 0.63, List.of())),
            List.of(LinkEvent.duplicate(10L, other, 0.75, true)));
    LinkEvent readIndex = roundTrip(LinkEvent.serde(), index);
    assertThat(readIndex.kind()).isEqualTo(LinkEvent.Kind.INDEX);
    assertThat(readIndex.arrival()).isEqualTo(99L);
    assertThat(readIndex.expected()).isEqualTo(3);
    assertThat(readIndex.heard()).usingRecursiveComparison().isEqualTo(index.heard());
    assertThat(readIndex.duplicates()).usingRecursiveComparison().isEqualTo(index.duplicates());
    LinkEvent related = LinkEvent.related(5L, "b", 10L, TITLE, 1.5, List.of("e1", "e2"), true);
    LinkEvent read = roundTrip(LinkEvent.serde(), related);
    assertThat(read).usingRecursiveComparison().isEqualTo(related);
    assertThat(read.evidence()).containsExactly("e1", "e2");
    LinkEvent root = LinkEvent.storyRoot("b", "a", 5L);
    assertThat(roundTrip(LinkEvent.serde(), root)).usingRecursiveComparison().isEqualTo(root);
  }

  @Test
  void articleStatesKeepEveryFieldAndWriteBackWhatTheyDidNotDecode() {
    ArticleLinkState s = ArticleLinkState.fresh("b", 10L);
    s.title = TITLE;
    s.rootId = "a";
    s.rootTime = 5L;
    s.storyEmitted = "story:a";
    s.arrival = 77L;
    s.received = 3;
    s.complete = true;
    s.pending = 2;
    s.scores().put("a", new Partner(1.25, 5L, "Title a", new ArrayList<>(List.of("e1", "e2"))));
    s.scores().put("c", new Partner(0.5, 6L, "", new ArrayList<>()));
    s.related().put("z", new Partner(1.25, 5L, "Title z", List.of("e1")));
    s.related().put("a", new Partner(1.0, 5L, "Title a", List.of("e2")));
    s.duplicates().put("d", "copy");
    s.strong().add("a");
    Serde<ArticleLinkState> serde = ArticleLinkState.serde();
    byte[] bytes = serde.serializer().serialize("t", s);

    ArticleLinkState read = serde.deserializer().deserialize("t", bytes);
    assertThat(serde.serializer().serialize("t", read)).isEqualTo(bytes); // nothing decoded
    assertThat(read)
        .usingRecursiveComparison()
        .comparingOnlyFields(
            "articleId",
            "title",
            "time",
            "rootId",
            "rootTime",
            "storyEmitted",
            "arrival",
            "received",
            "complete",
            "pending")
        .isEqualTo(s);
    read.strong(); // one section decoded, the other not
    assertThat(serde.serializer().serialize("t", read)).isEqualTo(bytes);
    assertThat(read.scores()).usingRecursiveComparison().isEqualTo(s.scores());
    assertThat(read.related()).usingRecursiveComparison().isEqualTo(s.related());
    assertThat(read.related().keySet()).containsExactly("z", "a");
    assertThat(read.duplicates()).containsExactly(Map.entry("d", "copy"));
    assertThat(read.strong()).containsExactly("a");
    assertThat(serde.serializer().serialize("t", read)).isEqualTo(bytes);

    ArticleLinkState again = serde.deserializer().deserialize("t", bytes);
    again.scores().remove("c");
    again.duplicates().put("e", "original");
    ArticleLinkState changed = roundTrip(serde, again);
    assertThat(changed.scores()).containsOnlyKeys("a");
    assertThat(changed.duplicates()).containsOnlyKeys("d", "e");
    assertThat(changed.related().keySet()).containsExactly("z", "a");

    ArticleLinkState fresh = roundTrip(serde, ArticleLinkState.fresh("x", 1L));
    assertThat(fresh.title).isNull();
    assertThat(fresh.storyEmitted).isNull();
    assertThat(fresh.scores()).isEmpty();
    assertThat(fresh.strong()).isEmpty();
  }

  @Test
  void entitiesHeardKeepWhatScoringNeeds() {
    IndexEntry other = new IndexEntry("a", 5L, TITLE, new int[0], 98L, 2);
    List<HeardEntity> answer =
        roundTrip(
            HeardEntity.listSerde(),
            List.of(
                new HeardEntity(10L, "e1", 0.63, List.of(other)),
                new HeardEntity(10L, "e2", 1.0, List.of())));
    assertThat(answer).hasSize(2);
    assertThat(answer.get(1).entity()).isEqualTo("e2");
    HeardEntity read = answer.get(0);
    assertThat(read.time()).isEqualTo(10L);
    assertThat(read.entity()).isEqualTo("e1");
    assertThat(read.weight()).isEqualTo(0.63);
    assertThat(read.others())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.articleId()).isEqualTo("a");
              assertThat(e.time()).isEqualTo(5L);
              assertThat(e.title()).isEqualTo(TITLE);
            });
  }

  @Test
  void anOlderFormatIsRefusedWithItsNumber() {
    byte[] formatOne = {1, 0, 0, 0, 0};
    assertThatThrownBy(() -> ArticleLinkState.serde().deserializer().deserialize("t", formatOne))
        .hasMessageContaining("format 1");
    assertThatThrownBy(() -> IndexEntry.listSerde().deserializer().deserialize("t", formatOne))
        .hasMessageContaining("format 1");
    assertThatThrownBy(() -> LinkEvent.serde().deserializer().deserialize("t", formatOne))
        .hasMessageContaining("format 1");
    assertThatThrownBy(() -> IndexRequest.serde().deserializer().deserialize("t", new byte[] {7}))
        .hasMessageContaining("format 7");
  }

  @Test
  void indexRequestsKeepEveryField() {
    IndexEntry self = new IndexEntry("b", 10L, TITLE, new int[] {3, -1}, 99L, 3);
    IndexRequest request =
        new IndexRequest(
            2,
            self,
            3,
            List.of("e1", "e2"),
            List.of("b1:ff"),
            List.of(
                new IndexRequest.Keyed<>("t", HyperlinkEvent.link("b", "https://x/y", "y", 10L))));
    assertThat(roundTrip(IndexRequest.serde(), request))
        .usingRecursiveComparison()
        .isEqualTo(request);
  }
}
