package io.newsflow.kb;

import io.newsflow.avro.EntityType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The knowledge-base file format (version 1), for the default base and for operators' own: UTF-8
 * text, optionally gzipped ({@code .gz}), one entity per line, five tab-separated columns:
 *
 * <pre>
 * id &lt;TAB&gt; type &lt;TAB&gt; name &lt;TAB&gt; aliases &lt;TAB&gt; prior
 * Q22316	PERSON	John Kerry	John Forbes Kerry|Secretary Kerry	0.9
 * </pre>
 *
 * {@code type} is PERSON, ORGANIZATION or LOCATION; {@code aliases} are separated by {@code |} and
 * may be empty; {@code prior} is a number from 0 to 1. Empty lines and lines starting with {@code
 * #} are ignored. Ids must be unique within a file.
 */
public final class KbFormat {
  public static final String HEADER =
      "# newsflow knowledge base, format 1: id\ttype\tname\taliases\tprior";

  private KbFormat() {}

  /** A line that is not a valid entity, with its file and line number. */
  public static final class KbFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KbFormatException(String message) {
      super(message);
    }
  }

  /** Reads every entity of a file, in order. */
  public static List<KbEntity> read(Path file) {
    List<KbEntity> entities = new ArrayList<>();
    read(file, entities::add);
    return entities;
  }

  /** Streams the entities of a file to {@code sink}, without holding them all. */
  public static void read(Path file, Consumer<KbEntity> sink) {
    try (InputStream in = Files.newInputStream(file)) {
      read(
          file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in,
          file.toString(),
          sink);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read knowledge base " + file, e);
    }
  }

  /** Streams the entities of a text stream; {@code source} names it in errors. */
  public static void read(InputStream in, String source, Consumer<KbEntity> sink)
      throws IOException {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    String line;
    int number = 0;
    while ((line = reader.readLine()) != null) {
      number++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      sink.accept(parse(line, source, number));
    }
  }

  static KbEntity parse(String line, String source, int number) {
    String[] cols = line.split("\t", -1);
    if (cols.length != 5) {
      throw new KbFormatException(
          source
              + ":"
              + number
              + ": expected 5 tab-separated columns (id, type, name, aliases,"
              + " prior), found "
              + cols.length);
    }
    EntityType type;
    try {
      type = EntityType.valueOf(cols[1].strip());
    } catch (IllegalArgumentException e) {
      throw new KbFormatException(
          source
              + ":"
              + number
              + ": type must be PERSON, ORGANIZATION or LOCATION, got '"
              + cols[1]
              + "'");
    }
    float prior;
    try {
      prior = Float.parseFloat(cols[4].strip());
    } catch (NumberFormatException e) {
      throw new KbFormatException(
          source + ":" + number + ": prior must be a number from 0 to 1, got '" + cols[4] + "'");
    }
    List<String> aliases = new ArrayList<>();
    for (String alias : cols[3].split("\\|")) {
      if (!alias.isBlank()) {
        aliases.add(alias.strip());
      }
    }
    try {
      return new KbEntity(cols[0].strip(), type, cols[2].strip(), aliases, prior);
    } catch (IllegalArgumentException e) {
      throw new KbFormatException(source + ":" + number + ": " + e.getMessage());
    }
  }

  /** Writes entities in the format, gzipped when {@code gzip}. */
  public static void write(OutputStream out, boolean gzip, Iterable<KbEntity> entities)
      throws IOException {
    OutputStream target = gzip ? new GZIPOutputStream(out, 1 << 16) : out;
    Writer writer = new OutputStreamWriter(target, StandardCharsets.UTF_8);
    writer.write(HEADER);
    writer.write('\n');
    for (KbEntity e : entities) {
      writer.write(format(e));
      writer.write('\n');
    }
    writer.flush();
    if (gzip) {
      ((GZIPOutputStream) target).finish();
    }
  }

  /** One line of the format for an entity. */
  public static String format(KbEntity e) {
    for (String name : e.names()) {
      if (name.indexOf('\t') >= 0 || name.indexOf('|') >= 0 || name.indexOf('\n') >= 0) {
        throw new IllegalArgumentException(
            "entity " + e.id() + ": name '" + name + "' contains a tab, | or newline");
      }
    }
    return e.id()
        + '\t'
        + e.type()
        + '\t'
        + e.name()
        + '\t'
        + String.join("|", e.aliases())
        + '\t'
        + e.prior();
  }
}
