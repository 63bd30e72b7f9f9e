package io.newsflow.local;

import io.newsflow.enrich.EnrichCommand;
import io.newsflow.ingest.IngestCommand;
import io.newsflow.sink.SinkCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code newsflow} command. {@code newsflow local} runs everything on this machine; {@code
 * newsflow ingest|enrich|sink} run one component against an existing Kafka cluster and schema
 * registry. Run {@code ./newsflow --help} or {@code ./newsflow <command> --help}.
 */
@Command(
    name = "newsflow",
    mixinStandardHelpOptions = true,
    version = "newsflow 0.1.0",
    description = "A stream-processing pipeline for news items on Apache Kafka.",
    subcommands = {LocalCommand.class, IngestCommand.class, EnrichCommand.class, SinkCommand.class})
public final class Newsflow implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static CommandLine commandLine() {
    return new CommandLine(new Newsflow()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
