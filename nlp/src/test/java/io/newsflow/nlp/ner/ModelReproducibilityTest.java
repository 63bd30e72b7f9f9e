package io.newsflow.nlp.ner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.newsflow.kb.KnowledgeBase;
import io.newsflow.nlp.corpus.CorpusDocument;
import io.newsflow.nlp.corpus.EntityCorpus;
import io.newsflow.nlp.corpus.ReutersCorpus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The model the build trained is the one the corpus, the code and the seed make: training again
 * here gives the same bytes. Skips without the Reuters texts (the build fetches them).
 */
class ModelReproducibilityTest {
  @Test
  void trainingAgainFromTheCorpusGivesTheShippedModelBitForBit() throws IOException {
    Path reuters = Path.of("../data/reuters/package/data/full");
    assumeTrue(ReutersCorpus.isPresent(reuters), "no Reuters texts (nlp/fetch-reuters)");
    List<CorpusDocument> train =
        EntityCorpus.load(EntityCorpus.files(Path.of("corpus")), ReutersCorpus.load(reuters))
            .stream()
            .filter(d -> d.set().equals("train"))
            .toList();
    NerModel model =
        new Trainer(new KbGazetteer(KnowledgeBase.loadDefault()))
            .train(train, Train.DEFAULTS, line -> {}, null);
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    model.write(again);
    byte[] shipped;
    try (InputStream in = NerModel.class.getResourceAsStream(NerModel.DEFAULT_RESOURCE)) {
      assertThat(in).as("the model on the class path").isNotNull();
      shipped = in.readAllBytes();
    }
    assertThat(gunzip(again.toByteArray())).isEqualTo(gunzip(shipped));
  }

  private static byte[] gunzip(byte[] gz) throws IOException {
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }
}
