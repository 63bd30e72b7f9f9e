package io.newsflow.eval.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsflow.avro.EntityType;
import io.newsflow.nlp.corpus.CorpusDocument;
import io.newsflow.nlp.corpus.CorpusEntity;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How annotators' surface forms become offsets (made-up texts). */
class AlignerTest {
  private static List<String> forms(CorpusDocument d, int entity) {
    CorpusEntity e = d.entities().get(entity);
    return e.mentions().stream().map(m -> (m.title() ? "T:" : "B:") + d.surface(m)).toList();
  }

  @Test
  void everyWholeWordOccurrenceIsAMentionAndTheLongestFormWins() {
    Aligner.Result r =
        Aligner.align(
            "newsflow",
            "d1",
            "train",
            "KESTREL <KWH> TO BUY AMBLE MILLS",
            "Kestrel Widget Holdings Plc said Kestrel would buy Amble Mills, the Kestrels' rival.",
            List.of(
                new Aligner.Annotated(
                    EntityType.ORGANIZATION,
                    "Kestrel Widget Holdings Plc",
                    List.of("Kestrel Widget Holdings Plc", "Kestrel", "KWH")),
                new Aligner.Annotated(
                    EntityType.ORGANIZATION, "Amble Mills", List.of("Amble Mills"))));
    CorpusDocument d = r.document();
    // the headline in capitals matches without case; the ticker in brackets is no mention;
    // "Kestrels" is another word; "KWH" is only a ticker, so it is reported as not found
    assertThat(forms(d, 0))
        .containsExactly("T:KESTREL", "B:Kestrel Widget Holdings Plc", "B:Kestrel");
    assertThat(forms(d, 1)).containsExactly("T:AMBLE MILLS", "B:Amble Mills");
    assertThat(r.problems()).singleElement().asString().contains("\"KWH\"");
  }

  @Test
  void aNamesOwnApostropheSIsKeptAndACountryBeforeAnOrganisationJoinsIt() {
    Aligner.Result r =
        Aligner.align(
            "newsflow",
            "d2",
            "test",
            "",
            "Moody's said the U.S. Agriculture Department and Okafor's aides met in the U.S.",
            List.of(
                new Aligner.Annotated(
                    EntityType.ORGANIZATION, "Moody's Investors Service", List.of("Moody")),
                new Aligner.Annotated(EntityType.LOCATION, "United States", List.of("U.S.")),
                new Aligner.Annotated(
                    EntityType.ORGANIZATION,
                    "United States Department of Agriculture",
                    List.of("Agriculture Department")),
                new Aligner.Annotated(EntityType.PERSON, "Ana Okafor", List.of("Okafor"))));
    CorpusDocument d = r.document();
    assertThat(forms(d, 0)).containsExactly("B:Moody's");
    assertThat(forms(d, 1)).containsExactly("B:U.S.");
    assertThat(forms(d, 2)).containsExactly("B:U.S. Agriculture Department");
    assertThat(forms(d, 3)).containsExactly("B:Okafor");
    assertThat(r.problems()).isEmpty();
  }
}
