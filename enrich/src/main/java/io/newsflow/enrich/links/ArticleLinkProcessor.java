package io.newsflow.enrich.links;

import io.newsflow.avro.ArticleLink;
import io.newsflow.avro.LinkType;
import io.newsflow.enrich.links.ArticleLinkState.Partner;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One article's links, partitioned by article id.
 *
 * <p>Related articles: each pair of articles sharing entities is scored by its later article (by
 * event time, then id). A new article hears from each shard of the link index that holds its
 * entities or bands, one INDEX record each, which earlier articles of the window share each entity
 * and with what weight; a later one that reached an entity's index first hears of the new article
 * on its own (PAIR). Each shared entity adds its weight once. Once every shard has answered, the
 * article publishes RELATED links to its best {@code topK} and tells every earlier article scoring
 * at least {@code relatedMinScore} its score, so that the earlier one keeps it among its own best
 * if it ranks there: links both ways with one score. A shared entity heard of later (a PAIR after
 * completion) raises the score, and the links are published again with it; a re-submission that
 * changes nothing publishes nothing.
 *
 * <p>Until every shard has answered, each answer is kept as one value of the {@code
 * link-article-pending} store (key: article, submission, then the order heard in) and the scores
 * are computed from them at once when the last one comes, in the order they were heard: an article
 * shares entities with hundreds of others, and rewriting all their scores at each answer would cost
 * most of link building.
 *
 * <p>Duplicates are published once, with which one is the original. Stories: a later article joins
 * the story of each of its best related articles scoring at least {@code storyMinScore}, and of its
 * duplicates. The two tell each other the root of their story (its earliest article), and an
 * article that learns of an older root takes it, publishes its STORY link and tells its own
 * neighbours, so the story's id stays that of its first article as it grows.
 */
final class ArticleLinkProcessor implements Processor<String, LinkEvent, String, LinkOutput> {
  static final String STORE = "link-article-state";

  /** The entities an article heard of before it was complete: {@link HeardEntity} values. */
  static final String PENDING_STORE = "link-article-pending";

  /** Scores kept once an article is complete, as a multiple of top k: for shared entities late. */
  private static final int RETAINED_PER_TOP_K = 3;

  private static final int MAX_SHARED = 32;
  private static final int MAX_EVIDENCE = 5;
  private static final double EPSILON = 1e-9;

  private final LinkSettings settings;
  private final Clock clock;
  private ProcessorContext<String, LinkOutput> context;
  private KeyValueStore<String, ArticleLinkState> store;
  private KeyValueStore<String, List<HeardEntity>> pending;
  private Sweeper<ArticleLinkState> sweeper;
  private Sweeper<List<HeardEntity>> pendingSweeper;

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
            (state, horizon) -> state.time < horizon ? null : state);
    // entries of an article are deleted once it is complete or re-submitted; an article swept
    // before that leaves them behind
    this.pending = context.getStateStore(PENDING_STORE);
    this.pendingSweeper =
        Sweeper.schedule(
            context,
            pending,
            settings.window().multipliedBy(2),
            (heard, horizon) -> heard.isEmpty() || heard.get(0).time() < horizon ? null : heard);
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
    pendingSweeper.seen(event.selfTime());
    switch (event.kind()) {
      case INDEX -> index(record, self, state, event);
      case PAIR -> pair(record, self, state, event);
      case RELATED -> related(record, self, state, event);
      case DUPLICATE -> duplicate(record, self, state, event);
      case STORY_ROOT -> storyRoot(record, self, state, event);
    }
    store.put(self, state);
  }

  /**
   * Whether an event of submission {@code arrival} counts: the newest submission wins, an older
   * one's records are ignored (and what it left pending goes).
   */
  private boolean current(ArticleLinkState state, long arrival, long time) {
    if (arrival == state.arrival) {
      return true;
    }
    if (arrival > state.arrival) {
      for (String key : pendingKeys(state)) {
        pending.delete(key);
      }
      state.startSubmission(arrival, time);
      return true;
    }
    return false;
  }

  /** Keeps shared entities heard of before the article is complete, after those heard before. */
  private void keepPending(ArticleLinkState state, List<HeardEntity> heard) {
    if (heard.isEmpty()) {
      return;
    }
    pending.put(pendingKey(state.articleId, state.arrival, state.pending), heard);
    state.pending++;
  }

  /** Scores the entities kept pending, in the order heard, and forgets them. */
  private void scorePending(String self, ArticleLinkState state) {
    if (state.pending == 0) {
      return;
    }
    List<String> keys = new ArrayList<>(state.pending);
    try (KeyValueIterator<String, List<HeardEntity>> it =
        pending.prefixScan(pendingPrefix(self, state.arrival).toString(), new StringSerializer())) {
      while (it.hasNext()) {
        KeyValue<String, List<HeardEntity>> kv = it.next();
        keys.add(kv.key);
        score(self, state, kv.value);
      }
    }
    for (String key : keys) {
      pending.delete(key);
    }
    state.pending = 0;
  }

  /** The keys of the entities kept pending for the article's current submission. */
  private List<String> pendingKeys(ArticleLinkState state) {
    List<String> keys = new ArrayList<>(state.pending);
    for (int i = 0; i < state.pending; i++) {
      keys.add(pendingKey(state.articleId, state.arrival, i));
    }
    return keys;
  }

  /**
   * The keys of one submission's pending entities start with the article id's length and the id, so
   * that no other id's keys share the prefix whatever the ids, then the submission; each key ends
   * with the order heard in. Numbers in fixed-width hex: a prefix scan yields them in order.
   */
  private static StringBuilder pendingPrefix(String articleId, long arrival) {
    StringBuilder key = new StringBuilder(articleId.length() + 32);
    appendHex(key, articleId.length(), 8).append(articleId);
    return appendHex(key, arrival, 16);
  }

  private static String pendingKey(String articleId, long arrival, int order) {
    return appendHex(pendingPrefix(articleId, arrival), order, 8).toString();
  }

  private static StringBuilder appendHex(StringBuilder out, long value, int digits) {
    for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) {
      out.append(Character.forDigit((int) (value >>> shift) & 0xF, 16));
    }
    return out;
  }

  /** Adds the weights of shared entities to the scores with the articles that share them. */
  private static void score(String self, ArticleLinkState state, List<HeardEntity> heard) {
    for (HeardEntity h : heard) {
      for (IndexEntry other : h.others()) {
        if (!other.articleId().equals(self)) {
          addScore(state, other.articleId(), other.time(), other.title(), h.entity(), h.weight());
        }
      }
    }
  }

  /**
   * A shard of the index answers: its near-duplicates are published at once, its shared entities
   * kept until every shard has answered, then all scored and the best published.
   */
  private void index(
      Record<String, LinkEvent> record, String self, ArticleLinkState state, LinkEvent e) {
    if (!current(state, e.arrival(), e.selfTime())) {
      return;
    }
    state.title = e.partnerTitle();
    for (LinkEvent duplicate : e.duplicates()) {
      duplicate(record, self, state, duplicate);
    }
    state.received++;
    boolean completes = !state.complete && state.received >= e.expected();
    if (!state.complete && !completes) {
      keepPending(state, e.heard());
      return;
    }
    scorePending(self, state);
    score(self, state, e.heard());
    if (completes) {
      state.complete = true;
      List<Map.Entry<String, Partner>> ranked = new ArrayList<>(state.scores().entrySet());
      ranked.sort(ArticleLinkState.BEST_FIRST);
      for (Map.Entry<String, Partner> candidate : ranked) {
        if (candidate.getValue().score < settings.relatedMinScore() - EPSILON) {
          break;
        }
        publish(record, self, state, candidate.getKey(), candidate.getValue());
      }
      state.trimScores(RETAINED_PER_TOP_K * settings.topK());
    }
  }

  /** A shared entity heard of on its own: it counts, and once complete is published at once. */
  private void pair(
      Record<String, LinkEvent> record, String self, ArticleLinkState state, LinkEvent e) {
    if (e.partner().equals(self) || !current(state, e.arrival(), e.selfTime())) {
      return;
    }
    if (!state.complete) {
      IndexEntry partner =
          new IndexEntry(e.partner(), e.partnerTime(), e.partnerTitle(), new int[0], 0, 0);
      keepPending(
          state, List.of(new HeardEntity(e.selfTime(), e.detail(), e.weight(), List.of(partner))));
      return;
    }
    boolean added =
        addScore(state, e.partner(), e.partnerTime(), e.partnerTitle(), e.detail(), e.weight());
    if (added && state.complete) {
      Partner p = state.scores().get(e.partner());
      if (p.score >= settings.relatedMinScore() - EPSILON) {
        publish(record, self, state, e.partner(), p);
      }
      state.trimScores(RETAINED_PER_TOP_K * settings.topK());
    }
  }

  /** Adds a shared entity's weight to the score with {@code partner}, once per entity. */
  private static boolean addScore(
      ArticleLinkState state,
      String partner,
      long time,
      String title,
      String entity,
      double weight) {
    Partner p =
        state
            .scores()
            .computeIfAbsent(partner, id -> new Partner(0, time, title, new ArrayList<>()));
    if (p.entities.contains(entity) || p.entities.size() >= MAX_SHARED) {
      return false;
    }
    p.entities.add(entity);
    p.score += weight;
    return true;
  }

  /**
   * Publishes this later article's score with an earlier one: its own RELATED link when among its
   * best, and the score told to the earlier one; their story is joined when it is strong enough.
   */
  private void publish(
      Record<String, LinkEvent> record,
      String self,
      ArticleLinkState state,
      String partner,
      Partner p) {
    List<String> evidence =
        List.copyOf(p.entities.subList(0, Math.min(MAX_EVIDENCE, p.entities.size())));
    boolean kept =
        offer(record, self, state, partner, new Partner(p.score, p.time, p.title, evidence));
    boolean strong = kept && p.score >= settings.storyMinScore();
    context.forward(
        record
            .withKey(partner)
            .withValue(
                LinkOutput.message(
                    LinkEvent.related(
                        p.time,
                        self,
                        state.time,
                        state.title == null ? "" : state.title,
                        p.score,
                        evidence,
                        strong))));
    if (strong) {
      strongEdge(record, self, state, partner, p.time);
    }
  }

  /** At the earlier article: a later one's score with it. */
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
    if (e.strong()) {
      strongEdge(record, self, state, e.partner(), e.partnerTime());
    }
  }

  /**
   * Keeps {@code partner} among the best related articles if it ranks there, and publishes it;
   * returns whether it is among them.
   */
  private boolean offer(
      Record<String, LinkEvent> record,
      String self,
      ArticleLinkState state,
      String partner,
      Partner candidate) {
    Partner known = state.related().get(partner);
    if (known != null && Math.abs(known.score - candidate.score) < EPSILON) {
      return true; // published already (a re-submission that changes nothing)
    }
    if (known == null && state.related().size() >= settings.topK()) {
      Map.Entry<String, Partner> worst = null;
      for (Map.Entry<String, Partner> e : state.related().entrySet()) {
        if (worst == null || ArticleLinkState.BEST_FIRST.compare(e, worst) > 0) {
          worst = e;
        }
      }
      if (ArticleLinkState.BEST_FIRST.compare(Map.entry(partner, candidate), worst) > 0) {
        return false; // not among the best
      }
      state.related().remove(worst.getKey());
    }
    state.related().put(partner, candidate);
    emit(
        record,
        self,
        LinkType.RELATED,
        partner,
        candidate.score,
        candidate.entities,
        candidate.title);
    return true;
  }

  private void duplicate(
      Record<String, LinkEvent> record, String self, ArticleLinkState state, LinkEvent e) {
    if (e.partner().equals(self)) {
      return;
    }
    if (state.duplicates().putIfAbsent(e.partner(), e.detail()) == null) {
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
    if (!state.strong().add(partner)) {
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
    state.strong().add(sender);
    if (state.olderThanRoot(e.detail(), e.rootTime())) {
      state.rootId = e.detail();
      state.rootTime = e.rootTime();
      publishStory(record, self, state);
      for (String neighbour : state.strong()) {
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
