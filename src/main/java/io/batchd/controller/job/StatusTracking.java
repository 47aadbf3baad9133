package io.batchd.controller.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Upstream's {@code trackJobStatusAndRemoveFinalizers} as a function: from what a sync decided and
 * what its pod actions achieved, the status writes and finalizer removals that count finished pods
 * exactly once, and the terminal condition when the Job is done.
 */
final class StatusTracking {
  private StatusTracking() {}

  static StatusUpdate track(Decided d, PodActionOutcome outcome, JobControllerOptions options) {
    Job job = d.job();
    JobStatus status = JobSync.copyStatus(d.status());
    List<JobEvent> events = new ArrayList<>();

    int failedDeletes = 0;
    int failedReadyDeletes = 0;
    for (PodDeletion deletion : d.deletions()) {
      if (outcome.failedDeletions().contains(JobPods.uid(deletion.pod()))) {
        failedDeletes++;
        if (JobPods.isReady(deletion.pod())) {
          failedReadyDeletes++;
        }
      }
    }
    int failedCreations = Math.min(outcome.failedCreations(), d.creations());
    int active = d.active() - failedCreations + failedDeletes;
    int terminating = d.terminating() - failedDeletes;
    int ready = d.ready() + failedReadyDeletes;

    JobCondition finished = d.finishedCondition();
    if (d.finishing() && failedDeletes > 0) {
      // Some pods are still running: the Job cannot be declared finished in this sync.
      finished = null;
    }
    boolean suspendConditionChanged = false;
    if (!d.finishing()) {
      Optional<Integer> completions = JobSpecs.completions(job);
      boolean complete =
          completions.isEmpty()
              ? d.succeeded() > 0 && active == 0
              : d.succeeded() >= completions.get() && active == 0;
      if (complete) {
        finished =
            JobConditionList.condition(
                JobConditionList.SUCCESS_CRITERIA_MET,
                JobConditionList.COMPLETIONS_REACHED,
                "Reached expected number of succeeded pods",
                d.now());
      } else if (d.manageCalled()) {
        if (JobSpecs.suspended(job)) {
          if (JobConditionList.ensure(
              status,
              JobConditionList.SUSPENDED,
              "True",
              "JobSuspended",
              "Job suspended",
              d.now())) {
            suspendConditionChanged = true;
            events.add(JobEvent.suspended());
          }
        } else if (JobConditionList.ensure(
            status, JobConditionList.SUSPENDED, "False", "JobResumed", "Job resumed", d.now())) {
          suspendConditionChanged = true;
          events.add(JobEvent.resumed());
          // The active deadline counts time spent running since the resume.
          status.setStartTime(Times.format(d.now()));
        }
      }
    }

    boolean needsFlush =
        suspendConditionChanged
            || active != nz(status.getActive())
            || !Objects.equals(status.getReady(), ready)
            || !Objects.equals(status.getTerminating(), terminating);
    status.setActive(zeroToNull(active));
    status.setReady(ready);
    status.setTerminating(terminating);

    boolean indexed = JobSpecs.isIndexed(job);
    int completions = JobSpecs.indexCount(job);
    Set<String> withFinalizer = new HashSet<>();
    for (Pod pod : d.pods()) {
      if (JobPods.hasTrackingFinalizer(pod)
          && !d.finalizerRemovalsInFlight().contains(JobPods.uid(pod))) {
        withFinalizer.add(JobPods.uid(pod));
      }
    }
    if (countRemovedFinalizers(status, withFinalizer)) {
      needsFlush = true;
    }

    PodFailurePolicy policy = JobSpecs.spec(job).getPodFailurePolicy();
    List<String> uncountedSucceeded = status.getUncountedTerminatedPods().getSucceeded();
    List<String> uncountedFailed = status.getUncountedTerminatedPods().getFailed();
    List<Integer> newSucceededIndexes = new ArrayList<>();
    List<Pod> finalizersToRemove = new ArrayList<>();
    boolean reachedMaxUncounted = false;
    boolean failing =
        finished != null && !JobConditionList.SUCCESS_CRITERIA_MET.equals(finished.getType());
    for (Pod pod : d.pods()) {
      String uid = JobPods.uid(pod);
      if (!JobPods.hasTrackingFinalizer(pod) || d.finalizerRemovalsInFlight().contains(uid)) {
        continue;
      }
      boolean podFailed = JobPods.isFailed(pod, job);
      if (!canRemoveFinalizer(d, finished, pod, podFailed)) {
        continue;
      }
      finalizersToRemove.add(pod);
      if (JobPods.SUCCEEDED.equals(JobPods.phase(pod)) && !d.uncountedFailed().contains(uid)) {
        if (indexed) {
          // The index is enough to never count the pod twice; no UID is kept.
          int index = CompletionIndexes.of(pod);
          if (index != CompletionIndexes.UNKNOWN
              && index < completions
              && !d.previousSucceededIndexes().has(index)) {
            newSucceededIndexes.add(index);
            needsFlush = true;
          }
        } else if (!d.uncountedSucceeded().contains(uid)) {
          uncountedSucceeded.add(uid);
          needsFlush = true;
        }
      } else if (podFailed || failing) {
        // Once the Job fails, every pod that did not succeed counts as failed.
        if (!d.uncountedFailed().contains(uid)
            && (!indexed || CompletionIndexes.hasValidIndex(pod, completions))
            && PodFailurePolicies.match(policy, pod).countsFailure()) {
          uncountedFailed.add(uid);
          needsFlush = true;
        }
      }
      if (newSucceededIndexes.size() + uncountedSucceeded.size() + uncountedFailed.size()
          >= options.maxUncountedPods()) {
        // Keep the status small and let other Jobs have their turn; the next sync carries on.
        reachedMaxUncounted = true;
        break;
      }
    }

    if (indexed) {
      String completed = d.succeededIndexes().with(newSucceededIndexes).toString();
      OrderedIntervals succeededIndexes = d.succeededIndexes().with(newSucceededIndexes);
      if (!completed.equals(Objects.requireNonNullElse(status.getCompletedIndexes(), ""))) {
        needsFlush = true;
      }
      status.setSucceeded(zeroToNull(succeededIndexes.total()));
      status.setCompletedIndexes(completed.isEmpty() ? null : completed);
      String failed = d.failedIndexes() == null ? null : d.failedIndexes().toString();
      if (!Objects.equals(failed, status.getFailedIndexes())) {
        status.setFailedIndexes(failed);
        needsFlush = true;
      }
    }

    if (finished != null && JobConditionList.FAILURE_TARGET.equals(finished.getType())) {
      // Record the failure before any finalizer goes, so that a crash cannot lose it.
      JobConditionList.append(status, finished);
      needsFlush = true;
      finished =
          JobConditionList.condition(
              JobConditionList.FAILED, finished.getReason(), finished.getMessage(), d.now());
    }
    if (finished != null && JobConditionList.SUCCESS_CRITERIA_MET.equals(finished.getType())) {
      if (JobConditionList.findTrue(status, JobConditionList.SUCCESS_CRITERIA_MET).isEmpty()) {
        JobConditionList.append(status, finished);
        needsFlush = true;
      }
      finished =
          JobConditionList.condition(
              JobConditionList.COMPLETE, finished.getReason(), finished.getMessage(), d.now());
    }

    Optional<JobStatus> first = Optional.empty();
    if (needsFlush) {
      first = Optional.of(JobSync.copyStatus(status));
      needsFlush = false;
    }
    for (Pod pod : finalizersToRemove) {
      withFinalizer.remove(JobPods.uid(pod));
    }
    if (countRemovedFinalizers(status, withFinalizer)) {
      needsFlush = true;
    }
    List<JobEvent> finishEvents = new ArrayList<>();
    if (!reachedMaxUncounted && finish(status, finished, terminating)) {
      needsFlush = true;
      finishEvents.addAll(finishedEvents(job, status, finished));
    }
    Optional<JobStatus> second =
        needsFlush ? Optional.of(JobSync.copyStatus(status)) : Optional.empty();
    PodBackoffRecord backoff = first.isPresent() ? d.backoff() : d.previousBackoff();
    return new StatusUpdate(first, finalizersToRemove, second, events, finishEvents, backoff);
  }

  /**
   * A pod's finalizer may go when the Job is being deleted or finishing, when the pod succeeded, or
   * when it failed, unless it is its index's last failure still waiting for a replacement.
   */
  private static boolean canRemoveFinalizer(
      Decided d, JobCondition finished, Pod pod, boolean podFailed) {
    if (d.job().getMetadata().getDeletionTimestamp() != null
        || finished != null
        || JobPods.SUCCEEDED.equals(JobPods.phase(pod))) {
      return true;
    }
    if (!podFailed) {
      return false;
    }
    if (JobSpecs.hasBackoffLimitPerIndex(d.job())) {
      int index = CompletionIndexes.of(pod);
      Pod delayed = index == CompletionIndexes.UNKNOWN ? null : d.delayedDeletion().get(index);
      return delayed == null || !JobPods.uid(delayed).equals(JobPods.uid(pod));
    }
    return true;
  }

  /**
   * Moves the uncounted UIDs whose pods no longer carry the finalizer into the counters. Returns
   * whether anything moved.
   */
  private static boolean countRemovedFinalizers(JobStatus status, Set<String> withFinalizer) {
    boolean updated = false;
    List<String> succeeded = status.getUncountedTerminatedPods().getSucceeded();
    List<String> keptSucceeded = succeeded.stream().filter(withFinalizer::contains).toList();
    if (keptSucceeded.size() != succeeded.size()) {
      status.setSucceeded(
          zeroToNull(nz(status.getSucceeded()) + succeeded.size() - keptSucceeded.size()));
      status.getUncountedTerminatedPods().setSucceeded(new ArrayList<>(keptSucceeded));
      updated = true;
    }
    List<String> failed = status.getUncountedTerminatedPods().getFailed();
    List<String> keptFailed = failed.stream().filter(withFinalizer::contains).toList();
    if (keptFailed.size() != failed.size()) {
      status.setFailed(zeroToNull(nz(status.getFailed()) + failed.size() - keptFailed.size()));
      status.getUncountedTerminatedPods().setFailed(new ArrayList<>(keptFailed));
      updated = true;
    }
    return updated;
  }

  /**
   * Adds the final Complete or Failed condition once no pod is left uncounted or terminating.
   * Returns whether it did.
   */
  private static boolean finish(JobStatus status, JobCondition finished, int terminating) {
    if (finished == null) {
      return false;
    }
    if (!status.getUncountedTerminatedPods().getSucceeded().isEmpty()
        || !status.getUncountedTerminatedPods().getFailed().isEmpty()
        || terminating > 0) {
      return false;
    }
    Instant now = Times.parse(finished.getLastTransitionTime());
    JobConditionList.ensure(
        status, finished.getType(), "True", finished.getReason(), finished.getMessage(), now);
    if (JobConditionList.COMPLETE.equals(finished.getType())) {
      status.setCompletionTime(finished.getLastTransitionTime());
    }
    return true;
  }

  private static List<JobEvent> finishedEvents(Job job, JobStatus status, JobCondition finished) {
    if (!JobConditionList.COMPLETE.equals(finished.getType())) {
      return List.of(JobEvent.failed(finished.getReason(), finished.getMessage()));
    }
    List<JobEvent> events = new ArrayList<>();
    Optional<Integer> completions = JobSpecs.completions(job);
    if (completions.isPresent() && nz(status.getSucceeded()) > completions.get()) {
      events.add(JobEvent.tooManySucceededPods());
    }
    events.add(JobEvent.completed());
    return events;
  }

  private static int nz(Integer value) {
    return value == null ? 0 : value;
  }

  // Upstream's active, succeeded and failed are omitted from JSON when zero.
  private static Integer zeroToNull(int value) {
    return value == 0 ? null : value;
  }
}
