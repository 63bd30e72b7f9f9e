package io.newsflow.nlp.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An annotated document of the entity corpus, its texts cleaned as the pipeline cleans them.
 *
 * @param source where the text comes from: {@value EntityCorpus#REUTERS} or {@value
 *     EntityCorpus#WRITTEN} (written for newsflow, text in the corpus file)
 * @param set train, dev or test
 */
public record CorpusDocument(
    String source,
    String docId,
    String set,
    String title,
    String text,
    List<CorpusEntity> entities) {
  public CorpusDocument {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(docId, "docId");
    Objects.requireNonNull(set, "set");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(text, "text");
    entities = List.copyOf(entities);
  }

  /** The written form of a mention. */
  public String surface(CorpusMention m) {
    return (m.title() ? title : text).substring(m.start(), m.end());
  }

  /** Every mention of every entity, with its entity's type. */
  public List<TypedMention> mentions() {
    List<TypedMention> out = new ArrayList<>();
    for (CorpusEntity e : entities) {
      for (CorpusMention m : e.mentions()) {
        out.add(new TypedMention(m, e.type()));
      }
    }
    return out;
  }

  public record TypedMention(CorpusMention mention, io.newsflow.avro.EntityType type) {}
}
