package io.newsflow.nlp.quotes;

import io.newsflow.avro.Entity;
import io.newsflow.avro.EntityType;
import io.newsflow.avro.Mention;
import io.newsflow.avro.TextField;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Entities for a test text, written by hand rather than found by the entity extractor, so that the
 * quote tests test quote rules: every whole-word occurrence of a surface becomes a mention, longer
 * surfaces first, no two mentions overlapping.
 */
final class TestEntities {
  private record Spec(String id, String name, EntityType type, String surface) {}

  private final String text;
  private final List<Spec> specs = new ArrayList<>();
  private final List<String> order = new ArrayList<>();

  private TestEntities(String text) {
    this.text = text;
  }

  static TestEntities in(String text) {
    return new TestEntities(text);
  }

  TestEntities person(String name, String... surfaces) {
    return add(EntityType.PERSON, "test:person/" + slug(name), name, surfaces);
  }

  TestEntities org(String name, String... surfaces) {
    return add(EntityType.ORGANIZATION, "test:org/" + slug(name), name, surfaces);
  }

  TestEntities place(String name, String... surfaces) {
    return add(EntityType.LOCATION, "test:place/" + slug(name), name, surfaces);
  }

  static String id(EntityType type, String name) {
    String kind =
        switch (type) {
          case PERSON -> "person";
          case ORGANIZATION -> "org";
          default -> "place";
        };
    return "test:" + kind + "/" + slug(name);
  }

  List<Entity> build() {
    List<Spec> bySize = new ArrayList<>(specs);
    bySize.sort(Comparator.comparingInt((Spec s) -> -s.surface().length()));
    boolean[] taken = new boolean[text.length()];
    List<List<Mention>> mentions = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      mentions.add(new ArrayList<>());
    }
    for (Spec s : bySize) {
      Matcher m = Pattern.compile("\\b" + Pattern.quote(s.surface()) + "\\b").matcher(text);
      while (m.find()) {
        boolean free = true;
        for (int i = m.start(); i < m.end() && free; i++) {
          free = !taken[i];
        }
        if (!free) {
          continue;
        }
        for (int i = m.start(); i < m.end(); i++) {
          taken[i] = true;
        }
        mentions
            .get(order.indexOf(s.id()))
            .add(
                Mention.newBuilder()
                    .setStart(m.start())
                    .setEnd(m.end())
                    .setText(m.group())
                    .setField(TextField.BODY)
                    .build());
      }
    }
    List<Entity> out = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      String id = order.get(i);
      Spec first = specs.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
      List<Mention> ms = mentions.get(i);
      ms.sort(Comparator.comparingInt(Mention::getStart));
      out.add(
          Entity.newBuilder()
              .setId(id)
              .setName(first.name())
              .setType(first.type())
              .setConfidence(1f)
              .setSource("test")
              .setMentions(ms)
              .build());
    }
    return out;
  }

  private TestEntities add(EntityType type, String id, String name, String... surfaces) {
    order.add(id);
    specs.add(new Spec(id, name, type, name));
    for (String s : surfaces) {
      specs.add(new Spec(id, name, type, s));
    }
    return this;
  }

  private static String slug(String name) {
    return name.toLowerCase().replaceAll("[^a-z0-9]+", "-");
  }
}
