package io.batchd.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code batchd} command: one jar, several roles. */
@Command(
    name = "batchd",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "A batch job server that speaks the Kubernetes batch/v1 Job API.",
    subcommands = {ServerCommand.class, VersionCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
