package io.batchd.controller.job;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Exponential delay of pod re-creation after failures: base × 2^(n−1), capped. */
final class PodBackoff {

  private PodBackoff() {}

  /**
   * The record after this sync's newly finished pods. Without a new success the new failures add
   * up; a new success resets the count to the failures that finished after it.
   */
  static PodBackoffRecord next(
      PodBackoffRecord previous, List<Pod> newSucceeded, List<Pod> newFailed) {
    List<Pod> succeeded = byFinish(newSucceeded);
    List<Pod> failed = byFinish(newFailed);
    if (succeeded.isEmpty()) {
      if (failed.isEmpty()) {
        return previous;
      }
      return new PodBackoffRecord(
          previous.failuresAfterLastSuccess() + failed.size(),
          Optional.of(JobPods.finishedTime(failed.getLast())));
    }
    Instant lastSuccess = JobPods.finishedTime(succeeded.getLast());
    int failures = 0;
    Instant lastFailure = null;
    for (int i = failed.size() - 1; i >= 0; i--) {
      Instant failedAt = JobPods.finishedTime(failed.get(i));
      if (!failedAt.isAfter(lastSuccess)) {
        break;
      }
      if (lastFailure == null) {
        lastFailure = failedAt;
      }
      failures++;
    }
    return new PodBackoffRecord(failures, Optional.ofNullable(lastFailure));
  }

  /** The pods by finish time, each pod's time read once (it is parsed from its status). */
  private static List<Pod> byFinish(List<Pod> pods) {
    record Finished(Instant at, Pod pod) {}
    return pods.stream()
        .map(p -> new Finished(JobPods.finishedTime(p), p))
        .sorted(Comparator.comparing(Finished::at))
        .map(Finished::pod)
        .toList();
  }

  /** Time left before pods may be created again under the Job-wide backoff. */
  static Duration remaining(PodBackoffRecord record, Instant now, JobControllerOptions options) {
    if (record.lastFailureTime().isEmpty()) {
      return Duration.ZERO;
    }
    return remaining(
        record.failuresAfterLastSuccess(), record.lastFailureTime().get(), now, options);
  }

  /**
   * Time left before the index of {@code lastFailedPod} may get a new pod: the delay grows with the
   * counted and ignored failures of the index, the last failed pod included.
   */
  static Duration remainingForIndex(Pod lastFailedPod, Instant now, JobControllerOptions options) {
    if (lastFailedPod == null) {
      return Duration.ZERO;
    }
    return remaining(
        CompletionIndexes.absoluteFailureCount(lastFailedPod) + 1,
        JobPods.finishedTime(lastFailedPod),
        now,
        options);
  }

  static Duration remaining(
      int failures, Instant lastFailure, Instant now, JobControllerOptions options) {
    if (failures == 0) {
      return Duration.ZERO;
    }
    Duration delay = options.podFailureBackoffBase();
    for (int i = 1; i < failures; i++) {
      delay = delay.multipliedBy(2);
      if (delay.compareTo(options.podFailureBackoffMax()) >= 0) {
        delay = options.podFailureBackoffMax();
        break;
      }
    }
    Duration elapsed = Duration.between(lastFailure, now);
    if (delay.compareTo(elapsed) < 0) {
      return Duration.ZERO;
    }
    return delay.minus(elapsed);
  }
}
