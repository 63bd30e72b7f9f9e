package io.newsflow.nlp.ner;

import io.newsflow.avro.EntityType;
import io.newsflow.kb.KnowledgeBase;
import java.util.ArrayList;
import java.util.List;

/**
 * The statistical entity recogniser: finds and types the names of people, organisations and places
 * in an article's title and text with a trained sequence model (an averaged perceptron over BILOU
 * labels, see {@code docs/entity-recogniser.md}). Title and clean text in, typed spans out; linking
 * and grouping them into entities is the caller's. Thread-safe.
 */
public final class Recognizer {
  private final NerModel model;
  private final KbGazetteer gazetteer;
  private final ThreadLocal<Labeller> labellers = ThreadLocal.withInitial(Labeller::new);

  public Recognizer(NerModel model, KnowledgeBase kb) {
    this.model = model;
    this.gazetteer = new KbGazetteer(kb);
  }

  /** A name found: where it is (in the title or the text), its words, its type. */
  public record Span(
      boolean title, int start, int end, int firstWord, int lastWord, EntityType type) {}

  /** An article's words and the names found among them. */
  public record Result(List<Word> titleWords, List<Word> bodyWords, List<Span> spans) {}

  public Result recognize(String title, String body) {
    FieldText t = new FieldText(title == null ? "" : title, true, gazetteer);
    FieldText b = new FieldText(body == null ? "" : body, false, gazetteer);
    Labeller.Labels2 labels = labellers.get().label(t, b, model, null);
    List<Span> spans = new ArrayList<>();
    spans(t, labels.title(), spans);
    spans(b, labels.body(), spans);
    return new Result(t.words, b.words, spans);
  }

  static void spans(FieldText f, int[] labels, List<Span> out) {
    int open = -1;
    for (int i = 0; i < labels.length; i++) {
      int label = labels[i];
      if (label == Labels.O) {
        open = -1;
        continue;
      }
      int pos = Labels.position(label);
      if (pos == Labels.B) {
        open = i;
      } else if (pos == Labels.U) {
        out.add(span(f, i, i, label));
        open = -1;
      } else if (pos == Labels.L && open >= 0) {
        out.add(span(f, open, i, label));
        open = -1;
      }
    }
  }

  private static Span span(FieldText f, int first, int last, int label) {
    // a name neither starts nor ends with punctuation or a lower-case connector ("'S HESSE",
    // "of Brown Group Inc")
    while (first < last && (trimmable(f, first) || DATES.contains(f.words.get(first).lower))) {
      first++;
    }
    while (last > first
        && trimmable(f, last)
        && !f.words.get(last).is(')')
        && !possessive(f.words.get(last))) {
      last--;
    }
    return new Span(
        f.title,
        f.words.get(first).start,
        f.words.get(last).end,
        first,
        last,
        Labels.entityType(Labels.type(label)));
  }

  /** The "'s" of "Moody's": the model ends a name with it only where the name has it. */
  private static boolean possessive(Word w) {
    return w.text.equals("'s") || w.text.equals("’s") || w.text.equals("'S");
  }

  private static boolean trimmable(FieldText f, int i) {
    Word w = f.words.get(i);
    return !w.word
        || (!w.capitalized && !f.caps && (f.classes[i] & (1 << FieldText.CONNECTOR)) != 0)
        || number(w);
  }

  /** "31,781,461", "1987": a number of digits alone is no part of a name's edge. */
  private static boolean number(Word w) {
    for (int k = 0; k < w.text.length(); k++) {
      char c = w.text.charAt(k);
      if (!Character.isDigit(c) && c != ',' && c != '.') {
        return false;
      }
    }
    return true;
  }

  /** Months and weekdays do not start names ("September International Coffee Organization"). */
  private static final java.util.Set<String> DATES =
      java.util.Set.of(
          "january",
          "february",
          "march",
          "april",
          "june",
          "july",
          "august",
          "september",
          "october",
          "november",
          "december",
          "monday",
          "tuesday",
          "wednesday",
          "thursday",
          "friday",
          "saturday",
          "sunday");
}
