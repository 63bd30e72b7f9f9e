package io.newsflow.ingest;

/** Kafka did not acknowledge an article after the producer's retries. */
public final class ArticleNotStoredException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String articleId;

  public ArticleNotStoredException(String articleId, Throwable cause) {
    super("Kafka did not store article " + articleId + ": " + cause, cause);
    this.articleId = articleId;
  }

  public String articleId() {
    return articleId;
  }
}
