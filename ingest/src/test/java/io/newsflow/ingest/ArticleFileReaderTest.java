package io.newsflow.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsflow.ingest.ArticleFileReader.Batch;
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
    assertThat(batch.errors())
        .extracting(ArticleFileReader.InputError::line)
        .containsExactly(3, 4, 5, 6);
    assertThat(batch.errors().get(0).toString()).startsWith(file + ":3: invalid JSON");
    assertThat(batch.errors().get(1).message())
        .contains("unknown field(s) [publishedat]")
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
    Path latin1 = dir.resolve("latin1.txt");
    Files.write(latin1, new byte[] {'T', '\n', 'c', 'a', 'f', (byte) 0xE9});
    Path unknown = dir.resolve("notes.docx");
    Files.writeString(unknown, "x");
    Batch batch = reader.read(List.of(latin1, unknown, dir.resolve("missing.json")));
    assertThat(batch.entries()).isEmpty();
    assertThat(batch.errors())
        .extracting(Object::toString)
        .containsExactly(
            latin1 + ": not valid UTF-8; convert the file to UTF-8",
            unknown + ": unknown file type; use .txt (title line, then body), .json or .jsonl",
            dir.resolve("missing.json") + ": no such file or folder");
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
