package io.newsflow.nlp.ner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabellerTest {
  /**
   * Weights that want every word to be the inside of a person's name, which BILOU forbids alone.
   */
  private static final Scorer INSIDE_EVERYWHERE =
      new Scorer() {
        @Override
        public void score(long[] features, int n, float[] scores, int at) {
          scores[at + Labels.of(0, Labels.I)] += 10;
          scores[at + Labels.of(1, Labels.U)] += 1;
        }

        @Override
        public float transition(int prev, int next) {
          return 0;
        }
      };

  @Test
  void theBestLabelsAlwaysFormWholeNames() {
    FieldText title = new FieldText("", true, null);
    FieldText body = new FieldText("Kestrel Widget Holdings bought Amble Mills.", false, null);
    int[] labels = new Labeller().label(title, body, INSIDE_EVERYWHERE, null).body();
    int previous = -1;
    for (int label : labels) {
      assertThat(Labels.allowed(previous, label)).as("%s after %s", label, previous).isTrue();
      previous = label;
    }
    assertThat(Labels.canEnd(previous)).isTrue();
  }

  @Test
  void wordsWithoutCapitalsNearbyAreNeverPartOfAName() {
    FieldText title = new FieldText("", true, null);
    FieldText body = new FieldText("prices rose sharply on monday in heavy trading", false, null);
    assertThat(body.open).contains(true);
    FieldText mixed = new FieldText("Prices rose sharply on Monday in heavy trading", false, null);
    assertThat(mixed.open[2]).as("sharply").isFalse();
    int[] labels = new Labeller().label(title, mixed, INSIDE_EVERYWHERE, null).body();
    assertThat(labels[2]).isEqualTo(Labels.O);
  }
}
