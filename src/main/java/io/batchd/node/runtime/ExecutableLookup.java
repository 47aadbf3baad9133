package io.batchd.node.runtime;

import io.batchd.api.GoStrings;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds a container's executable before it is started, as runc does, so that a missing command is a
 * start error with runc's words rather than an exit code from the launcher.
 */
final class ExecutableLookup {
  private ExecutableLookup() {}

  /**
   * The executable for {@code command}: a path when it contains {@code /} (relative to {@code
   * workingDir}), else the first executable regular file of that name in {@code searchPath}.
   */
  static Path find(String command, String searchPath, Path workingDir)
      throws ContainerStartException {
    if (command.contains("/")) {
      Path path = workingDir.resolve(command);
      if (!Files.exists(path)) {
        throw new ContainerStartException(
            "exec: "
                + GoStrings.quote(command)
                + ": stat "
                + command
                + ": no such file or directory");
      }
      if (Files.isDirectory(path) || !Files.isExecutable(path)) {
        throw new ContainerStartException(
            "exec: " + GoStrings.quote(command) + ": permission denied");
      }
      return path;
    }
    for (String dir : (searchPath == null ? "" : searchPath).split(":", -1)) {
      Path candidate = workingDir.resolve(dir.isEmpty() ? "." : dir).resolve(command);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new ContainerStartException(
        "exec: " + GoStrings.quote(command) + ": executable file not found in $PATH");
  }
}
