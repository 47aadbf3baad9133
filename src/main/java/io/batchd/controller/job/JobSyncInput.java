package io.batchd.controller.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Everything one sync of a Job decides from.
 *
 * @param job the Job as the informer has it
 * @param pods the pods the Job owns (controller reference to its UID, see {@link JobPodClaims}),
 *     terminating ones included
 * @param now the clock reading for this sync
 * @param backoff the pod re-creation backoff the reconciler kept from the previous sync of this Job
 * @param finalizerRemovalsInFlight UIDs of pods whose tracking-finalizer removal this controller
 *     issued but the informer has not shown yet; they are treated as already counted, which is what
 *     stops a stale cache from counting a pod twice
 * @param expectationsSatisfied whether the informer has shown every pod create and delete the
 *     reconciler issued; while false, no pods are created or deleted for the Job and it is not
 *     declared finished, since pods may be missing from {@code pods}
 */
public record JobSyncInput(
    Job job,
    List<Pod> pods,
    Instant now,
    PodBackoffRecord backoff,
    Set<String> finalizerRemovalsInFlight,
    boolean expectationsSatisfied) {

  public JobSyncInput {
    pods = List.copyOf(pods);
    finalizerRemovalsInFlight = Set.copyOf(finalizerRemovalsInFlight);
  }

  /** A sync with no backoff history, nothing in flight and expectations satisfied. */
  public static JobSyncInput of(Job job, List<Pod> pods, Instant now) {
    return new JobSyncInput(job, pods, now, PodBackoffRecord.NONE, Set.of(), true);
  }

  public JobSyncInput withBackoff(PodBackoffRecord record) {
    return new JobSyncInput(
        job, pods, now, record, finalizerRemovalsInFlight, expectationsSatisfied);
  }

  public JobSyncInput withFinalizerRemovalsInFlight(Set<String> uids) {
    return new JobSyncInput(job, pods, now, backoff, uids, expectationsSatisfied);
  }

  public JobSyncInput withExpectationsSatisfied(boolean satisfied) {
    return new JobSyncInput(job, pods, now, backoff, finalizerRemovalsInFlight, satisfied);
  }
}
