package io.batchd.registry.batch;

import io.batchd.api.validation.SemanticEquality;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.util.Objects;

/**
 * Which status rules apply to a {@code /status} write, decided from the stored and the new Job as
 * upstream's strategy decides them with {@code JobManagedBy} on ({@code
 * getStatusValidationOptions}). Most rules fire only when the fields they guard change, so that a
 * status already in breach (for example completed indexes beyond a just-reduced {@code
 * completions}) does not block unrelated writes and the controller gets to repair it.
 */
record JobStatusValidationOptions(
    boolean rejectDecreasingSucceededCounter,
    boolean rejectInvalidCompletedIndexes,
    boolean rejectInvalidFailedIndexes,
    boolean rejectFailedIndexesOverlappingCompleted,
    boolean rejectCompletedIndexesForNonIndexedJob,
    boolean rejectFailedIndexesForNoBackoffLimitPerIndex,
    boolean rejectFailedJobWithoutFailureTarget,
    boolean rejectCompleteJobWithoutSuccessCriteriaMet,
    boolean rejectFinishedJobWithActivePods,
    boolean rejectFinishedJobWithoutStartTime,
    boolean rejectFinishedJobWithUncountedTerminatedPods,
    boolean rejectStartTimeUpdateForUnsuspendedJob,
    boolean rejectCompletionTimeBeforeStartTime,
    boolean rejectNotCompleteJobWithCompletionTime,
    boolean rejectCompleteJobWithoutCompletionTime,
    boolean rejectCompleteJobWithFailedCondition,
    boolean rejectCompleteJobWithFailureTargetCondition,
    boolean rejectMoreReadyThanActivePods,
    boolean rejectFinishedJobWithTerminatingPods) {

  // Always on (upstream sets them unconditionally): the failed counter never decreases, terminal
  // conditions never go away, completionTime never changes once set; and SuccessCriteriaMet is
  // allowed on any Job ("extended scope"), not only on Indexed Jobs with a success policy.

  static JobStatusValidationOptions of(Job newJob, Job oldJob) {
    JobStatus n = status(newJob);
    JobStatus o = status(oldJob);
    boolean indexed = "Indexed".equals(newJob.getSpec().getCompletionMode());
    boolean finishedChanged = JobConditions.isFinished(oldJob) != JobConditions.isFinished(newJob);
    boolean completeChanged = JobConditions.isComplete(oldJob) != JobConditions.isComplete(newJob);
    boolean failedChanged = JobConditions.isFailed(oldJob) != JobConditions.isFailed(newJob);
    boolean failureTargetChanged =
        JobConditions.isTrue(oldJob, JobConditions.FAILURE_TARGET)
            != JobConditions.isTrue(newJob, JobConditions.FAILURE_TARGET);
    boolean successCriteriaMetChanged =
        JobConditions.isTrue(oldJob, JobConditions.SUCCESS_CRITERIA_MET)
            != JobConditions.isTrue(newJob, JobConditions.SUCCESS_CRITERIA_MET);
    boolean completedIndexesChanged =
        !nullToEmpty(o.getCompletedIndexes()).equals(nullToEmpty(n.getCompletedIndexes()));
    boolean failedIndexesChanged = !Objects.equals(o.getFailedIndexes(), n.getFailedIndexes());
    boolean activeChanged = orZero(o.getActive()) != orZero(n.getActive());
    boolean readyChanged = !Objects.equals(o.getReady(), n.getReady());
    boolean terminatingChanged = !Objects.equals(o.getTerminating(), n.getTerminating());
    boolean startTimeChanged = !JobStatusValidation.sameTime(o.getStartTime(), n.getStartTime());
    boolean completionTimeChanged =
        !JobStatusValidation.sameTime(o.getCompletionTime(), n.getCompletionTime());
    boolean uncountedChanged =
        !SemanticEquality.equal(o.getUncountedTerminatedPods(), n.getUncountedTerminatedPods());
    // Later upstream fixes: a suspended Job with zero completions completes without ever
    // starting, and the controller resets startTime when a Job resumes (Suspended True -> False).
    boolean suspendedWithZeroCompletions =
        Boolean.TRUE.equals(newJob.getSpec().getSuspend())
            && Integer.valueOf(0).equals(newJob.getSpec().getCompletions());
    boolean resuming =
        JobConditions.isTrue(oldJob, JobConditions.SUSPENDED)
            && JobConditions.isFalse(newJob, JobConditions.SUSPENDED);
    return new JobStatusValidationOptions(
        // Elastic Indexed Jobs (completions == parallelism) may scale down and lose successes.
        !indexed
            || !Objects.equals(
                newJob.getSpec().getCompletions(), newJob.getSpec().getParallelism()),
        completedIndexesChanged,
        failedIndexesChanged,
        failedIndexesChanged || completedIndexesChanged,
        completedIndexesChanged,
        failedIndexesChanged,
        failedChanged || failedIndexesChanged,
        completeChanged || successCriteriaMetChanged,
        finishedChanged || activeChanged,
        (finishedChanged || startTimeChanged) && !suspendedWithZeroCompletions,
        finishedChanged || uncountedChanged,
        startTimeChanged && !resuming,
        startTimeChanged || completionTimeChanged,
        completeChanged || completionTimeChanged,
        completeChanged || completionTimeChanged,
        completeChanged || failedChanged,
        completeChanged || failureTargetChanged,
        readyChanged || activeChanged,
        finishedChanged || terminatingChanged);
  }

  private static JobStatus status(Job job) {
    return job.getStatus() == null ? new JobStatus() : job.getStatus();
  }

  private static int orZero(Integer i) {
    return i == null ? 0 : i;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
