package io.batchd.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code batchd} command: one jar, several roles. */
@Command(
    name = "batchd",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "A batch job server that speaks the Kubernetes batch/v1 Job API.",
    subcommands = {
      ServerCommand.class,
      AgentCommand.class,
      VersionCommand.class,
      StartupTrainingCommand.class
    })
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(
        new CommandLine(new Main())
            .setExecutionExceptionHandler(Main::reportBadSetting)
            .execute(args));
  }

  /**
   * A setting the user can fix (an unreadable or malformed file named by an option) is reported in
   * one line; anything else is a bug and keeps its stack trace.
   */
  private static int reportBadSetting(
      Exception e, CommandLine command, CommandLine.ParseResult parsed) throws Exception {
    if (e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException) {
      command.getErr().println("batchd: " + e.getMessage());
      return 2;
    }
    throw e;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
