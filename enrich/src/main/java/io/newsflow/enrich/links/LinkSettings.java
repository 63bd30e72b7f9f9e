package io.newsflow.enrich.links;

import java.time.Duration;

/**
 * How links are built.
 *
 * @param window how far apart in event time two articles may be and still be linked (7 days)
 * @param topK related articles kept per article
 * @param relatedMinScore relatedness from which two articles are related at all
 * @param maxPartnersPerEntity an entity in more articles than this within the window links no more
 *     articles: it says too little ("United States"); the index remembers one more than this per
 *     entity, the most recent
 * @param storyMinScore relatedness from which two articles are in the same story
 * @param duplicateMinSimilarity estimated Jaccard similarity of word 3-shingles from which two
 *     articles are duplicates
 * @param maxBucket articles remembered per LSH bucket
 */
public record LinkSettings(
    Duration window,
    int topK,
    double relatedMinScore,
    int maxPartnersPerEntity,
    double storyMinScore,
    double duplicateMinSimilarity,
    int maxBucket) {

  public LinkSettings {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("the link window must be positive, got " + window);
    }
    if (topK < 1 || maxPartnersPerEntity < 1 || maxBucket < 2) {
      throw new IllegalArgumentException(
          "link limits must be positive: top k "
              + topK
              + ", partners per entity "
              + maxPartnersPerEntity
              + ", bucket "
              + maxBucket);
    }
    if (relatedMinScore <= 0 || storyMinScore < relatedMinScore) {
      throw new IllegalArgumentException(
          "need 0 < related min score <= story min score, got "
              + relatedMinScore
              + " and "
              + storyMinScore);
    }
    if (duplicateMinSimilarity <= 0 || duplicateMinSimilarity > 1) {
      throw new IllegalArgumentException(
          "duplicate similarity must be in (0, 1], got " + duplicateMinSimilarity);
    }
  }

  /**
   * The defaults: 7 days, top 10, related from 0.5, 50 partners per entity, story from 1.5,
   * duplicates from 0.5.
   */
  public static LinkSettings defaults() {
    return new LinkSettings(Duration.ofDays(7), 10, 0.5, 50, 1.5, 0.5, 50);
  }

  /** These settings with another window. */
  public LinkSettings withWindow(Duration window) {
    return new LinkSettings(
        window,
        topK,
        relatedMinScore,
        maxPartnersPerEntity,
        storyMinScore,
        duplicateMinSimilarity,
        maxBucket);
  }

  /** These settings with another number of related articles kept. */
  public LinkSettings withTopK(int topK) {
    return new LinkSettings(
        window,
        topK,
        relatedMinScore,
        maxPartnersPerEntity,
        storyMinScore,
        duplicateMinSimilarity,
        maxBucket);
  }
}
