package io.newsflow.enrich.links;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * LSH buckets, partitioned by band key: articles whose MinHash signatures agree on a band meet
 * here, and those whose estimated similarity reaches the threshold are duplicates. The earlier one
 * (by event time, then id) is the original; both are told (once per band they share: the article
 * side publishes the pair once).
 */
final class DuplicateProcessor implements Processor<String, IndexEntry, String, LinkEvent> {
  static final String STORE = "link-lsh-buckets";

  private final LinkSettings settings;
  private ProcessorContext<String, LinkEvent> context;
  private KeyValueStore<String, List<IndexEntry>> store;
  private Sweeper<List<IndexEntry>> sweeper;

  DuplicateProcessor(LinkSettings settings) {
    this.settings = settings;
  }

  @Override
  public void init(ProcessorContext<String, LinkEvent> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
    this.sweeper = Sweeper.schedule(context, store, settings.window(), Sweeper::keepRecent);
  }

  @Override
  public void process(Record<String, IndexEntry> record) {
    IndexEntry article = record.value();
    sweeper.seen(article.time());
    List<IndexEntry> bucket = store.get(record.key());
    bucket = bucket == null ? new ArrayList<>() : bucket;
    long window = settings.window().toMillis();
    bucket.removeIf(
        e -> e.articleId().equals(article.articleId()) || e.time() < article.time() - window);
    for (IndexEntry other : bucket) {
      if (Math.abs(other.time() - article.time()) > window) {
        continue;
      }
      double similarity = MinHash.similarity(article.signature(), other.signature());
      if (similarity >= settings.duplicateMinSimilarity()) {
        boolean otherIsOriginal =
            other.time() < article.time()
                || (other.time() == article.time()
                    && other.articleId().compareTo(article.articleId()) < 0);
        context.forward(
            record
                .withKey(article.articleId())
                .withValue(
                    LinkEvent.duplicate(article.time(), other, similarity, otherIsOriginal)));
        context.forward(
            record
                .withKey(other.articleId())
                .withValue(
                    LinkEvent.duplicate(other.time(), article, similarity, !otherIsOriginal)));
      }
    }
    bucket.add(article);
    bucket.sort(Comparator.comparingLong(IndexEntry::time));
    while (bucket.size() > settings.maxBucket()) {
      bucket.remove(0);
    }
    store.put(record.key(), bucket);
  }
}
