package io.newsflow.enrich.links;

import java.time.Duration;

/**
 * How links are built.
 *
 * @param window how far apart in event time two articles may be and still be linked (7 days)
 * @param topK related articles kept per article
 * @param maxPostings articles remembered per entity (the most recent)
 * @param maxPartnersPerEntity an entity in more articles than this within the window links no more
 *     articles: it says too little ("United States")
 * @param storyMinScore relatedness from which two articles are in the same story
 * @param duplicateMinSimilarity estimated Jaccard similarity of word 3-shingles from which two
 *     articles are duplicates
 * @param maxBucket articles remembered per LSH bucket
 */
public record LinkSettings(
    Duration window,
    int topK,
    int maxPostings,
    int maxPartnersPerEntity,
    double storyMinScore,
    double duplicateMinSimilarity,
    int maxBucket) {

  public LinkSettings {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("the link window must be positive, got " + window);
    }
    if (topK < 1 || maxPostings < 2 || maxPartnersPerEntity < 1 || maxBucket < 2) {
      throw new IllegalArgumentException(
          "link limits must be positive: top k "
              + topK
              + ", postings "
              + maxPostings
              + ", partners per entity "
              + maxPartnersPerEntity
              + ", bucket "
              + maxBucket);
    }
    if (duplicateMinSimilarity <= 0 || duplicateMinSimilarity > 1) {
      throw new IllegalArgumentException(
          "duplicate similarity must be in (0, 1], got " + duplicateMinSimilarity);
    }
  }

  /**
   * The defaults: 7 days, top 10, 200 postings, 50 partners per entity, story from 1.5, duplicates
   * from 0.5.
   */
  public static LinkSettings defaults() {
    return new LinkSettings(Duration.ofDays(7), 10, 200, 50, 1.5, 0.5, 50);
  }
}
