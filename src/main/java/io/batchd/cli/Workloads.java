package io.batchd.cli;

import java.time.Duration;

/**
 * How a server runs workloads: whether it runs pods itself and under which node name, and the retry
 * delays of the Job controller and of the node agent.
 *
 * @param localNode whether the server runs a node agent of its own
 * @param nodeName that node's name; null for the host name
 * @param podFailureBackoff delay before a Job replaces a failed pod, doubling per failure
 * @param podFailureBackoffMax the longest such delay
 * @param containerRestartBackoff delay before a crashed container restarts, doubling per restart
 * @param containerRestartBackoffMax the longest such delay
 * @param controllers whether the server runs the controllers (scheduler, Job, TTL); without them it
 *     serves the API only, as kube-apiserver alone does
 */
public record Workloads(
    boolean localNode,
    String nodeName,
    Duration podFailureBackoff,
    Duration podFailureBackoffMax,
    Duration containerRestartBackoff,
    Duration containerRestartBackoffMax,
    boolean controllers) {

  public Workloads(
      boolean localNode,
      String nodeName,
      Duration podFailureBackoff,
      Duration podFailureBackoffMax,
      Duration containerRestartBackoff,
      Duration containerRestartBackoffMax) {
    this(
        localNode,
        nodeName,
        podFailureBackoff,
        podFailureBackoffMax,
        containerRestartBackoff,
        containerRestartBackoffMax,
        true);
  }

  /** Upstream's delays, and a local node named after the host. */
  public static Workloads defaults() {
    return new Workloads(
        true,
        null,
        Duration.ofSeconds(10),
        Duration.ofMinutes(10),
        Duration.ofSeconds(10),
        Duration.ofMinutes(5));
  }

  /** The same with other delays, for tests and impatient users. */
  public Workloads withBackoffs(Duration podFailure, Duration containerRestart) {
    return new Workloads(
        localNode,
        nodeName,
        podFailure,
        podFailureBackoffMax,
        containerRestart,
        containerRestartBackoffMax,
        controllers);
  }
}
