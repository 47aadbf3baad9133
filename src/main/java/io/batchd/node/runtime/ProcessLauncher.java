package io.batchd.node.runtime;

import java.io.IOException;
import java.time.Duration;

/**
 * Starts the runtime's processes: each leads its own session and process group, has {@code
 * /dev/null} as its standard input and only the environment it is given, and has its output read
 * into {@link ProcessOutput}s. When the process ends, the rest of its group is killed (as the
 * kernel kills a container's other processes when its init process dies), its output is drained,
 * and only then is {@link SpawnRequest#onEnd()} called.
 *
 * <p>Two implementations: {@code posix_spawn} called through the FFM API (Linux, glibc, native
 * access enabled) and Java's {@link ProcessBuilder} through {@code setsid}, the fallback. See
 * {@link ProcessLaunchers}.
 */
interface ProcessLauncher extends AutoCloseable {
  /**
   * How long to wait for the output pipes to close once the group is killed. Only a process that
   * left the group (its own setsid) can keep them open longer; its output after that is lost.
   */
  Duration DRAIN_LIMIT = Duration.ofSeconds(2);

  SpawnMechanism mechanism();

  /** A sentence for the agent's log and Node condition: how processes are started, and why. */
  String description();

  /** Starts the process; an IOException when it could not be started (no process is left). */
  LaunchedProcess launch(SpawnRequest request) throws IOException;

  /** Starts nothing more; processes still running are left to end and are still watched. */
  @Override
  void close();
}
