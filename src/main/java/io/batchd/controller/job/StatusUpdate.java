package io.batchd.controller.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.util.List;
import java.util.Optional;

/**
 * The status writes of one sync and the finalizer removals between them, in upstream's order
 * ({@code trackJobStatusAndRemoveFinalizers}). The reconciler applies them in this order and stops
 * at the first failure; a fresh sync over whatever was persisted then carries on. That is safe at
 * every step: a finished pod is first recorded in {@code uncountedTerminatedPods} (or, for an
 * Indexed Job's success, in {@code completedIndexes}) while it still carries the tracking
 * finalizer, and moves into the {@code succeeded}/{@code failed} counters only once the finalizer
 * is gone, so no pod is counted twice and none is lost.
 *
 * @param beforeFinalizerRemoval status to write first, if anything changed: the newly finished
 *     pods' UIDs in {@code uncountedTerminatedPods}, completed and failed indexes, the interim
 *     {@code FailureTarget} or {@code SuccessCriteriaMet} condition, active/ready/terminating
 * @param finalizersToRemove pods to strip of {@code batch.kubernetes.io/job-tracking} once the
 *     first write succeeded (patch {@code $deleteFromPrimitiveList/finalizers}); a 404 counts as
 *     removed
 * @param afterFinalizerRemoval status to write once every removal succeeded: the uncounted UIDs
 *     moved into the counters and, when nothing is left uncounted or terminating, the final {@code
 *     Complete} or {@code Failed} condition and {@code completionTime}. Skip it if a removal failed
 *     and requeue; the next sync counts the pods whose finalizer did go
 * @param events to record right away ({@code Suspended}, {@code Resumed}, {@code
 *     UnknownCompletionMode})
 * @param finishEvents to record once the last write succeeded ({@code Completed}, {@code
 *     TooManySucceededPods}, or the failure reason with its message)
 * @param backoff the pod backoff to keep for the next sync once {@code beforeFinalizerRemoval} is
 *     written (or at once when there is no such write)
 */
public record StatusUpdate(
    Optional<JobStatus> beforeFinalizerRemoval,
    List<Pod> finalizersToRemove,
    Optional<JobStatus> afterFinalizerRemoval,
    List<JobEvent> events,
    List<JobEvent> finishEvents,
    PodBackoffRecord backoff) {

  public StatusUpdate {
    finalizersToRemove = List.copyOf(finalizersToRemove);
    events = List.copyOf(events);
    finishEvents = List.copyOf(finishEvents);
  }

  static StatusUpdate none(List<JobEvent> events, PodBackoffRecord backoff) {
    return new StatusUpdate(
        Optional.empty(), List.of(), Optional.empty(), events, List.of(), backoff);
  }

  /** The status the Job has once every write is applied, if any write is due. */
  public Optional<JobStatus> finalStatus() {
    return afterFinalizerRemoval.or(() -> beforeFinalizerRemoval);
  }
}
