package io.newsflow.enrich.links;

import io.newsflow.avro.ArticleLink;
import io.newsflow.avro.LinkType;
import io.newsflow.enrich.links.ArticleLinkState.Partner;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One article's links, partitioned by article id.
 *
 * <p>Related articles: a new article hears, one record per entity, which other articles of the
 * window share it and with what weight; once it has heard of all its entities, each other article's
 * score is the sum of the shared entities' weights. It publishes RELATED links to its best {@code
 * topK} and tells every other article scoring at least {@code relatedMinScore} its score, so that
 * the older one keeps the new one among its own best if it ranks there: links both ways, each
 * published once with its final score, again only if a re-submission changes it.
 *
 * <p>Duplicates are published once, with which one is the original. Articles related strongly
 * enough, or duplicates, are in one story: each tells the other the root of its story (its earliest
 * article), and an article that learns of an older root takes it, publishes its STORY link and
 * tells its own neighbours, so the story's id stays that of its first article as it grows.
 */
final class ArticleLinkProcessor implements Processor<String, LinkEvent, String, LinkOutput> {
  static final String STORE = "link-article-state";

  /** Story neighbours remembered per article; more are told our root once but not remembered. */
  static final int MAX_NEIGHBOURS = 200;

  private static final int MAX_EVIDENCE = 5;
  private static final double EPSILON = 1e-9;

  private final LinkSettings settings;
  private final Clock clock;
  private ProcessorContext<String, LinkOutput> context;
  private KeyValueStore<String, ArticleLinkState> store;
  private Sweeper<ArticleLinkState> sweeper;

  ArticleLinkProcessor(LinkSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, LinkOutput> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
    // an article more than two windows older than the newest can no longer gain links
    this.sweeper =
        Sweeper.schedule(
            context,
            store,
            settings.window().multipliedBy(2),
            (state, horizon) -> state.time < horizon && state.pendingArrival == 0 ? null : state);
  }

  @Override
  public void process(Record<String, LinkEvent> record) {
    String self = record.key();
    LinkEvent event = record.value();
    ArticleLinkState state = store.get(self);
    if (state == null) {
      if (event.kind() == LinkEvent.Kind.STORY_ROOT) {
        return; // a root message can only follow links this article knows; it is seen already
      }
      state = ArticleLinkState.fresh(self, event.selfTime());
    }
    sweeper.seen(event.selfTime());
    switch (event.kind()) {
      case POSTINGS -> postings(record, self, state, event);
      case RELATED -> related(record, self, state, event);
      case DUPLICATE -> duplicate(record, self, state, event);
      case STORY_ROOT -> storyRoot(record, self, state, event);
    }
    store.put(self, state);
  }

  private void postings(
      Record<String, LinkEvent> record, String self, ArticleLinkState state, LinkEvent e) {
    if (e.arrival() != state.pendingArrival) {
      state.startCounting(e.arrival());
    }
    for (IndexEntry other : e.postings()) {
      if (other.articleId().equals(self)) {
        continue;
      }
      Partner p =
          state.candidates.computeIfAbsent(
              other.articleId(),
              id -> new Partner(0, other.time(), other.title(), new ArrayList<>()));
      p.score += e.weight();
      p.entities.add(e.detail());
    }
    state.pendingReceived++;
    if (state.pendingReceived >= e.expected()) {
      complete(record, self, state, e.partnerTitle());
    }
  }

  /** Every entity heard of: the scores are final. */
  private void complete(
      Record<String, LinkEvent> record, String self, ArticleLinkState state, String selfTitle) {
    List<Map.Entry<String, Partner>> ranked = new ArrayList<>(state.candidates.entrySet());
    ranked.sort(ArticleLinkState.BEST_FIRST);
    state.startCounting(0);
    for (Map.Entry<String, Partner> candidate : ranked) {
      String partner = candidate.getKey();
      Partner c = candidate.getValue();
      if (c.score < settings.relatedMinScore() - EPSILON) {
        break;
      }
      List<String> evidence =
          List.copyOf(c.entities.subList(0, Math.min(MAX_EVIDENCE, c.entities.size())));
      offer(record, self, state, partner, new Partner(c.score, c.time, c.title, evidence));
      context.forward(
          record
              .withKey(partner)
              .withValue(
                  LinkOutput.message(
                      LinkEvent.related(c.time, self, state.time, selfTitle, c.score, evidence))));
      if (c.score >= settings.storyMinScore()) {
        strongEdge(record, self, state, partner, c.time);
      }
    }
  }

  private void related(
      Record<String, LinkEvent> record, String self, ArticleLinkState state, LinkEvent e) {
    if (e.partner().equals(self)) {
      return;
    }
    offer(
        record,
        self,
        state,
        e.partner(),
        new Partner(e.weight(), e.partnerTime(), e.partnerTitle(), e.evidence()));
    if (e.weight() >= settings.storyMinScore()) {
      strongEdge(record, self, state, e.partner(), e.partnerTime());
    }
  }

  /** Keeps {@code partner} among the best related articles if it ranks there, and publishes it. */
  private void offer(
      Record<String, LinkEvent> record,
      String self,
      ArticleLinkState state,
      String partner,
      Partner candidate) {
    Partner known = state.related.get(partner);
    if (known != null && Math.abs(known.score - candidate.score) < EPSILON) {
      return; // published already (a re-submission that changes nothing)
    }
    if (known == null && state.related.size() >= settings.topK()) {
      Map.Entry<String, Partner> worst = null;
      for (Map.Entry<String, Partner> e : state.related.entrySet()) {
        if (worst == null || ArticleLinkState.BEST_FIRST.compare(e, worst) > 0) {
          worst = e;
        }
      }
      if (ArticleLinkState.BEST_FIRST.compare(Map.entry(partner, candidate), worst) > 0) {
        return; // not among the best
      }
      state.related.remove(worst.getKey());
    }
    state.related.put(partner, candidate);
    emit(
        record,
        self,
        LinkType.RELATED,
        partner,
        candidate.score,
        candidate.entities,
        candidate.title);
  }

  private void duplicate(
      Record<String, LinkEvent> record, String self, ArticleLinkState state, LinkEvent e) {
    if (e.partner().equals(self)) {
      return;
    }
    if (state.duplicates.putIfAbsent(e.partner(), e.detail()) == null) {
      emit(
          record,
          self,
          LinkType.DUPLICATE,
          e.partner(),
          e.weight(),
          List.of(e.detail()),
          e.partnerTitle());
    }
    strongEdge(record, self, state, e.partner(), e.partnerTime());
  }

  /**
   * A new neighbour in the story: tell it our root; if ours is the older side, our root names the
   * story.
   */
  private void strongEdge(
      Record<String, LinkEvent> record,
      String self,
      ArticleLinkState state,
      String partner,
      long partnerTime) {
    if (state.strong.contains(partner)) {
      return;
    }
    if (state.strong.size() < MAX_NEIGHBOURS) {
      state.strong.add(partner);
    }
    tellRoot(record, self, state, partner);
    boolean rootOlderThanPartner =
        partnerTime > state.rootTime
            || (partnerTime == state.rootTime && partner.compareTo(state.rootId) > 0);
    if (rootOlderThanPartner) {
      publishStory(record, self, state);
    }
  }

  private void storyRoot(
      Record<String, LinkEvent> record, String self, ArticleLinkState state, LinkEvent e) {
    String sender = e.partner();
    if (state.strong.size() < MAX_NEIGHBOURS) {
      state.strong.add(sender);
    }
    if (state.olderThanRoot(e.detail(), e.rootTime())) {
      state.rootId = e.detail();
      state.rootTime = e.rootTime();
      publishStory(record, self, state);
      for (String neighbour : state.strong) {
        if (!neighbour.equals(sender)) {
          tellRoot(record, self, state, neighbour);
        }
      }
      return;
    }
    publishStory(record, self, state);
    if (!state.rootId.equals(e.detail())) {
      // the sender's story is younger than ours: it must learn our root
      tellRoot(record, self, state, sender);
    }
  }

  private void tellRoot(
      Record<String, LinkEvent> record, String self, ArticleLinkState state, String to) {
    context.forward(
        record
            .withKey(to)
            .withValue(
                LinkOutput.message(LinkEvent.storyRoot(self, state.rootId, state.rootTime))));
  }

  private void publishStory(Record<String, LinkEvent> record, String self, ArticleLinkState state) {
    String story = storyId(state.rootId);
    if (!story.equals(state.storyEmitted)) {
      state.storyEmitted = story;
      emit(record, self, LinkType.STORY, story, 1.0, List.of(state.rootId), null);
    }
  }

  /** The id of the story whose first article is {@code rootArticleId}. */
  static String storyId(String rootArticleId) {
    return "story:" + rootArticleId;
  }

  private void emit(
      Record<String, LinkEvent> record,
      String from,
      LinkType type,
      String to,
      double score,
      List<String> evidence,
      String targetName) {
    ArticleLink link =
        ArticleLink.newBuilder()
            .setType(type)
            .setFrom(from)
            .setTo(to)
            .setScore(score)
            .setEvidence(new ArrayList<>(evidence))
            .setTargetName(targetName == null || targetName.isEmpty() ? null : targetName)
            .setVia(null)
            .setCreatedAt(clock.instant())
            .build();
    context.forward(record.withKey(from).withValue(LinkOutput.link(link)));
  }
}
