package io.newsflow.eval;

import io.newsflow.avro.EntityType;
import io.newsflow.kb.KbEntity;
import io.newsflow.kb.KbFormat;
import io.newsflow.kb.KnowledgeBase;
import io.newsflow.nlp.corpus.ReutersCorpus;
import io.newsflow.nlp.entities.EntityExtractor;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How the knowledge base scales to an operator's own base of millions of aliases (issue 3, point
 * 3): generates a base in the documented file format (fixed seed; names made of syllables, one to
 * three words, several aliases per entity), writes it gzipped to a temporary file, loads it with
 * {@link KnowledgeBase#load} as enrich does, and prints the file size, the load time, the heap the
 * loaded base keeps (after a full GC) and the peak heap while loading. Then it runs the extractor
 * with that base plus the default one over the Reuters sample, so the cost of a large base on
 * matching is visible too.
 *
 * <p>Run with {@code eval/run scale} (default 5,000,000 aliases); give the JVM room, e.g. {@code
 * EVAL_JAVA_OPTS=-Xmx3g}.
 */
@Command(
    name = "knowledge-base-scale-benchmark",
    mixinStandardHelpOptions = true,
    description = "Load time and memory of a generated knowledge base of millions of aliases.")
public final class KnowledgeBaseScaleBenchmark implements Callable<Integer> {
  private static final String[] SYLLABLES = {
    "ka", "lo", "mi", "ren", "sa", "tor", "vi", "zan", "bel", "cor", "den", "fa", "gil", "har",
        "is",
    "jon", "kel", "lum", "mar", "nor", "ost", "pra", "qui", "ros", "sel", "tan", "ul", "ver", "wes",
        "yor"
  };
  private static final EntityType[] TYPES = {
    EntityType.PERSON, EntityType.ORGANIZATION, EntityType.LOCATION
  };

  @Option(
      names = "--aliases",
      defaultValue = "5000000",
      description = "Aliases in the generated base (default: ${DEFAULT-VALUE}).")
  long aliases;

  @Option(
      names = "--aliases-per-entity",
      defaultValue = "5",
      description = "Names per entity, its name included (default: ${DEFAULT-VALUE}).")
  int perEntity;

  @Option(names = "--seed", defaultValue = "5000000", description = "Seed of the generator.")
  long seed;

  @Option(
      names = "--docs",
      defaultValue = "2000",
      description = "Reuters documents to extract from with the big base; 0 skips it.")
  int docs;

  @Option(
      names = "--reuters-dir",
      description = "Folder of reuters-*.json (default: data/reuters/package/data/full).")
  Path reutersDir;

  private final PrintStream out;

  KnowledgeBaseScaleBenchmark(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new KnowledgeBaseScaleBenchmark(System.out)).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("newsflow-kb-scale-");
    Path file = dir.resolve("generated-kb.tsv.gz");
    try {
      long entities = (aliases + perEntity - 1) / perEntity;
      long started = System.nanoTime();
      try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
        KbFormat.write(o, true, () -> generate(entities));
      }
      out.printf(
          Locale.ROOT,
          "generated %,d entities with %,d names (%d per entity) in %.1f s: %s, %,d MB gzipped%n",
          entities,
          entities * perEntity,
          perEntity,
          seconds(started),
          file.getFileName(),
          Files.size(file) >> 20);

      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      long before = usedAfterGc(memory);
      ManagementFactory.getMemoryPoolMXBeans().forEach(p -> p.resetPeakUsage());
      started = System.nanoTime();
      KnowledgeBase kb = KnowledgeBase.load(List.of(file));
      double loadSeconds = seconds(started);
      long peak =
          ManagementFactory.getMemoryPoolMXBeans().stream()
              .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP)
              .mapToLong(p -> p.getPeakUsage().getUsed())
              .sum();
      long kept = usedAfterGc(memory) - before;
      out.printf(
          Locale.ROOT,
          "loaded %,d entities, %,d distinct name keys in %.1f s (%,.0f names/s)%n",
          kb.size(),
          kb.aliasCount(),
          loadSeconds,
          entities * perEntity / loadSeconds);
      out.printf(
          Locale.ROOT,
          "heap kept by the loaded base %,d MB (%.0f bytes per name); peak heap while loading %,d MB"
              + " (sum of pool peaks, an upper bound); max heap %,d MB%n",
          kept >> 20,
          (double) kept / (entities * perEntity),
          peak >> 20,
          Runtime.getRuntime().maxMemory() >> 20);

      if (docs > 0) {
        kb = null; // let the comparison below hold one big base at a time
        extractWith(file);
      }
      return 0;
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }

  private void extractWith(Path generated) throws Exception {
    Path dir = reutersDir != null ? reutersDir : EvalPaths.reutersDir();
    if (!Files.isDirectory(dir)) {
      out.println(
          "no Reuters texts in "
              + dir
              + " (nlp/fetch-reuters): matching with the big base not measured");
      return;
    }
    KnowledgeBase.Builder both = KnowledgeBase.builder().addDefault();
    KbFormat.read(generated, both::add);
    List<EvalDocument> sample = DocumentCleaner.sample(ReutersCorpus.load(dir), docs, seed);
    long words = sample.stream().mapToLong(DocumentCleaner::words).sum();
    for (KnowledgeBase kb : new KnowledgeBase[] {KnowledgeBase.loadDefault(), both.build()}) {
      EntityExtractor extractor = EntityExtractor.withKnowledgeBase(kb);
      for (EvalDocument d : sample) {
        extractor.extract(d.cleanTitle(), d.cleanText());
      }
      long started = System.nanoTime();
      int passes = 0;
      do {
        for (EvalDocument d : sample) {
          extractor.extract(d.cleanTitle(), d.cleanText());
        }
        passes++;
      } while (seconds(started) < 3);
      out.printf(
          Locale.ROOT,
          "extraction with a base of %,d entities: %,.0f words/s on one thread%n",
          kb.size(),
          words * passes / seconds(started));
    }
  }

  private Iterator<KbEntity> generate(long entities) {
    Random random = new Random(seed);
    return new Iterator<>() {
      long next;

      @Override
      public boolean hasNext() {
        return next < entities;
      }

      @Override
      public KbEntity next() {
        if (next >= entities) {
          throw new NoSuchElementException();
        }
        long n = next++;
        EntityType type = TYPES[(int) (n % TYPES.length)];
        String name = name(random, 1 + random.nextInt(3)) + " " + Long.toString(n, 36);
        List<String> aliases = new ArrayList<>(perEntity - 1);
        for (int a = 1; a < perEntity; a++) {
          aliases.add(name(random, 1 + random.nextInt(3)) + " " + Long.toString(n, 36) + a);
        }
        return new KbEntity(
            "custom:" + Long.toString(n, 36),
            type,
            name,
            aliases,
            0.1f + random.nextInt(80) / 100f);
      }
    };
  }

  private static String name(Random random, int words) {
    StringBuilder out = new StringBuilder();
    for (int w = 0; w < words; w++) {
      if (w > 0) {
        out.append(' ');
      }
      int syllables = 2 + random.nextInt(2);
      for (int s = 0; s < syllables; s++) {
        String syl = SYLLABLES[random.nextInt(SYLLABLES.length)];
        out.append(s == 0 ? Character.toUpperCase(syl.charAt(0)) + syl.substring(1) : syl);
      }
    }
    return out.toString();
  }

  private static long usedAfterGc(MemoryMXBean memory) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
