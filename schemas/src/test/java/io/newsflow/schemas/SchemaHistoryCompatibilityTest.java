package io.newsflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsflow.avro.ArticleLink;
import io.newsflow.avro.DeadLetter;
import io.newsflow.avro.EnrichedArticle;
import io.newsflow.avro.EntityMention;
import io.newsflow.avro.RawArticle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every published version of each record schema is kept in {@code
 * schemas/history/<Record>/vN.avsc}. The current schema must read data written with every one of
 * them (BACKWARD), and a change to a schema must be published as a new history version.
 */
class SchemaHistoryCompatibilityTest {
  private static final Path HISTORY = Path.of("history");

  static Stream<Schema> currentSchemas() {
    return Stream.of(
        RawArticle.getClassSchema(),
        EnrichedArticle.getClassSchema(),
        DeadLetter.getClassSchema(),
        EntityMention.getClassSchema(),
        ArticleLink.getClassSchema());
  }

  @ParameterizedTest
  @MethodSource("currentSchemas")
  void currentSchemaReadsEveryPublishedVersion(Schema current) throws IOException {
    List<Path> versions = history(current.getName());
    assertThat(versions).as("published versions of %s", current.getName()).isNotEmpty();
    for (Path version : versions) {
      Schema old = new Schema.Parser().parse(version.toFile());
      var result = SchemaCompatibility.checkReaderWriterCompatibility(current, old).getResult();
      assertThat(result.getCompatibility())
          .as(
              "%s reading data written with %s: %s",
              current.getName(), version, result.getIncompatibilities())
          .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }
  }

  @ParameterizedTest
  @MethodSource("currentSchemas")
  void aChangedSchemaIsPublishedAsANewVersion(Schema current) throws IOException {
    List<Path> versions = history(current.getName());
    Path newest = versions.get(versions.size() - 1);
    // the whole schema, defaults and docs included: a changed default is a change to publish
    assertThat(new Schema.Parser().parse(newest.toFile()))
        .as(
            "%s differs from %s: copy the new schema there as the next vN.avsc",
            current.getName(), newest)
        .isEqualTo(current);
  }

  @Test
  void theCheckRefusesAFieldAddedWithoutDefault() {
    Schema v1 = RawArticle.getClassSchema();
    SchemaBuilder.FieldAssembler<Schema> fields =
        SchemaBuilder.record(v1.getName()).namespace(v1.getNamespace()).fields();
    for (Schema.Field f : v1.getFields()) {
      fields = fields.name(f.name()).type(f.schema()).noDefault();
    }
    Schema breaking = fields.name("mandatoryNewField").type().stringType().noDefault().endRecord();
    var result = SchemaCompatibility.checkReaderWriterCompatibility(breaking, v1).getResult();
    assertThat(result.getCompatibility()).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
  }

  private static List<Path> history(String record) throws IOException {
    Path dir = HISTORY.resolve(record);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().matches("v\\d+\\.avsc"))
          .sorted(
              Comparator.comparingInt(
                  p -> Integer.parseInt(p.getFileName().toString().replaceAll("\\D", ""))))
          .toList();
    }
  }
}
