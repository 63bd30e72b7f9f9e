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
 * One article's links, partitioned by article id. Shared entities add up to a relatedness score per
 * other article (each entity counted once, so a re-submission changes nothing); the best {@code
 * topK} are published as RELATED links whenever their score grows. Duplicates are published once,
 * with which one is the original. Articles related strongly enough, or duplicates, are in one
 * story: each tells the other the root of its story (its earliest article), and an article that
 * learns of an older root takes it, publishes its STORY link and tells its own neighbours, so the
 * story's id stays that of its first article as it grows.
 */
final class ArticleLinkProcessor implements Processor<String, LinkEvent, String, LinkOutput> {
  static final String STORE = "link-article-state";
  private static final int MAX_PARTNERS = 200;
  private static final int MAX_EVIDENCE = 5;
  private static final double EPSILON = 1e-9;

  private final LinkSettings settings;
  private final Clock clock;
  private ProcessorContext<String, LinkOutput> context;
  private KeyValueStore<String, ArticleLinkState> store;

  ArticleLinkProcessor(LinkSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, LinkOutput> context) {
    this.context = context;
    this.store = context.getStateStore(STORE);
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
    switch (event.kind()) {
      case SHARED_ENTITY -> sharedEntity(record, self, state, event);
      case DUPLICATE -> duplicate(record, self, state, event);
      case STORY_ROOT -> storyRoot(record, self, state, event);
    }
    state.trim(MAX_PARTNERS);
    store.put(self, state);
  }

  private void sharedEntity(
      Record<String, LinkEvent> record, String self, ArticleLinkState state, LinkEvent e) {
    if (e.partner().equals(self)) {
      return;
    }
    Partner p =
        state.partners.computeIfAbsent(
            e.partner(), id -> new Partner(e.partnerTime(), e.partnerTitle()));
    if (!p.entities.add(e.detail())) {
      return;
    }
    p.score += e.weight();
    List<Map.Entry<String, Partner>> ranked = state.ranked();
    int rank = 0;
    while (rank < ranked.size() && !ranked.get(rank).getKey().equals(e.partner())) {
      rank++;
    }
    if (rank < settings.topK() && p.score > p.emittedScore + EPSILON) {
      p.emittedScore = p.score;
      emit(
          record,
          self,
          LinkType.RELATED,
          e.partner(),
          p.score,
          new ArrayList<>(p.entities).subList(0, Math.min(MAX_EVIDENCE, p.entities.size())),
          p.title);
    }
    if (p.score >= settings.storyMinScore()) {
      strongEdge(record, self, state, e.partner(), p.time);
    }
  }

  private void duplicate(
      Record<String, LinkEvent> record, String self, ArticleLinkState state, LinkEvent e) {
    if (e.partner().equals(self)) {
      return;
    }
    Partner p =
        state.partners.computeIfAbsent(
            e.partner(), id -> new Partner(e.partnerTime(), e.partnerTitle()));
    p.duplicateRole = e.detail();
    p.similarity = Math.max(p.similarity, e.weight());
    if (!p.duplicateEmitted) {
      p.duplicateEmitted = true;
      emit(
          record,
          self,
          LinkType.DUPLICATE,
          e.partner(),
          p.similarity,
          List.of(e.detail()),
          p.title);
    }
    strongEdge(record, self, state, e.partner(), p.time);
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
    if (!state.strong.add(partner)) {
      return;
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
    state.strong.add(sender);
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
