package io.newsflow.enrich.links;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One shard of the link index: for each entity the recent articles that mention it, for each LSH
 * band the recent articles whose signatures agree on it: a list per key in the {@code link-index}
 * store, read and written whole (a point read per key costs far less than a range scan of RocksDB),
 * cached, so that an entity in many articles reaches the changelog once per commit.
 *
 * <p>An article's request brings its entities and bands of this shard; the shard answers it in one
 * INDEX record: for each entity its weight and the earlier articles of the window that mention it,
 * and the near-duplicates found. A later article of the window (one that came first but was
 * published after) is told of the new one on its own (PAIR), so that each pair is scored by its
 * later article. The weight is {@code 1 / log2(2 + n)} for n other articles in the window, so a
 * shared rare entity counts more than a common one; an entity in more than {@code
 * maxPartnersPerEntity} articles is remembered but links no more articles.
 *
 * <p>Near-duplicates are the articles of a shared band whose estimated similarity reaches the
 * threshold; the earlier one (by event time, then id) is the original. The new article learns of
 * the pair in its INDEX answer, the one already indexed by a DUPLICATE record.
 */
final class LinkIndexProcessor implements Processor<String, IndexRequest, String, LinkEvent> {
  static final String STORE = "link-index";

  private static final String ENTITY = "e:";
  private static final String BAND = "b:";

  private final LinkSettings settings;
  private ProcessorContext<String, LinkEvent> context;
  private KeyValueStore<String, List<IndexEntry>> store;
  private Sweeper<List<IndexEntry>> sweeper;

  LinkIndexProcessor(LinkSettings settings) {
    this.settings = settings;
  }

  @Override
  public void init(ProcessorContext<String, LinkEvent> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
    this.sweeper = Sweeper.schedule(context, store, settings.window(), Sweeper::keepRecent);
  }

  @Override
  public void process(Record<String, IndexRequest> record) {
    IndexRequest request = record.value();
    IndexEntry article = request.article();
    sweeper.seen(article.time());
    Map<String, LinkEvent> duplicates = new LinkedHashMap<>();
    List<HeardEntity> heard = new ArrayList<>(request.entities().size());
    for (String entity : request.entities()) {
      heard.add(entity(record, entity, article));
    }
    for (String band : request.bands()) {
      band(band, article, duplicates);
    }
    if (!request.answers()) {
      return;
    }
    List<LinkEvent> toSelf = new ArrayList<>(duplicates.size());
    for (Map.Entry<String, LinkEvent> d : duplicates.entrySet()) {
      LinkEvent mine = d.getValue();
      toSelf.add(mine);
      boolean otherIsOriginal = mine.detail().equals("original");
      context.forward(
          record
              .withKey(d.getKey())
              .withValue(
                  LinkEvent.duplicate(
                      mine.partnerTime(), article, mine.weight(), !otherIsOriginal)));
    }
    context.forward(
        record
            .withKey(article.articleId())
            .withValue(LinkEvent.index(article, request.replies(), heard, toSelf)));
  }

  /** Looks the entity up for the article, tells later articles of it, and indexes it. */
  private HeardEntity entity(
      Record<String, IndexRequest> record, String entity, IndexEntry article) {
    String key = ENTITY + entity;
    List<IndexEntry> list = recent(key, article);
    List<IndexEntry> others = new ArrayList<>(list.size());
    for (IndexEntry e : list) {
      if (withinWindow(e, article)) {
        others.add(e);
      }
    }
    double weight = 1.0 / (Math.log(2 + others.size()) / Math.log(2));
    if (others.size() > settings.maxPartnersPerEntity()) {
      others = List.of();
    }
    List<IndexEntry> earlier = new ArrayList<>(others.size());
    for (IndexEntry other : others) {
      if (isLater(other, article)) {
        context.forward(
            record
                .withKey(other.articleId())
                .withValue(LinkEvent.pair(other, article, entity, weight)));
      } else {
        earlier.add(other);
      }
    }
    // postings need no signature; beyond one more than the partners allowed, the entity links
    // nothing: older postings can go
    IndexEntry posting =
        new IndexEntry(
            article.articleId(), article.time(), article.title(), NONE, article.arrival(), 0);
    keep(key, list, posting, settings.maxPartnersPerEntity() + 1);
    return new HeardEntity(article.time(), entity, weight, earlier);
  }

  /** Looks for duplicates in the band's bucket, and puts the article in it. */
  private void band(String band, IndexEntry article, Map<String, LinkEvent> duplicates) {
    String key = BAND + band;
    List<IndexEntry> bucket = recent(key, article);
    for (IndexEntry other : bucket) {
      if (!withinWindow(other, article) || duplicates.containsKey(other.articleId())) {
        continue;
      }
      double similarity = MinHash.similarity(article.signature(), other.signature());
      if (similarity >= settings.duplicateMinSimilarity()) {
        duplicates.put(
            other.articleId(),
            LinkEvent.duplicate(article.time(), other, similarity, isLater(article, other)));
      }
    }
    keep(key, bucket, article, settings.maxBucket());
  }

  /**
   * The entries of an index key without the article's own (a re-submission replaces its earlier
   * entry: it never meets itself); written back with the article in it. Entries out of the window
   * go with the sweep, not here, so that an old article arriving late does not drop recent ones.
   */
  private List<IndexEntry> recent(String key, IndexEntry article) {
    List<IndexEntry> list = store.get(key);
    if (list == null) {
      return new ArrayList<>();
    }
    list.removeIf(e -> e.articleId().equals(article.articleId()));
    return list;
  }

  private boolean withinWindow(IndexEntry e, IndexEntry article) {
    return Math.abs(e.time() - article.time()) <= settings.window().toMillis();
  }

  /** Writes the list back with the article in it, oldest first, keeping the {@code keep} newest. */
  private void keep(String key, List<IndexEntry> list, IndexEntry article, int keep) {
    list.add(article);
    list.sort(Comparator.comparingLong(IndexEntry::time));
    while (list.size() > keep) {
      list.remove(0);
    }
    store.put(key, list);
  }

  private static final int[] NONE = new int[0];

  /** Whether {@code a} is later than {@code b}: by event time, then by id. */
  static boolean isLater(IndexEntry a, IndexEntry b) {
    return a.time() > b.time()
        || (a.time() == b.time() && a.articleId().compareTo(b.articleId()) > 0);
  }
}
