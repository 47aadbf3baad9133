package io.batchd.node.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** One started container: a process and what it leaves behind. */
public interface RunningContainer {
  long pid();

  Instant startedAt();

  /**
   * Completes once, when the process has ended, its process group has been killed and its output is
   * in the log file (so the log can be read to the end and FallbackToLogsOnError works).
   */
  CompletableFuture<ContainerExit> exit();

  /**
   * SIGTERM to the container's process group, then SIGKILL after {@code grace}; returns at once.
   * {@link #exit()} completes when the process and its process group are gone.
   */
  void stop(Duration grace);
}
