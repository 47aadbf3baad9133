package io.batchd.controller.job;

import java.time.Duration;

/**
 * The tunables of the Job controller. The defaults are upstream's constants; the pod-failure
 * backoff is an option (upstream hard-codes it, a common complaint) so tests and users can shorten
 * it.
 *
 * @param podFailureBackoffBase delay before re-creating a pod after the first failure; doubles with
 *     each further failure (upstream {@code DefaultJobPodFailureBackOff}, 10 s)
 * @param podFailureBackoffMax cap of that delay (upstream {@code MaxJobPodFailureBackOff}, 10 min)
 * @param maxPodCreateDeletePerSync pods created or deleted in one sync at most (500)
 * @param maxUncountedPods pod UIDs kept in {@code status.uncountedTerminatedPods} at most (500)
 * @param syncBatchPeriod the shortest delay before a requeued sync (upstream {@code
 *     syncJobBatchPeriod}, 1 s)
 */
public record JobControllerOptions(
    Duration podFailureBackoffBase,
    Duration podFailureBackoffMax,
    int maxPodCreateDeletePerSync,
    int maxUncountedPods,
    Duration syncBatchPeriod) {

  public JobControllerOptions {
    if (podFailureBackoffBase.isNegative() || podFailureBackoffMax.isNegative()) {
      throw new IllegalArgumentException("pod failure backoff must not be negative");
    }
    if (maxPodCreateDeletePerSync < 1 || maxUncountedPods < 1) {
      throw new IllegalArgumentException("per-sync limits must be at least 1");
    }
  }

  public static JobControllerOptions defaults() {
    return new JobControllerOptions(
        Duration.ofSeconds(10), Duration.ofMinutes(10), 500, 500, Duration.ofSeconds(1));
  }

  public JobControllerOptions withPodFailureBackoff(Duration base, Duration max) {
    return new JobControllerOptions(
        base, max, maxPodCreateDeletePerSync, maxUncountedPods, syncBatchPeriod);
  }

  public JobControllerOptions withMaxUncountedPods(int max) {
    return new JobControllerOptions(
        podFailureBackoffBase,
        podFailureBackoffMax,
        maxPodCreateDeletePerSync,
        max,
        syncBatchPeriod);
  }

  public JobControllerOptions withMaxPodCreateDeletePerSync(int max) {
    return new JobControllerOptions(
        podFailureBackoffBase, podFailureBackoffMax, max, maxUncountedPods, syncBatchPeriod);
  }
}
