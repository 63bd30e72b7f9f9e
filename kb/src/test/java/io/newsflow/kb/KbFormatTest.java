package io.newsflow.kb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newsflow.avro.EntityType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KbFormatTest {
  @TempDir Path dir;

  private Path file(String name, String... lines) throws IOException {
    return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
  }

  @Test
  void readsEntitiesSkippingCommentsAndBlankLines() throws IOException {
    Path f =
        file(
            "kb.tsv",
            KbFormat.HEADER,
            "",
            "Q22316\tPERSON\tJohn Kerry\tJohn Forbes Kerry| Secretary Kerry |\t0.9",
            "# a comment",
            "geonames:524901\tLOCATION\tMoscow\t\t0.8");

    List<KbEntity> entities = KbFormat.read(f);

    assertThat(entities)
        .containsExactly(
            new KbEntity(
                "Q22316",
                EntityType.PERSON,
                "John Kerry",
                List.of("John Forbes Kerry", "Secretary Kerry"),
                0.9f),
            new KbEntity("geonames:524901", EntityType.LOCATION, "Moscow", List.of(), 0.8f));
  }

  @Test
  void errorsNameFileAndLine() throws IOException {
    Path columns = file("columns.tsv", KbFormat.HEADER, "Q1\tPERSON\tAda\t0.5");
    Path type = file("type.tsv", "Q1\tPERSON\tAda\t\t0.5", "", "Q2\tCOUNTRY\tX\t\t0.5");
    Path prior = file("prior.tsv", "Q1\tPERSON\tAda\t\thigh");
    Path range = file("range.tsv", "# c", "Q1\tPERSON\tAda\t\t1.5");
    Path id = file("id.tsv", "Q 1\tPERSON\tAda\t\t0.5");

    assertThatThrownBy(() -> KbFormat.read(columns))
        .isInstanceOf(KbFormat.KbFormatException.class)
        .hasMessageStartingWith(columns + ":2: expected 5 tab-separated columns")
        .hasMessageEndingWith("found 4");
    assertThatThrownBy(() -> KbFormat.read(type))
        .hasMessageStartingWith(type + ":3: type must be PERSON, ORGANIZATION or LOCATION");
    assertThatThrownBy(() -> KbFormat.read(prior))
        .hasMessageStartingWith(prior + ":1: prior must be a number");
    assertThatThrownBy(() -> KbFormat.read(range))
        .hasMessageStartingWith(range + ":2: entity Q1: prior must be between 0 and 1");
    assertThatThrownBy(() -> KbFormat.read(id)).hasMessageStartingWith(id + ":1: entity id");
  }

  @Test
  void writesWhatItReadsGzippedOrNot() throws IOException {
    List<KbEntity> entities =
        List.of(
            new KbEntity(
                "Q1", EntityType.ORGANIZATION, "Médecins Sans Frontières", List.of("MSF"), 0.75f),
            new KbEntity("x:2", EntityType.LOCATION, "Aa", List.of(), 0.001f));
    for (boolean gzip : new boolean[] {false, true}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      KbFormat.write(out, gzip, entities);
      Path f = Files.write(dir.resolve(gzip ? "kb.tsv.gz" : "kb.tsv"), out.toByteArray());

      assertThat(KbFormat.read(f)).isEqualTo(entities);
      if (!gzip) {
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith(KbFormat.HEADER + "\n");
      }
    }
  }

  @Test
  void refusesToWriteNamesThatWouldBreakALine() {
    KbEntity bar = new KbEntity("Q1", EntityType.PERSON, "Ada", List.of("A|B"), 0.5f);

    assertThatThrownBy(() -> KbFormat.format(bar)).hasMessageContaining("'A|B'");
  }
}
