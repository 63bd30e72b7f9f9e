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
 * A new article meets every article of the list within the window; each meeting is told to both
 * articles with the entity's weight, {@code 1 / log2(1 + articles mentioning it)}, so a shared rare
 * entity counts more than a common one. Entities in more than {@code maxPartnersPerEntity} articles
 * are remembered but link no more articles.
 */
final class EntityIndexProcessor implements Processor<String, IndexEntry, String, LinkEvent> {
  static final String STORE = "link-entity-index";

  private final LinkSettings settings;
  private ProcessorContext<String, LinkEvent> context;
  private KeyValueStore<String, List<IndexEntry>> store;

  EntityIndexProcessor(LinkSettings settings) {
    this.settings = settings;
  }

  @Override
  public void init(ProcessorContext<String, LinkEvent> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<String, IndexEntry> record) {
    String entity = record.key();
    IndexEntry article = record.value();
    List<IndexEntry> list = store.get(entity);
    list = list == null ? new ArrayList<>() : list;
    long window = settings.window().toMillis();
    long newest = article.time();
    for (IndexEntry e : list) {
      newest = Math.max(newest, e.time());
    }
    long horizon = newest - window;
    // a re-submitted article replaces its earlier posting: it never meets itself
    list.removeIf(e -> e.articleId().equals(article.articleId()) || e.time() < horizon);
    double weight = 1.0 / (Math.log(2 + list.size()) / Math.log(2));
    if (list.size() <= settings.maxPartnersPerEntity()) {
      for (IndexEntry other : list) {
        if (Math.abs(other.time() - article.time()) <= window) {
          context.forward(
              record
                  .withKey(article.articleId())
                  .withValue(LinkEvent.sharedEntity(article.time(), other, weight, entity)));
          context.forward(
              record
                  .withKey(other.articleId())
                  .withValue(LinkEvent.sharedEntity(other.time(), article, weight, entity)));
        }
      }
    }
    list.add(article);
    list.sort(Comparator.comparingLong(IndexEntry::time));
    while (list.size() > settings.maxPostings()) {
      list.remove(0);
    }
    store.put(entity, list);
  }
}
