package io.newsflow.nlp.entities;

import io.newsflow.avro.Entity;
import io.newsflow.avro.EntityType;
import io.newsflow.avro.Mention;
import io.newsflow.avro.TextField;
import io.newsflow.kb.AliasKeys;
import io.newsflow.kb.KnowledgeBase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns groups of mentions into the article's entities: the knowledge base's id and name where the
 * group is linked, else a stable id derived from the fullest name ({@code
 * newsflow:person/dan-rostenkowski}, the same in every article that spells it so); two groups with
 * one id are one entity.
 */
final class EntityIds {
  private EntityIds() {}

  static List<Entity> entities(KnowledgeBase kb, List<Group> groups) {
    List<Entity> out = new ArrayList<>(groups.size());
    for (Group g : groups) {
      if (g.type == null || g.type == EntityType.OTHER) {
        continue;
      }
      String id;
      String canonical;
      String source;
      if (g.kbEntity >= 0) {
        id = kb.id(g.kbEntity);
        canonical = kb.name(g.kbEntity);
        source = kb.source(g.kbEntity);
      } else {
        canonical = g.longest().text;
        id = textId(g.type, canonical);
        source = "text";
      }
      List<Mention> mentions = new ArrayList<>(g.mentions.size());
      for (Candidate m : g.mentions) {
        mentions.add(new Mention(m.start, m.end, m.text, m.field));
      }
      mentions.sort(MENTION_ORDER);
      out.add(new Entity(id, canonical, g.type, 1f, source, mentions));
    }
    Map<String, Entity> byId = new LinkedHashMap<>();
    for (Entity e : out) {
      Entity seen = byId.get(e.getId());
      if (seen == null) {
        byId.put(e.getId(), e);
      } else {
        List<Mention> merged = new ArrayList<>(seen.getMentions());
        merged.addAll(e.getMentions());
        merged.sort(MENTION_ORDER);
        seen.setMentions(merged);
      }
    }
    return new ArrayList<>(byId.values());
  }

  private static final Comparator<Mention> MENTION_ORDER =
      Comparator.comparingInt((Mention m) -> m.getField() == TextField.TITLE ? 0 : 1)
          .thenComparingInt(Mention::getStart);

  /**
   * The id of a name only the text knows: {@code newsflow:person/dan-rostenkowski}, the same in
   * every article that spells the name the same way.
   */
  static String textId(EntityType type, String name) {
    String kind =
        switch (type) {
          case PERSON -> "person";
          case ORGANIZATION -> "org";
          case LOCATION -> "place";
          default -> "other";
        };
    return "newsflow:" + kind + "/" + slug(name);
  }

  static String slug(String name) {
    String key = AliasKeys.normalize(name);
    StringBuilder out = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        out.append(c);
      } else if (out.length() > 0 && out.charAt(out.length() - 1) != '-') {
        out.append('-');
      }
    }
    int end = out.length();
    while (end > 0 && out.charAt(end - 1) == '-') {
      end--;
    }
    return end == 0 ? Integer.toHexString(name.hashCode()) : out.substring(0, end);
  }
}
