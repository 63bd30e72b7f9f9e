package io.newsflow.eval;

import java.util.List;

/**
 * A system under evaluation: clean title and clean text of one document in, its entities out. Used
 * from one thread at a time.
 */
public interface EntityRecognizer {
  /** A short name for tables ("newsflow", "CoreNLP CRF"). */
  String name();

  List<SystemEntity> recognize(String cleanTitle, String cleanText);
}
