package io.batchd.controller.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a sync decided before its pod actions are applied: the input to {@link StatusTracking},
 * which turns it into status writes for whichever outcome the pod actions had.
 *
 * @param status the Job status with this sync's first-start time; never mutated
 * @param pods the Job's pods, sorted by completion index for an Indexed Job
 * @param finishedCondition the terminal condition reached before the pod actions, or null
 * @param finishing whether active pods are being deleted because of {@code finishedCondition}
 * @param manageCalled whether pods were managed (created, deleted or checked) in this sync
 * @param active active pods once every create and delete succeeded
 * @param ready ready pods once every delete succeeded
 * @param terminating terminating pods once every delete succeeded
 * @param succeeded succeeded pods (Indexed: succeeded indexes) including this sync's
 * @param failedIndexes failed indexes, or null without {@code backoffLimitPerIndex}
 * @param delayedDeletion per index, the failed pod that keeps its finalizer until replaced
 */
record Decided(
    Job job,
    JobStatus status,
    List<Pod> pods,
    Instant now,
    Set<String> uncountedSucceeded,
    Set<String> uncountedFailed,
    Set<String> finalizerRemovalsInFlight,
    JobCondition finishedCondition,
    boolean finishing,
    boolean manageCalled,
    int active,
    int ready,
    int terminating,
    int succeeded,
    OrderedIntervals previousSucceededIndexes,
    OrderedIntervals succeededIndexes,
    OrderedIntervals failedIndexes,
    Map<Integer, Pod> delayedDeletion,
    int creations,
    List<PodDeletion> deletions,
    PodBackoffRecord previousBackoff,
    PodBackoffRecord backoff) {}
