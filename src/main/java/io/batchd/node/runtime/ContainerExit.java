package io.batchd.node.runtime;

import java.time.Instant;

/**
 * How a container ended, in the terms of the kubelet's {@code ContainerStateTerminated}.
 *
 * @param exitCode the process' exit code; 128 + signal when a signal killed it
 * @param reason {@code Completed} for exit code 0, {@code OOMKilled} when the memory cgroup killed
 *     it, {@code Error} otherwise
 * @param message the termination message (from terminationMessagePath, or the log's tail with
 *     FallbackToLogsOnError), at most 4096 bytes; null when there is none
 * @param signal the signal that killed the process, or null. Java reports a process killed by a
 *     signal as exit code 128 + signal, so this is inferred from exit codes 129 to 192 and cannot
 *     tell a process that called {@code exit(137)} from one killed by SIGKILL (nor can the kubelet)
 */
public record ContainerExit(
    int exitCode, String reason, String message, Instant finishedAt, Integer signal) {

  public static final String COMPLETED = "Completed";
  public static final String ERROR = "Error";
  public static final String OOM_KILLED = "OOMKilled";
}
