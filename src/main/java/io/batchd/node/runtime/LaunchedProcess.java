package io.batchd.node.runtime;

/** A process a {@link ProcessLauncher} started: leader of its own session and process group. */
interface LaunchedProcess {
  long pid();

  /**
   * Sends {@code signal} to the process's group (its pid), unless the process has already ended and
   * its group was killed.
   */
  void signalGroup(GroupSignal signal);
}
