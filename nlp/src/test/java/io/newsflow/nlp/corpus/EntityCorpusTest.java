package io.newsflow.nlp.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed corpus is whole: every document loads with the fingerprint it was annotated on,
 * every mention lies in its text without overlapping another, and no document is in two sets.
 * Reuters documents need the texts ({@code nlp/fetch-reuters}, which the build runs); without them
 * only the written articles are checked.
 */
class EntityCorpusTest {
  static final Path CORPUS = Path.of("corpus");
  static final Path REUTERS = Path.of("../data/reuters/package/data/full");
  private static List<CorpusDocument> docs;
  private static boolean reuters;

  @BeforeAll
  static void load() {
    reuters = ReutersCorpus.isPresent(REUTERS);
    docs =
        EntityCorpus.load(EntityCorpus.files(CORPUS), reuters ? ReutersCorpus.load(REUTERS) : null);
  }

  @Test
  void everyDocumentHasItsSetAndNoneIsInTwo() {
    Map<String, String> sets = new HashMap<>();
    for (CorpusDocument d : docs) {
      assertThat(d.set()).isIn("train", "dev", "test");
      String before = sets.put(d.source() + "/" + d.docId(), d.set());
      assertThat(before).as("%s/%s", d.source(), d.docId()).isNull();
    }
    assertThat(docs.stream().filter(d -> d.source().equals(EntityCorpus.WRITTEN)))
        .hasSizeGreaterThanOrEqualTo(300);
  }

  @Test
  void mentionsLieInTheirTextsAndDoNotOverlap() {
    for (CorpusDocument d : docs) {
      List<CorpusDocument.TypedMention> mentions = d.mentions();
      for (CorpusDocument.TypedMention m : mentions) {
        String field = m.mention().title() ? d.title() : d.text();
        assertThat(m.mention().end()).as(d.docId()).isLessThanOrEqualTo(field.length());
        assertThat(d.surface(m.mention()).strip()).isEqualTo(d.surface(m.mention()));
        for (CorpusDocument.TypedMention o : mentions) {
          if (o != m && o.mention().title() == m.mention().title()) {
            assertThat(
                    o.mention().end() <= m.mention().start()
                        || m.mention().end() <= o.mention().start())
                .as("%s: %s overlaps %s", d.docId(), m, o)
                .isTrue();
          }
        }
      }
    }
  }

  @Test
  void theReutersDocumentsAreThoseOfTheSplitFile() {
    assumeTrue(reuters, "no Reuters texts in " + REUTERS + " (nlp/fetch-reuters)");
    Map<String, String> split = new HashMap<>();
    for (String line : readLines(CORPUS.resolve("reuters-split.tsv"))) {
      if (!line.startsWith("#") && !line.isBlank()) {
        String[] f = line.split("\t");
        split.put(f[1], f[0]);
      }
    }
    long count = 0;
    for (CorpusDocument d : docs) {
      if (d.source().equals(EntityCorpus.REUTERS)) {
        assertThat(split.get(d.docId())).as(d.docId()).isEqualTo(d.set());
        count++;
      }
    }
    assertThat(count).isEqualTo(split.size());
    assertThat(Set.copyOf(split.values())).containsExactlyInAnyOrder("train", "dev", "test");
  }

  private static List<String> readLines(Path file) {
    try {
      return java.nio.file.Files.readAllLines(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
