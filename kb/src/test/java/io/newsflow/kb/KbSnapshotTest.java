package io.newsflow.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newsflow.avro.EntityType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KbSnapshotTest {

  static KnowledgeBase sample() {
    return KnowledgeBase.builder()
        .add(
            new KbEntity(
                "Q61", EntityType.LOCATION, "Washington, D.C.", List.of("Washington"), 0.9f))
        .add(new KbEntity("Q1223", EntityType.LOCATION, "Washington", List.of("WA"), 0.6f))
        .add(
            new KbEntity(
                "Q23", EntityType.PERSON, "George Washington", List.of("Washington"), 0.7f))
        .add(
            new KbEntity(
                "newsflow:isis",
                EntityType.ORGANIZATION,
                "Islamic State",
                List.of("ISIS", "ISIL", "Daesh", "Islamic State of Iraq and the Levant"),
                0.8f))
        .add(new KbEntity("custom:zürich", EntityType.LOCATION, "Zürich", List.of("Zurich"), 0.5f))
        .build();
  }

  static KnowledgeBase roundTrip(KnowledgeBase kb) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    KbSnapshot.write(kb, out);
    return KbSnapshot.read(new ByteArrayInputStream(out.toByteArray()));
  }

  @Test
  void aBaseReadBackFromItsSnapshotAnswersAsTheBaseItWasWrittenFrom() throws IOException {
    KnowledgeBase kb = sample();
    KnowledgeBase back = roundTrip(kb);
    assertSame(kb, back);
    assertThat(back.idsNamed("Washington")).containsExactly("Q61", "Q23", "Q1223");
    assertThat(back.idsNamed("Daesh")).containsExactly("newsflow:isis");
    assertThat(back.idsNamed("Zurich")).containsExactly("custom:zürich");
    assertThat(back.idsNamed("Geneva")).isEmpty();
  }

  @Test
  void aTruncatedOrForeignFileIsRefused() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    KbSnapshot.write(sample(), out);
    byte[] whole = out.toByteArray();
    assertThatThrownBy(
            () -> KbSnapshot.read(new ByteArrayInputStream(Arrays.copyOf(whole, whole.length - 5))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("ends early");
    assertThatThrownBy(() -> KbSnapshot.read(new ByteArrayInputStream("id\ttype".getBytes())))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a knowledge base snapshot");
  }

  /** The same entities, in the same order, and every name finds the same candidates. */
  static void assertSame(KnowledgeBase expected, KnowledgeBase actual) {
    assertThat(actual.size()).isEqualTo(expected.size());
    assertThat(actual.aliasCount()).isEqualTo(expected.aliasCount());
    assertThat(actual.maxAliasTokens()).isEqualTo(expected.maxAliasTokens());
    for (int e = 0; e < expected.size(); e++) {
      assertThat(actual.id(e)).isEqualTo(expected.id(e));
      assertThat(actual.name(e)).isEqualTo(expected.name(e));
      assertThat(actual.type(e)).isEqualTo(expected.type(e));
      assertThat(actual.prior(e)).isEqualTo(expected.prior(e));
    }
    List<String> mismatches = new ArrayList<>();
    expected.forEachAlias(
        (hash, at) -> {
          int found = actual.find(hash);
          int[] want = candidates(expected, at);
          int[] got = found < 0 ? new int[0] : candidates(actual, found);
          if (!Arrays.equals(want, got) && mismatches.size() < 10) {
            mismatches.add(Long.toHexString(hash));
          }
        });
    assertThat(mismatches).as("names whose candidates differ").isEmpty();
  }

  private static int[] candidates(KnowledgeBase kb, int found) {
    int[] out = new int[kb.candidateCount(found)];
    for (int i = 0; i < out.length; i++) {
      out[i] = kb.candidate(found, i);
    }
    return out;
  }
}
