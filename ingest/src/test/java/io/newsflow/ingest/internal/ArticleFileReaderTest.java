package io.newsflow.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsflow.ingest.ArticleDraft;
import io.newsflow.ingest.InputError;
import io.newsflow.ingest.internal.ArticleFileReader.Batch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArticleFileReaderTest {
  private final ArticleFileReader reader = new ArticleFileReader();

  @Test
  void plainTextHasTheTitleOnItsFirstLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("a.txt");
    Files.writeString(file, "\nThe title\n\n\nFirst paragraph.\n\nSecond.\n");
    Batch batch = reader.read(List.of(file));
    assertThat(batch.errors()).isEmpty();
    ArticleDraft draft = batch.entries().get(0).draft();
    assertThat(draft.title()).isEqualTo("The title");
    assertThat(draft.body()).isEqualTo("First paragraph.\n\nSecond.");
    assertThat(draft.origin()).isEqualTo(file + ":2");
  }

  @Test
  void jsonHoldsAnObjectOrAnArray(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("one.json"), "{\"title\":\"T\",\"body\":\"B\",\"url\":\"https://x.org/a\"}");
    Files.writeString(
        dir.resolve("many.json"),
        "[\n{\"title\":\"T1\",\"body\":\"B1\"},\n{\"title\":\"T2\",\"body\":\"B2\"}\n]");
    Batch batch = reader.read(List.of(dir));
    assertThat(batch.errors()).isEmpty();
    assertThat(batch.entries()).extracting(e -> e.draft().title()).containsExactly("T1", "T2", "T");
    assertThat(batch.entries()).extracting(ArticleFileReader.Entry::line).containsExactly(2, 3, 1);
  }

  @Test
  void jsonLinesReportsEachBadLineByNumberAndKeepsTheRest(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("feed.jsonl");
    Files.writeString(
        file,
        String.join(
            "\n",
            "{\"title\":\"ok 1\",\"body\":\"b\"}",
            "",
            "{\"title\":\"broken\", body}",
            "{\"title\":\"typo\",\"body\":\"b\",\"publishedat\":\"2016-01-01\"}",
            "{\"title\":7,\"body\":\"b\"}",
            "[1,2]",
            "{\"title\":\"ok 2\",\"body\":\"b\",\"language\":\"en\"}"));
    Batch batch = reader.read(List.of(file));
    assertThat(batch.entries()).extracting(e -> e.draft().title()).containsExactly("ok 1", "ok 2");
    assertThat(batch.entries()).extracting(ArticleFileReader.Entry::line).containsExactly(1, 7);
    assertThat(batch.errors()).extracting(InputError::line).containsExactly(3, 4, 5, 6);
    assertThat(batch.errors().get(0).toString()).startsWith(file + ":3: invalid JSON");
    assertThat(batch.errors().get(1).message())
        .contains("publishedat: unknown field")
        .contains("publishedAt");
    assertThat(batch.errors().get(2).message()).contains("title: must be a string");
  }

  @Test
  void twoObjectsOnALineOrAFieldGivenTwiceAreReportedNotGuessed(@TempDir Path dir)
      throws Exception {
    Path lines = dir.resolve("strict.jsonl");
    Files.writeString(
        lines,
        String.join(
            "\n",
            "{\"title\":\"A\",\"body\":\"a\"} {\"title\":\"B\",\"body\":\"b\"}",
            "{\"title\":\"C\",\"title\":\"D\",\"body\":\"c\"}"));
    Path json = dir.resolve("two.json");
    Files.writeString(json, "{\"title\":\"A\",\"body\":\"a\"}\n{\"title\":\"B\",\"body\":\"b\"}");
    Batch batch = reader.read(List.of(lines, json));
    assertThat(batch.errors())
        .extracting(Object::toString)
        .satisfiesExactly(
            e -> assertThat(e).startsWith(lines + ":1: invalid JSON"),
            e -> assertThat(e).startsWith(lines + ":2: invalid JSON").contains("title"),
            e -> assertThat(e).startsWith(json + ":2: unexpected content after the article"));
    assertThat(batch.entries()).extracting(e -> e.draft().title()).containsExactly("A");
  }

  @Test
  void unreadableInputIsNamed(@TempDir Path dir) throws Exception {
    Path badUtf8 = dir.resolve("bom.txt");
    Files.write(
        badUtf8, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'T', '\n', (byte) 0xC3, '('});
    Path binary = dir.resolve("binary.json");
    Files.write(binary, new byte[] {'{', 0, 0, '}'});
    Path unknown = dir.resolve("notes.docx");
    Files.writeString(unknown, "x");
    Batch batch = reader.read(List.of(badUtf8, binary, unknown, dir.resolve("missing.json")));
    assertThat(batch.entries()).isEmpty();
    assertThat(batch.errors())
        .extracting(Object::toString)
        .containsExactly(
            badUtf8
                + ": cannot decode: starts with a UTF-8 byte-order mark, but is not valid UTF-8",
            binary
                + ": cannot decode: contains NUL bytes: not a text file, or UTF-16 without a"
                + " byte-order mark; save it as UTF-8",
            unknown
                + ": unknown file type; use .txt (title line, then body), .json, .jsonl or .html",
            dir.resolve("missing.json") + ": no such file or folder");
  }

  @Test
  void aLatin1TextFileIsDetected(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("latin1.txt");
    Files.write(
        file, "Café São Paulo\n\nA população não pára.\n".getBytes(StandardCharsets.ISO_8859_1));
    Batch batch = reader.read(List.of(file));
    assertThat(batch.errors()).isEmpty();
    assertThat(batch.entries().get(0).draft().title()).isEqualTo("Café São Paulo");
    assertThat(batch.entries().get(0).draft().body()).isEqualTo("A população não pára.");
  }

  @Test
  void aUtf16JsonFileWithAByteOrderMarkIsRead(@TempDir Path dir) throws Exception {
    String json = "{\"title\":\"Zürich – 東京\",\"body\":\"Ça va 😀\"}";
    Path little = dir.resolve("le.json");
    Files.write(
        little,
        concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, json.getBytes(StandardCharsets.UTF_16LE)));
    Path big = dir.resolve("be.json");
    Files.write(
        big,
        concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, json.getBytes(StandardCharsets.UTF_16BE)));
    Path utf8 = dir.resolve("utf8.jsonl");
    Files.write(
        utf8,
        concat(
            new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
            json.getBytes(StandardCharsets.UTF_8)));
    Batch batch = reader.read(List.of(little, big, utf8));
    assertThat(batch.errors()).isEmpty();
    assertThat(batch.entries())
        .extracting(e -> e.draft().title() + "/" + e.draft().body())
        .containsOnly("Zürich – 東京/Ça va 😀")
        .hasSize(3);
  }

  @Test
  void anHtmlPageInItsDeclaredCharsetIsDecoded(@TempDir Path dir) throws Exception {
    String page =
        "<html lang=fr><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">"
            + "<title>Œuvres – « élégantes »</title></head>"
            + "<body><article><p>Le café coûte 2 €.</p></article></body></html>";
    Path file = dir.resolve("page.htm");
    Files.write(file, page.getBytes("windows-1252"));
    Path declaredLatin1 = dir.resolve("latin1.html");
    Files.write(
        declaredLatin1,
        ("<meta charset=iso-8859-1><title>Señor</title><p>¿Qué? €</p>").getBytes("windows-1252"));
    Batch batch = reader.read(List.of(file, declaredLatin1));
    assertThat(batch.errors()).isEmpty();
    ArticleDraft draft = batch.entries().get(0).draft();
    assertThat(draft.title()).isEqualTo("Œuvres – « élégantes »");
    assertThat(draft.body()).isEqualTo("<p>Le café coûte 2 €.</p>");
    assertThat(draft.bodyFormat()).isEqualTo("html");
    assertThat(draft.language()).isEqualTo("fr");
    assertThat(batch.entries().get(0).line()).isZero();
    // ISO-8859-1 is read as windows-1252, as browsers do, so the euro sign survives
    assertThat(batch.entries().get(1).draft().body()).isEqualTo("<p>¿Qué? €</p>");
  }

  @Test
  void aWrongDeclarationGivesWayToTheBytes(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("liar.html");
    Files.write(
        file,
        "<meta charset=utf-8><title>Déjà vu à São Tomé</title><p>Até já.</p>"
            .getBytes(StandardCharsets.ISO_8859_1));
    Batch batch = reader.read(List.of(file));
    assertThat(batch.errors()).isEmpty();
    assertThat(batch.entries().get(0).draft().title()).isEqualTo("Déjà vu à São Tomé");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  @Test
  void theSharedSampleReadsAsOneArticle() {
    Path sample =
        Path.of(
            System.getProperty("newsflow.shared.dir", "../../shared"),
            "samples",
            "seed-article.txt");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isRegularFile(sample), "shared sample absent");
    Batch batch = reader.read(List.of(sample));
    assertThat(batch.errors()).isEmpty();
    assertThat(batch.entries())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.draft().title())
                  .isEqualTo(
                      "John Kerry Announces Secret Agreement with Russia to Cooperate in Syria");
              assertThat(e.draft().body())
                  .startsWith("The Obama administration")
                  .endsWith("commenting.");
            });
  }
}
