package io.newsflow.nlp.ner;

import io.newsflow.nlp.corpus.CorpusDocument;
import io.newsflow.nlp.corpus.CorpusMention;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains the recogniser's model on annotated documents: an averaged structured perceptron. Each
 * epoch visits the documents in an order drawn from the seed, labels each as the recogniser would
 * (so the document memory holds the model's own labels, as it will when it runs), and where a
 * sentence's labels differ from the gold ones, moves the weights towards the gold labels' features
 * and away from the wrong ones. The same documents, options and seed give the same model, bit for
 * bit.
 */
public final class Trainer {
  /**
   * @param epochs passes over the documents
   * @param seed the seed of the documents' order
   * @param minWeight features whose averaged weights all stay below this are left out of the model
   */
  public record Options(int epochs, long seed, float minWeight, int seeds) {
    public Options {
      if (epochs < 1) {
        throw new IllegalArgumentException("epochs must be at least 1, not " + epochs);
      }
      if (seeds < 1) {
        throw new IllegalArgumentException("seeds must be at least 1, not " + seeds);
      }
    }

    public Options(int epochs, long seed, float minWeight) {
      this(epochs, seed, minWeight, 1);
    }
  }

  /** A document made ready: its fields and the gold label of each word. */
  private record Example(FieldText title, FieldText body, int[] titleGold, int[] bodyGold) {}

  private final KbGazetteer gazetteer;

  public Trainer(KbGazetteer gazetteer) {
    this.gazetteer = gazetteer;
  }

  /**
   * The model trained on {@code docs}.
   *
   * @param afterEpoch told the epoch number and the model averaged so far, when not null
   */
  public NerModel train(
      List<CorpusDocument> docs,
      Options options,
      Consumer<String> log,
      java.util.function.BiConsumer<Integer, NerModel> afterEpoch) {
    if (options.seeds() == 1) {
      return trainOne(docs, options, log, afterEpoch);
    }
    List<NerModel> models = new ArrayList<>();
    for (int s = 0; s < options.seeds(); s++) {
      models.add(
          trainOne(
              docs, new Options(options.epochs(), options.seed() + s, 0f, 1), log, afterEpoch));
    }
    return NerModel.average(models, options.minWeight());
  }

  private NerModel trainOne(
      List<CorpusDocument> docs,
      Options options,
      Consumer<String> log,
      java.util.function.BiConsumer<Integer, NerModel> afterEpoch) {
    List<Example> examples = new ArrayList<>(docs.size());
    int unreachable = 0;
    for (CorpusDocument doc : docs) {
      FieldText title = new FieldText(doc.title(), true, gazetteer);
      FieldText body = new FieldText(doc.text(), false, gazetteer);
      int[] titleGold = new int[title.size()];
      int[] bodyGold = new int[body.size()];
      for (CorpusDocument.TypedMention m : doc.mentions()) {
        CorpusMention at = m.mention();
        FieldText f = at.title() ? title : body;
        int[] gold = at.title() ? titleGold : bodyGold;
        unreachable += mark(f, gold, at.start(), at.end(), Labels.typeOf(m.type()));
      }
      examples.add(new Example(title, body, titleGold, bodyGold));
    }
    if (unreachable > 0) {
      log.accept(unreachable + " gold names overlap another or fall between words: left out");
    }
    TrainingWeights weights = new TrainingWeights();
    Labeller labeller = new Labeller();
    Random random = new Random(options.seed());
    List<Example> order = new ArrayList<>(examples);
    NerModel model = null;
    for (int epoch = 1; epoch <= options.epochs(); epoch++) {
      long start = System.nanoTime();
      Collections.shuffle(order, random);
      int[] errors = new int[1];
      for (Example ex : order) {
        labeller.label(
            ex.title(),
            ex.body(),
            weights,
            (f, from, to, predicted, features, counts) -> {
              int[] gold = f == ex.title() ? ex.titleGold() : ex.bodyGold();
              if (update(weights, from, to, predicted, gold, features, counts)) {
                errors[0]++;
              }
              weights.nextStep();
            });
      }
      model = weights.average(options.minWeight());
      log.accept(
          String.format(
              java.util.Locale.ROOT,
              "epoch %d: %d sentences wrong, %d features (%d kept), %.1f s",
              epoch,
              errors[0],
              weights.size(),
              model.featureCount(),
              (System.nanoTime() - start) / 1e9));
      if (afterEpoch != null) {
        afterEpoch.accept(epoch, model);
      }
    }
    return model;
  }

  /** Marks a gold name's words; 1 when it cannot be marked (overlap, no word inside). */
  private static int mark(FieldText f, int[] gold, int start, int end, int type) {
    int first = -1;
    int last = -1;
    for (int i = 0; i < f.size(); i++) {
      Word w = f.words.get(i);
      if (w.start >= start && w.start < end) {
        if (first < 0) {
          first = i;
        }
        last = i;
      }
    }
    if (first < 0) {
      return 1;
    }
    for (int i = first; i <= last; i++) {
      if (gold[i] != Labels.O) {
        return 1;
      }
    }
    if (first == last) {
      gold[first] = Labels.of(type, Labels.U);
    } else {
      gold[first] = Labels.of(type, Labels.B);
      for (int i = first + 1; i < last; i++) {
        gold[i] = Labels.of(type, Labels.I);
      }
      gold[last] = Labels.of(type, Labels.L);
    }
    return 0;
  }

  /** Perceptron update of one sentence; whether it was wrong. */
  private static boolean update(
      TrainingWeights weights,
      int from,
      int to,
      int[] predicted,
      int[] gold,
      long[][] features,
      int[] counts) {
    boolean wrong = false;
    for (int i = from; i < to; i++) {
      if (predicted[i] != gold[i]) {
        wrong = true;
        break;
      }
    }
    if (!wrong) {
      return false;
    }
    for (int i = from; i < to; i++) {
      int t = i - from;
      int p = predicted[i];
      int g = gold[i];
      int pp = i == from ? -1 : predicted[i - 1];
      int gp = i == from ? -1 : gold[i - 1];
      if (p != g && counts[t] > 0) {
        weights.update(features[t], counts[t], g, 1f);
        weights.update(features[t], counts[t], p, -1f);
      }
      if (p != g || pp != gp) {
        weights.updateTransition(gp, g, 1f);
        weights.updateTransition(pp, p, -1f);
      }
    }
    return true;
  }
}
