package io.batchd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** How {@code batchd server} reads its switches. */
class ServerCommandOptionsTest {

  @ParameterizedTest(name = "{0} -> local node {1}")
  @CsvSource({"'', true", "--no-local-node, false"})
  void localNodeSwitch(String argument, boolean expected) {
    ServerCommand command = new ServerCommand();
    new CommandLine(command)
        .parseArgs(argument.isEmpty() ? new String[0] : new String[] {argument});

    assertThat(!command.noLocalNode).isEqualTo(expected);
  }
}
