package io.newsflow.schemas;

import io.newsflow.avro.ArticleLink;
import io.newsflow.avro.EnrichedArticle;
import io.newsflow.avro.Entity;
import io.newsflow.avro.Link;
import io.newsflow.avro.LinkType;
import io.newsflow.avro.Quote;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The links an enriched article carries from its own text, as records of news.links.v1: cited
 * outlets and hyperlinks as written (its {@code links}), and one QUOTE link per quoted speaker with
 * the first words of what was quoted. Enrich publishes them; a store derives the same ones from the
 * article itself, so that they always belong to the version it holds.
 */
public final class IntrinsicLinks {
  private static final int QUOTE_CHARS = 200;
  private static final int QUOTES_KEPT = 3;

  private IntrinsicLinks() {}

  /** True for a link of a kind that {@link #of} makes: it changes with the article's text. */
  public static boolean isIntrinsic(LinkType type, String to) {
    return type == LinkType.CITES
        || type == LinkType.QUOTE
        || (type == LinkType.HYPERLINK && to.startsWith("http"));
  }

  public static List<ArticleLink> of(EnrichedArticle article) {
    List<ArticleLink> out = new ArrayList<>();
    Instant created = article.getEnrichedAt();
    for (Link link : article.getLinks()) {
      out.add(
          ArticleLink.newBuilder()
              .setType(link.getType())
              .setFrom(article.getId())
              .setTo(link.getTarget())
              .setScore(link.getScore())
              .setEvidence(new ArrayList<>(link.getEvidence()))
              .setTargetName(link.getTargetName())
              .setVia(link.getVia())
              .setCreatedAt(created)
              .build());
    }
    Map<String, List<String>> bySpeaker = new LinkedHashMap<>();
    Map<String, String> speakerNames = new LinkedHashMap<>();
    for (Entity e : article.getEntities()) {
      speakerNames.put(e.getId(), e.getName()); // the entity's name, not the name as written
    }
    for (Quote q : article.getQuotes()) {
      if (q.getSpeakerId() != null) {
        String text =
            q.getText().length() > QUOTE_CHARS
                ? q.getText().substring(0, QUOTE_CHARS) + "…"
                : q.getText();
        bySpeaker.computeIfAbsent(q.getSpeakerId(), s -> new ArrayList<>()).add(text);
        speakerNames.putIfAbsent(q.getSpeakerId(), q.getSpeakerName());
      }
    }
    bySpeaker.forEach(
        (speaker, quotes) ->
            out.add(
                ArticleLink.newBuilder()
                    .setType(LinkType.QUOTE)
                    .setFrom(article.getId())
                    .setTo(speaker)
                    .setScore(quotes.size())
                    .setEvidence(quotes.subList(0, Math.min(QUOTES_KEPT, quotes.size())))
                    .setTargetName(speakerNames.get(speaker))
                    .setVia(null)
                    .setCreatedAt(created)
                    .build()));
    return out;
  }
}
