package io.newsflow.enrich.links;

import io.newsflow.avro.ArticleLink;
import io.newsflow.avro.LinkType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Resolves hyperlinks to article ids, partitioned by the id of the linked page (the id ingest gives
 * an article from its canonical URL). A link to a page already in the pipeline becomes a HYPERLINK
 * link to its article id at once; a link to a page not seen yet waits (up to {@value #MAX_PENDING}
 * per page) and is resolved when that article arrives. Articles are remembered for {@value
 * #SEEN_WINDOWS} windows of event time (84 days by default), links waiting for one window.
 */
final class HyperlinkResolver implements Processor<String, HyperlinkEvent, String, ArticleLink> {
  static final String SEEN_STORE = "link-seen-articles";
  static final String PENDING_STORE = "link-pending-hyperlinks";
  static final int MAX_PENDING = 100;
  static final int SEEN_WINDOWS = 12;

  private final LinkSettings settings;
  private Sweeper<HyperlinkEvent> seenSweeper;
  private Sweeper<List<HyperlinkEvent>> pendingSweeper;

  private final Clock clock;
  private ProcessorContext<String, ArticleLink> context;
  private KeyValueStore<String, HyperlinkEvent> seen;
  private KeyValueStore<String, List<HyperlinkEvent>> pending;

  HyperlinkResolver(LinkSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, ArticleLink> context) {
    this.context = context;
    this.seen = context.getStateStore(SEEN_STORE);
    this.pending = context.getStateStore(PENDING_STORE);
    this.seenSweeper =
        Sweeper.schedule(
            context,
            seen,
            settings.window().multipliedBy(SEEN_WINDOWS),
            (article, horizon) -> article.time() < horizon ? null : article);
    this.pendingSweeper =
        Sweeper.schedule(
            context,
            pending,
            settings.window(),
            (links, horizon) -> {
              if (links.stream().noneMatch(l -> l.time() < horizon)) {
                return links;
              }
              List<HyperlinkEvent> recent =
                  links.stream().filter(l -> l.time() >= horizon).toList();
              return recent.isEmpty() ? null : new ArrayList<>(recent);
            });
  }

  @Override
  public void process(Record<String, HyperlinkEvent> record) {
    String target = record.key();
    HyperlinkEvent event = record.value();
    seenSweeper.seen(event.time());
    pendingSweeper.seen(event.time());
    if (event.arrival()) {
      seen.put(target, event);
      List<HyperlinkEvent> waiting = pending.delete(target);
      if (waiting != null) {
        for (HyperlinkEvent link : waiting) {
          resolve(record, target, event.text(), link);
        }
      }
      return;
    }
    if (event.from().equals(target)) {
      return; // a page linking to itself
    }
    HyperlinkEvent arrived = seen.get(target);
    if (arrived != null) {
      resolve(record, target, arrived.text(), event);
      return;
    }
    List<HyperlinkEvent> waiting = pending.get(target);
    waiting = waiting == null ? new ArrayList<>() : waiting;
    waiting.removeIf(w -> w.from().equals(event.from()));
    waiting.add(event);
    while (waiting.size() > MAX_PENDING) {
      waiting.remove(0);
    }
    pending.put(target, waiting);
  }

  private void resolve(
      Record<String, HyperlinkEvent> record, String target, String title, HyperlinkEvent link) {
    List<String> evidence = new ArrayList<>();
    evidence.add(link.url());
    if (!link.text().isEmpty()) {
      evidence.add(link.text());
    }
    ArticleLink resolved =
        ArticleLink.newBuilder()
            .setType(LinkType.HYPERLINK)
            .setFrom(link.from())
            .setTo(target)
            .setScore(1.0)
            .setEvidence(evidence)
            .setTargetName(title.isEmpty() ? null : title)
            .setVia(null)
            .setCreatedAt(clock.instant())
            .build();
    context.forward(record.withKey(link.from()).withValue(resolved));
  }
}
