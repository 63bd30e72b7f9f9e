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
 * per page) and is resolved when that article arrives.
 */
final class HyperlinkResolver implements Processor<String, HyperlinkEvent, String, ArticleLink> {
  static final String SEEN_STORE = "link-seen-articles";
  static final String PENDING_STORE = "link-pending-hyperlinks";
  static final int MAX_PENDING = 100;

  private final Clock clock;
  private ProcessorContext<String, ArticleLink> context;
  private KeyValueStore<String, String> seen;
  private KeyValueStore<String, List<HyperlinkEvent>> pending;

  HyperlinkResolver(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, ArticleLink> context) {
    this.context = context;
    this.seen = context.getStateStore(SEEN_STORE);
    this.pending = context.getStateStore(PENDING_STORE);
  }

  @Override
  public void process(Record<String, HyperlinkEvent> record) {
    String target = record.key();
    HyperlinkEvent event = record.value();
    if (event.arrival()) {
      seen.put(target, event.text());
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
    String title = seen.get(target);
    if (title != null) {
      resolve(record, target, title, event);
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
