package io.newsflow.nlp.entities;

import io.newsflow.avro.Entity;
import io.newsflow.avro.TextField;
import io.newsflow.kb.KnowledgeBase;
import io.newsflow.nlp.ner.NerModel;
import io.newsflow.nlp.ner.Recognizer;
import io.newsflow.nlp.ner.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Finds the people, organisations and places of an English article and links them to canonical ids:
 * title and clean text in, one {@link Entity} per distinct entity out, with every mention's
 * offsets. Thread-safe.
 *
 * <p>Four steps: the trained {@link Recognizer} finds and types the names; the {@link Linker} links
 * each to the knowledge base where it knows the name with that type; {@link Grouping} joins the
 * mentions of one entity ("Kerry" after "John Kerry", "SEC", "ISIS" = "ISIL" = "Daesh"); {@link
 * EntityIds} gives each entity its id. See {@code docs/entity-recogniser.md}.
 */
public final class EntityExtractor {
  private final KnowledgeBase kb;
  private final Recognizer recognizer;
  private final Linker linker;

  public EntityExtractor(KnowledgeBase kb, NerModel model) {
    this.kb = Objects.requireNonNull(kb, "knowledge base");
    this.recognizer = new Recognizer(Objects.requireNonNull(model, "model"), kb);
    this.linker = new Linker(kb);
  }

  /** An extractor over the knowledge base and the model that ship with newsflow. */
  public static EntityExtractor withDefaultKnowledgeBase() {
    return new EntityExtractor(KnowledgeBase.loadDefault(), NerModel.loadDefault());
  }

  /** An extractor over another knowledge base, with the model that ships with newsflow. */
  public static EntityExtractor withKnowledgeBase(KnowledgeBase kb) {
    return new EntityExtractor(kb, NerModel.loadDefault());
  }

  public KnowledgeBase knowledgeBase() {
    return kb;
  }

  /**
   * The entities of an article.
   *
   * @param cleanTitle the clean title (mention offsets with field TITLE point into it)
   * @param cleanText the clean text (mention offsets with field BODY point into it)
   */
  public List<Entity> extract(String cleanTitle, String cleanText) {
    String title = cleanTitle == null ? "" : cleanTitle;
    String body = cleanText == null ? "" : cleanText;
    Recognizer.Result found = recognizer.recognize(title, body);
    List<Candidate> candidates = new ArrayList<>(found.spans().size());
    for (Recognizer.Span s : found.spans()) {
      List<Word> words = s.title() ? found.titleWords() : found.bodyWords();
      int count = 0;
      for (int i = s.firstWord(); i <= s.lastWord(); i++) {
        if (words.get(i).word) {
          count++;
        }
      }
      Candidate c =
          new Candidate(
              s.title() ? TextField.TITLE : TextField.BODY,
              s.title() ? title : body,
              s.start(),
              s.end(),
              count,
              s.type());
      linker.link(c, s.title() ? title : body);
      candidates.add(c);
    }
    return EntityIds.entities(kb, Grouping.group(kb, candidates, body));
  }
}
