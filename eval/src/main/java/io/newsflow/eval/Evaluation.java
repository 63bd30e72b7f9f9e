package io.newsflow.eval;

import java.util.ArrayList;
import java.util.List;

/** Runs one system over clean documents and scores what it finds against their gold entities. */
public final class Evaluation {
  private final EntityScorer scorer = new EntityScorer();

  /** The outcome of one system on one document set. */
  public record Result(String system, Scoreboard scores, long elapsedNanos) {}

  public Result run(EntityRecognizer recognizer, List<EvalDocument> documents) {
    List<DocumentScore> scores = new ArrayList<>(documents.size());
    long start = System.nanoTime();
    for (EvalDocument doc : documents) {
      List<SystemEntity> found = recognizer.recognize(doc.cleanTitle(), doc.cleanText());
      scores.add(scorer.score(doc.id(), doc.gold(), found));
    }
    return new Result(recognizer.name(), new Scoreboard(scores), System.nanoTime() - start);
  }
}
