package io.newsflow.kb.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.newsflow.avro.EntityType;
import io.newsflow.kb.KbEntity;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WordNetTest {
  // Synthetic lines in the data.noun format (not copied from WordNet).
  static final String PERSON =
      "10000001 18 n 03 Ada_Quill 0 Quill 1 Countess_Quill 0 002 @i 10000099 n 0000"
          + " #m 10000098 n 0000 | a made-up writer of test lines  ";
  static final String GROUP =
      "08000002 14 n 02 Blue_Lantern_Front 0 BLF 0 001 @i 08000099 n 0000 | a made-up group  ";
  static final String PLACE_WITH_MARKER =
      "09000003 15 n 01 Old_Harbour(a) 0 001 @i 09000099 n 0000 | a made-up town  ";
  static final String COMMON_NOUN =
      "03000004 06 n 02 lantern 0 lamp 1 002 @ 03000099 n 0000 ~ 03000098 n 0000 | a light  ";
  static final String INSTANCE_OF_ANOTHER_FILE =
      "06000005 10 n 01 Test_Gazette 0 001 @i 06000099 n 0000 | a made-up newspaper  ";

  @Test
  void parsesWordsAndPointersOfASynsetLine() {
    WordNet.Synset s = WordNet.parseDataLine(PERSON);

    assertThat(s.offset()).isEqualTo("10000001");
    assertThat(s.lexFile()).isEqualTo(18);
    assertThat(s.ssType()).isEqualTo('n');
    assertThat(s.words()).containsExactly("Ada_Quill", "Quill", "Countess_Quill");
    assertThat(s.pointerSymbols()).containsExactly("@i", "#m");
    assertThat(s.isInstance()).isTrue();
    assertThat(WordNet.parseDataLine(COMMON_NOUN).isInstance()).isFalse();
  }

  @Test
  void hexWordCountIsReadAsHex() {
    StringBuilder line = new StringBuilder("10000007 18 n 0b");
    for (int i = 0; i < 11; i++) {
      line.append(" W").append(i).append(" 0");
    }
    line.append(" 001 @i 10000099 n 0000 | eleven words");

    assertThat(WordNet.parseDataLine(line.toString()).words()).hasSize(11).endsWith("W10");
  }

  @Test
  void instanceNounsOfPersonLocationAndGroupFilesBecomeEntities() {
    KbEntity person = WordNet.toEntity(WordNet.parseDataLine(PERSON));
    KbEntity group = WordNet.toEntity(WordNet.parseDataLine(GROUP));
    KbEntity place = WordNet.toEntity(WordNet.parseDataLine(PLACE_WITH_MARKER));

    assertThat(person.id()).isEqualTo("wn31:10000001-n");
    assertThat(person.type()).isEqualTo(EntityType.PERSON);
    assertThat(person.name()).isEqualTo("Ada Quill");
    assertThat(person.aliases()).containsExactly("Quill", "Countess Quill");
    assertThat(person.prior()).isEqualTo(0.5f);
    assertThat(group.type()).isEqualTo(EntityType.ORGANIZATION);
    assertThat(group.aliases()).containsExactly("BLF");
    assertThat(place.type()).isEqualTo(EntityType.LOCATION);
    assertThat(place.name()).isEqualTo("Old Harbour");
    assertThat(WordNet.toEntity(WordNet.parseDataLine(COMMON_NOUN))).isNull();
    assertThat(WordNet.toEntity(WordNet.parseDataLine(INSTANCE_OF_ANOTHER_FILE))).isNull();
  }

  @Test
  void cleansUnderscoresAndAdjectiveMarkers() {
    assertThat(WordNet.cleanWord("New_York")).isEqualTo("New York");
    assertThat(WordNet.cleanWord("galore(ip)")).isEqualTo("galore");
    assertThat(WordNet.cleanWord("elect(p)")).isEqualTo("elect");
    assertThat(WordNet.cleanWord("Charles_(II)")).isEqualTo("Charles (II)");
  }

  @Test
  void licenceLinesAreNotSynsets() {
    assertThat(WordNet.parseDataLine("  1 This is a licence line  ")).isNull();
  }

  @Test
  void malformedLinesFailWithTheReason() {
    assertThatThrownBy(() -> WordNet.parseDataLine("1000 18 n 01 Ada 0 000 | short offset"))
        .hasMessageContaining("bad synset offset '1000'");
    assertThatThrownBy(() -> WordNet.parseDataLine("10000001 18 n 02 Ada 0 000 | one word"))
        .hasMessageContaining("lex_id");
    assertThatThrownBy(() -> WordNet.parseDataLine("10000001 18 n 01 Ada 0 002 @i 10000099 n 0000"))
        .hasMessageContaining("line ends before its pointer symbol");
  }

  @Test
  void readDataNamesFileAndLineOnErrorsAndKeepsTheLicence() {
    String file = "  1 Licence text here.  \n  2   \n" + PERSON + "\n10000001 XX n\n";
    List<String> licence = new ArrayList<>();
    List<WordNet.Synset> synsets = new ArrayList<>();

    assertThatThrownBy(
            () ->
                WordNet.readData(
                    new BufferedReader(new StringReader(file)),
                    "data.noun",
                    true,
                    synsets::add,
                    licence))
        .hasMessageStartingWith("data.noun:4: bad lex_filenum 'XX'");
    assertThat(synsets).hasSize(1);
    assertThat(licence).containsExactly("Licence text here.", "");
  }

  @Test
  void indexLemmasAreTheFirstColumnWithSpaces() throws Exception {
    Set<String> lemmas = new HashSet<>();
    WordNet.readIndexLemmas(
        new BufferedReader(
            new StringReader("  1 licence\nold_harbour n 1 1 @i 1 0 09000003  \nquill n 2 0\n")),
        lemmas);

    assertThat(lemmas).containsExactlyInAnyOrder("old harbour", "quill");
  }
}
