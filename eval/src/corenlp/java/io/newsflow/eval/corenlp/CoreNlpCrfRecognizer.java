package io.newsflow.eval.corenlp;

import edu.stanford.nlp.ie.crf.CRFClassifier;
import edu.stanford.nlp.ling.CoreLabel;
import edu.stanford.nlp.util.Triple;
import io.newsflow.avro.EntityType;
import io.newsflow.eval.EntityRecognizer;
import io.newsflow.eval.SystemEntity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stanford CoreNLP 4.5.10's 3-class CRF ({@code english.all.3class.distsim}) as the baseline of the
 * evaluation and the speed benchmark. Title and text are tagged separately; mentions with the same
 * exact surface string in a document are one entity, typed by their most frequent label.
 *
 * <p>CoreNLP is GPL-3.0: this class is compiled only in the eval module's {@code corenlp} profile,
 * which nothing ships, and is found by reflection ({@code io.newsflow.eval.Baselines}).
 */
public final class CoreNlpCrfRecognizer implements EntityRecognizer {
  /** The model in {@code stanford-corenlp-4.5.10-models.jar}. */
  public static final String MODEL =
      "edu/stanford/nlp/models/ner/english.all.3class.distsim.crf.ser.gz";

  private final CRFClassifier<CoreLabel> classifier;

  /** Loads the model from the class path; takes a few seconds. */
  public CoreNlpCrfRecognizer() {
    try {
      this.classifier = CRFClassifier.getClassifier(MODEL);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the CoreNLP model " + MODEL, e);
    } catch (ClassNotFoundException | ClassCastException e) {
      throw new IllegalStateException("the CoreNLP model " + MODEL + " does not load", e);
    }
  }

  @Override
  public String name() {
    return "CoreNLP CRF";
  }

  @Override
  public List<SystemEntity> recognize(String cleanTitle, String cleanText) {
    Map<String, Map<EntityType, Integer>> labelsBySurface = new LinkedHashMap<>();
    tag(cleanTitle, labelsBySurface);
    tag(cleanText, labelsBySurface);
    List<SystemEntity> out = new ArrayList<>(labelsBySurface.size());
    for (Map.Entry<String, Map<EntityType, Integer>> e : labelsBySurface.entrySet()) {
      EntityType type = null;
      int best = 0;
      // a tie goes to the type that comes first in EntityType (an EnumMap iterates in that order)
      for (Map.Entry<EntityType, Integer> label : e.getValue().entrySet()) {
        if (label.getValue() > best) {
          best = label.getValue();
          type = label.getKey();
        }
      }
      out.add(SystemEntity.of(type, e.getKey()));
    }
    return out;
  }

  private void tag(String text, Map<String, Map<EntityType, Integer>> into) {
    if (text.isBlank()) {
      return;
    }
    for (Triple<String, Integer, Integer> span : classifier.classifyToCharacterOffsets(text)) {
      EntityType type = type(span.first());
      if (type == null) {
        continue;
      }
      String surface = text.substring(span.second(), span.third());
      into.computeIfAbsent(surface, s -> new EnumMap<>(EntityType.class))
          .merge(type, 1, Integer::sum);
    }
  }

  private static EntityType type(String label) {
    switch (label) {
      case "PERSON":
        return EntityType.PERSON;
      case "ORGANIZATION":
        return EntityType.ORGANIZATION;
      case "LOCATION":
        return EntityType.LOCATION;
      default:
        return null;
    }
  }
}
