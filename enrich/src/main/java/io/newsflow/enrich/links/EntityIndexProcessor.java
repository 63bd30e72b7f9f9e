package io.newsflow.enrich.links;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The entity index, partitioned by entity id: for each entity the recent articles that mention it.
 * A new article is told, in one record, the entity's weight and the earlier articles of the window
 * that mention it; a later article of the window (one that came first but was published after) is
 * told of the new one on its own, so that each pair is scored by its later article. The weight is
 * {@code 1 / log2(2 + n)} for n other articles in the window, so a shared rare entity counts more
 * than a common one; an entity in more than {@code maxPartnersPerEntity} articles is remembered but
 * links no more articles (the record then lists none, so that the article still counts it).
 */
final class EntityIndexProcessor implements Processor<String, IndexEntry, String, LinkEvent> {
  static final String STORE = "link-entity-index";

  private final LinkSettings settings;
  private ProcessorContext<String, LinkEvent> context;
  private KeyValueStore<String, List<IndexEntry>> store;
  private Sweeper<List<IndexEntry>> sweeper;

  EntityIndexProcessor(LinkSettings settings) {
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
    String entity = record.key();
    IndexEntry article = record.value();
    sweeper.seen(article.time());
    List<IndexEntry> list = store.get(entity);
    list = list == null ? new ArrayList<>() : list;
    long window = settings.window().toMillis();
    // a re-submitted article replaces its earlier posting: it never meets itself
    list.removeIf(e -> e.articleId().equals(article.articleId()));
    List<IndexEntry> others = new ArrayList<>();
    for (IndexEntry e : list) {
      if (Math.abs(e.time() - article.time()) <= window) {
        others.add(e);
      }
    }
    double weight = 1.0 / (Math.log(2 + others.size()) / Math.log(2));
    if (others.size() > settings.maxPartnersPerEntity()) {
      others = List.of();
    }
    // each pair is scored by its later article: the earlier ones come with this article's
    // postings, and each later one (an article that came before this one but is more recent) is
    // told on its own
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
    context.forward(
        record
            .withKey(article.articleId())
            .withValue(LinkEvent.postings(article, entity, weight, article.entities(), earlier)));
    list.add(article);
    list.sort(Comparator.comparingLong(IndexEntry::time));
    // beyond one more than the partners allowed, the entity links nothing: older postings can go
    while (list.size() > settings.maxPartnersPerEntity() + 1) {
      list.remove(0);
    }
    store.put(entity, list);
  }

  /** Whether {@code a} is later than {@code b}: by event time, then by id. */
  static boolean isLater(IndexEntry a, IndexEntry b) {
    return a.time() > b.time()
        || (a.time() == b.time() && a.articleId().compareTo(b.articleId()) > 0);
  }
}
