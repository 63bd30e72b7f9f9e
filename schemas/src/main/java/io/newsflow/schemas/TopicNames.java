package io.newsflow.schemas;

/** The names of the pipeline's topics, as the configuration gives them. */
public record TopicNames(
    String raw, String enriched, String links, String deadLetters, String entities) {
  /**
   * Names derived from one prefix, e.g. for tests: {@code <prefix>raw}, {@code <prefix>enriched},
   * ...
   */
  public static TopicNames withPrefix(String prefix) {
    return new TopicNames(
        prefix + "raw", prefix + "enriched", prefix + "links", prefix + "dlq", prefix + "entities");
  }
}
