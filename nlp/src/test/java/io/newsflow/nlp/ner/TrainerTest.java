package io.newsflow.nlp.ner;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsflow.avro.EntityType;
import io.newsflow.kb.KbEntity;
import io.newsflow.kb.KnowledgeBase;
import io.newsflow.nlp.corpus.CorpusDocument;
import io.newsflow.nlp.corpus.CorpusEntity;
import io.newsflow.nlp.corpus.CorpusMention;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trainer on a small made-up corpus: it learns, and it is deterministic. */
class TrainerTest {
  private static final KnowledgeBase KB =
      KnowledgeBase.builder()
          .addAll(List.of(new KbEntity("Q1", EntityType.LOCATION, "Ruritania", List.of(), 0.9f)))
          .build();

  private static final String[] PEOPLE = {
    "Maria Okafor", "Tom Vance", "Ana Duarte", "Li Wen", "Sam Reyes", "Eva Lund"
  };
  private static final String[] FIRMS = {
    "Kestrel Corp",
    "Amble Mills Inc",
    "Harrow Ltd",
    "Delta Seed Co",
    "North Grain Holdings Inc",
    "Pacific Widget Corp"
  };

  /** "PERSON, chief executive of FIRM, said in Ruritania ..." in many variations. */
  private static List<CorpusDocument> corpus() {
    List<CorpusDocument> docs = new ArrayList<>();
    int n = 0;
    for (String person : PEOPLE) {
      for (String firm : FIRMS) {
        String text =
            person
                + ", chief executive of "
                + firm
                + ", said sales in Ruritania rose. "
                + firm
                + " shares fell.";
        List<CorpusEntity> entities = new ArrayList<>();
        entities.add(entity(EntityType.PERSON, text, person));
        entities.add(entity(EntityType.ORGANIZATION, text, firm));
        entities.add(entity(EntityType.LOCATION, text, "Ruritania"));
        docs.add(new CorpusDocument("newsflow", "d" + n++, "train", "", text, entities));
      }
    }
    return docs;
  }

  private static CorpusEntity entity(EntityType type, String text, String name) {
    List<CorpusMention> mentions = new ArrayList<>();
    for (int at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
      mentions.add(new CorpusMention(false, at, at + name.length()));
    }
    return new CorpusEntity(type, name, mentions);
  }

  private static byte[] bytes(NerModel model) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    model.write(out);
    return out.toByteArray();
  }

  @Test
  void theModelFindsNamesInTheContextItWasTrainedOn() {
    NerModel model =
        new Trainer(new KbGazetteer(KB))
            .train(corpus(), new Trainer.Options(5, 1L, 0.01f), line -> {}, null);
    Recognizer recognizer = new Recognizer(model, KB);
    String text = "Jon Blake, chief executive of Orion Mills Inc, said sales in Ruritania rose.";
    assertThat(recognizer.recognize("", text).spans())
        .extracting(s -> text.substring(s.start(), s.end()) + "/" + s.type())
        .contains("Jon Blake/PERSON", "Orion Mills Inc/ORGANIZATION", "Ruritania/LOCATION");
  }

  @Test
  void theSameCorpusOptionsAndSeedGiveTheSameBytes() throws IOException {
    Trainer trainer = new Trainer(new KbGazetteer(KB));
    byte[] first = bytes(trainer.train(corpus(), new Trainer.Options(3, 7L, 0.01f), l -> {}, null));
    byte[] second =
        bytes(trainer.train(corpus(), new Trainer.Options(3, 7L, 0.01f), l -> {}, null));
    assertThat(second).isEqualTo(first);
    byte[] otherSeed =
        bytes(trainer.train(corpus(), new Trainer.Options(3, 8L, 0.01f), l -> {}, null));
    assertThat(otherSeed).isNotEqualTo(first);
    assertThat(bytes(NerModel.read(new ByteArrayInputStream(first)))).isEqualTo(first);
  }
}
