package io.newsflow.app;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.newsflow.app.dlq.DeadLetterQueue;
import io.newsflow.app.dlq.DeadLetterQueue.Entry;
import io.newsflow.app.dlq.DeadLetterQueue.Filter;
import io.newsflow.app.dlq.DeadLetterQueue.Listing;
import io.newsflow.app.dlq.DeadLetterQueue.Outcome;
import io.newsflow.app.dlq.DeadLetterQueue.Position;
import io.newsflow.app.dlq.DeadLetterQueue.Refused;
import io.newsflow.app.dlq.DeadLetterQueue.Replayed;
import io.newsflow.avro.DeadLetter;
import io.newsflow.runtime.config.ClusterOptions;
import io.newsflow.runtime.config.PipelineConfig;
import io.newsflow.schemas.SerdeFactory;
import io.newsflow.schemas.Topics;
import io.newsflow.schemas.json.AvroJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.avro.Schema;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code newsflow dlq list|replay}: shows the dead letters of an existing cluster and replays
 * selected ones to their source topic after a fix. The work is done by {@link DeadLetterQueue};
 * this class parses options and prints.
 */
@Command(
    name = "dlq",
    mixinStandardHelpOptions = true,
    header = "List dead letters and replay them after a fix.",
    description = {
      "List the dead letters (records a stage could not process) and replay them",
      "to their source topic after a fix."
    },
    subcommands = {DlqCommand.ListCommand.class, DlqCommand.ReplayCommand.class})
public final class DlqCommand implements Runnable {
  private static final int MESSAGE_WIDTH = 80;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static DeadLetterQueue queue(ClusterOptions cluster) {
    PipelineConfig config =
        new PipelineConfig(cluster.load(System.getenv(), PipelineConfig.commonDefinition()));
    Topics topics =
        Topics.create(config.topicNames(), new SerdeFactory(config.schemaRegistryClient()));
    return new DeadLetterQueue(config, topics);
  }

  /** {@code newsflow dlq list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      header = "List the dead letters, newest last.",
      description = {
        "List the dead letters on the dead-letter topic (topic.dlq), newest last,",
        "and count them by stage and reason. Reads without a consumer group:",
        "commits nothing."
      })
  static final class ListCommand implements Callable<Integer> {
    @Mixin ClusterOptions cluster;

    @Option(names = "--stage", paramLabel = "STAGE", description = "Only this stage's letters.")
    String stage;

    @Option(
        names = "--source-topic",
        paramLabel = "TOPIC",
        description = "Only letters read from this topic.")
    String sourceTopic;

    @Option(
        names = "--since",
        paramLabel = "INSTANT",
        description = "Only letters that failed at or after this time, e.g. 2026-01-31T08:00:00Z.")
    String since;

    @Option(names = "--limit", paramLabel = "N", description = "At most N letters, the newest.")
    Integer limit;

    @Option(
        names = "--json",
        description =
            "One JSON object per letter (JSON Lines), full messages, key and value base64.")
    boolean json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Filter filter;
      try {
        filter = new Filter(stage, sourceTopic, since == null ? null : Instant.parse(since), limit);
      } catch (DateTimeParseException | IllegalArgumentException e) {
        throw new ParameterException(
            spec.commandLine(),
            e instanceof DateTimeParseException
                ? "--since takes an ISO-8601 instant such as 2026-01-31T08:00:00Z, not '"
                    + since
                    + "'"
                : e.getMessage());
      }
      DeadLetterQueue queue = queue(cluster);
      Listing listing = queue.list(filter);
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (json) {
        listing.entries().forEach(e -> out.println(json(e)));
      } else {
        out.printf(
            "%-10s %-24s %-22s %-36s %-24s %s%n",
            "DLQ", "FAILED AT", "STAGE", "SOURCE", "ARTICLE", "ERROR");
        for (Entry e : listing.entries()) {
          DeadLetter l = e.letter();
          out.printf(
              "%-10s %-24s %-22s %-36s %-24s %s%n",
              e.position(),
              l.getFailedAt(),
              l.getStage(),
              e.origin(),
              l.getArticleId() == null ? "-" : l.getArticleId(),
              truncate(e.reason() + ": " + l.getErrorMessage()));
        }
      }
      // in --json mode stdout stays pure JSON Lines: the summary goes to stderr
      (json ? err : out).println(summary(queue.topic(), listing));
      out.flush();
      err.flush();
      return 0;
    }

    private static String summary(String topic, Listing listing) {
      Map<String, Integer> byStage = new TreeMap<>();
      for (Entry e : listing.entries()) {
        byStage.merge(e.letter().getStage() + " " + e.reason(), 1, Integer::sum);
      }
      StringBuilder s =
          new StringBuilder()
              .append(listing.entries().size())
              .append(" dead letter(s) on ")
              .append(topic);
      if (!byStage.isEmpty()) {
        s.append("; by stage and reason: ");
        List<String> parts = new ArrayList<>();
        byStage.forEach((k, v) -> parts.add(k + " " + v));
        s.append(String.join(", ", parts));
      }
      if (listing.unreadable() > 0) {
        s.append("; ").append(listing.unreadable()).append(" unreadable record(s) skipped");
      }
      return s.toString();
    }

    private static String truncate(String message) {
      String line = message.replaceAll("\\s+", " ");
      return line.length() <= MESSAGE_WIDTH ? line : line.substring(0, MESSAGE_WIDTH - 3) + "...";
    }

    private static String json(Entry e) {
      StringWriter text = new StringWriter(512);
      try (JsonGenerator gen = new JsonFactory().createGenerator(text)) {
        gen.writeStartObject();
        gen.writeStringField("dlqTopic", e.dlqTopic());
        gen.writeNumberField("dlqPartition", e.position().partition());
        gen.writeNumberField("dlqOffset", e.position().offset());
        DeadLetter letter = e.letter();
        for (Schema.Field field : letter.getSchema().getFields()) {
          gen.writeFieldName(field.name());
          AvroJson.write(gen, letter.get(field.pos()), field.schema());
        }
        gen.writeEndObject();
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
      return text.toString();
    }
  }

  /** {@code newsflow dlq replay}. */
  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      header = "Replay dead letters to their source topic.",
      description = {
        "Write the selected dead letters back to their source topic: original key,",
        "value and headers, plus newsflow.replayed-from=<dlq topic>-<partition>@<offset>",
        "and newsflow.replay-count.",
        "Replay is NOT deduplicated: replaying a letter twice writes two copies, and",
        "the stages process both.",
        "Letters without value, or from a topic that is no input of the pipeline",
        "(topic.raw, topic.enriched, topic.links), are refused.",
        "Exit code 0 when every selected letter was replayed, 2 when some were refused."
      })
  static final class ReplayCommand implements Callable<Integer> {
    @Mixin ClusterOptions cluster;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Selection selection;

    static final class Selection {
      @Option(
          names = "--offset",
          paramLabel = "PARTITION:OFFSET",
          arity = "1..*",
          description = "Letters at these positions of the dead-letter topic, as `dlq list` shows.")
      List<String> offsets;

      @Option(names = "--stage", paramLabel = "STAGE", description = "Every letter of this stage.")
      String stage;

      @Option(names = "--all", description = "Every letter on the dead-letter topic.")
      boolean all;
    }

    @Option(names = "--dry-run", description = "Only list what would be replayed.")
    boolean dryRun;

    @Option(
        names = "--skip-replay-check",
        description =
            "Do not look for earlier replays of the selected letters. The check reads the"
                + " source topics from the time the earliest selected letter failed and warns"
                + " about each letter replayed before; it never stops a replay.")
    boolean skipReplayCheck;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Set<Position> wanted = wantedPositions();
      DeadLetterQueue queue = queue(cluster);
      List<Entry> letters =
          queue.list(new Filter(selection.stage, null, null, null)).entries().stream()
              .filter(e -> wanted.isEmpty() || wanted.contains(e.position()))
              .toList();
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      requireAllFound(queue, wanted, letters);
      if (!dryRun) {
        err.println(
            "warning: replay is not deduplicated; a letter replayed twice is written, and"
                + " processed, twice");
      }
      if (!skipReplayCheck) {
        warnEarlierReplays(queue, letters, err);
      }
      Counts counts = replay(queue, letters, out, err);
      out.printf(
          "%d letter(s) %s, %d refused%n",
          counts.replayed(), dryRun ? "to replay (dry run)" : "replayed", counts.refused());
      out.flush();
      err.flush();
      return counts.refused() > 0 ? 2 : 0;
    }

    /** The positions given with --offset; empty without. */
    private Set<Position> wantedPositions() {
      Set<Position> wanted = new LinkedHashSet<>();
      if (selection.offsets != null) {
        try {
          selection.offsets.forEach(o -> wanted.add(Position.parse(o)));
        } catch (IllegalArgumentException e) {
          throw new ParameterException(spec.commandLine(), e.getMessage());
        }
      }
      return wanted;
    }

    /** Fails if a wanted position holds no dead letter. */
    private void requireAllFound(DeadLetterQueue queue, Set<Position> wanted, List<Entry> letters) {
      Set<Position> missing = new LinkedHashSet<>(wanted);
      letters.forEach(e -> missing.remove(e.position()));
      if (!missing.isEmpty()) {
        throw new ParameterException(
            spec.commandLine(),
            "no dead letter at "
                + missing
                + " on "
                + queue.topic()
                + "; `newsflow dlq list` shows the positions");
      }
    }

    /** Warns about each letter that was replayed before; never stops the replay. */
    private static void warnEarlierReplays(
        DeadLetterQueue queue, List<Entry> letters, PrintWriter err) {
      Map<String, Integer> earlier = queue.previousReplays(letters);
      for (Entry e : letters) {
        Integer times = earlier.get(e.replayedFrom());
        if (times != null) {
          err.println(
              "warning: "
                  + e.position()
                  + " was replayed "
                  + times
                  + " time(s) before (found on "
                  + e.letter().getSourceTopic()
                  + "); replaying it again writes another copy");
        }
      }
    }

    /** How many letters were replayed (or would be, in a dry run) and how many refused. */
    private record Counts(int replayed, int refused) {}

    /** Replays the letters, printing each outcome: replayed to stdout, refused to stderr. */
    private Counts replay(
        DeadLetterQueue queue, List<Entry> letters, PrintWriter out, PrintWriter err) {
      int refused = 0;
      int replayed = 0;
      for (Outcome outcome : queue.replay(letters, dryRun)) {
        Entry e = outcome.entry();
        if (outcome instanceof Refused r) {
          refused++;
          err.println("refused " + e.position() + " (" + e.origin() + "): " + r.reason());
        } else if (outcome instanceof Replayed r) {
          replayed++;
          out.println(replayedLine(e, r));
        }
      }
      return new Counts(replayed, refused);
    }

    private String replayedLine(Entry e, Replayed r) {
      return (dryRun ? "would replay " : "replayed ")
          + e.position()
          + " ("
          + e.letter().getStage()
          + ", article "
          + (e.letter().getArticleId() == null ? "-" : e.letter().getArticleId())
          + ") -> "
          + (dryRun ? r.topic() : r.topic() + "-" + r.partition() + "@" + r.offset())
          + ", replay count "
          + r.replayCount();
    }
  }
}
