package io.newsflow.app;

import io.newsflow.app.dashboard.DashboardCommand;
import io.newsflow.embedded.Directories;
import io.newsflow.enrich.EnrichCommand;
import io.newsflow.ingest.IngestCommand;
import io.newsflow.query.QueryCommand;
import io.newsflow.schemas.ErrorMessages;
import io.newsflow.sink.SinkCommand;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code newsflow} command. {@code newsflow local} runs everything on this machine; {@code
 * newsflow ingest|enrich|sink} run one component against an existing Kafka cluster and schema
 * registry; {@code newsflow query} serves the query API over the PostgreSQL store; {@code newsflow
 * dlq list|replay} shows and replays dead letters; {@code newsflow dashboard} serves the operators'
 * page. Run {@code ./newsflow --help} or {@code ./newsflow <command> --help}.
 */
@Command(
    name = "newsflow",
    mixinStandardHelpOptions = true,
    version = "newsflow 0.1.0",
    description = "A stream-processing pipeline for news items on Apache Kafka.",
    subcommands = {
      LocalCommand.class,
      IngestCommand.class,
      EnrichCommand.class,
      SinkCommand.class,
      QueryCommand.class,
      DlqCommand.class,
      DashboardCommand.class
    })
public final class Newsflow implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(Newsflow.class);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static CommandLine commandLine() {
    return new CommandLine(new Newsflow())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(Newsflow::reportFailure);
  }

  /**
   * A failure is one line with its causes on stderr, exit code 1; the stack trace goes to the log.
   */
  private static int reportFailure(
      Exception error, CommandLine command, CommandLine.ParseResult parsed) {
    log.debug("{} failed", command.getCommandName(), error);
    command
        .getErr()
        .println("newsflow " + command.getCommandName() + ": " + ErrorMessages.describe(error));
    command.getErr().flush();
    return 1;
  }

  public static void main(String[] args) {
    // where a restart's time goes starts here: the JVM's own start and loading our classes
    log.info(
        "newsflow {}: process {} up after {} ms",
        args.length == 0 ? "" : args[0],
        ProcessHandle.current().pid(),
        ManagementFactory.getRuntimeMXBean().getUptime());
    int status = commandLine().execute(args);
    removeOwnTempFolder();
    System.exit(status);
  }

  /**
   * The {@code newsflow} script gives each run a temporary folder of its own, {@code
   * newsflow-jvm-<pid>}; a run that ends removes it (one that is killed leaves it to the next run).
   * A shutdown by signal ends in the shutdown hooks instead, so the folder waits for the next run.
   */
  static void removeOwnTempFolder() {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    if (tmp.getFileName() != null
        && tmp.getFileName().toString().equals("newsflow-jvm-" + ProcessHandle.current().pid())) {
      try {
        Directories.deleteRecursively(tmp);
      } catch (IOException e) {
        System.err.println("newsflow: could not remove " + tmp + ": " + e);
      }
    }
  }
}
