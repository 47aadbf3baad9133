package io.batchd.controller.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.UncountedTerminatedPods;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The Job controller's decision function: from a Job, its pods and the time, the pods to create and
 * delete, the status writes and finalizer removals, the events and when to look again. Pure: no
 * I/O, no clock, no state between calls; the reconciler does the rest. It follows upstream's {@code
 * syncJob} with every Job feature on (pod failure policy, backoff limit per index, success policy,
 * pod replacement policy, managedBy, pod index label).
 */
public final class JobSync {
  private final JobControllerOptions options;

  public JobSync(JobControllerOptions options) {
    this.options = options;
  }

  public JobSyncResult sync(Job job, List<Pod> pods, Instant now) {
    return sync(JobSyncInput.of(job, pods, now));
  }

  public JobSyncResult sync(JobSyncInput input) {
    Job job = input.job();
    if (JobSpecs.externalController(job).isPresent()) {
      return JobSyncResult.skipped(JobSyncResult.Decision.MANAGED_BY_OTHER, List.of());
    }
    if (JobConditionList.isFinished(job.getStatus())) {
      return JobSyncResult.skipped(JobSyncResult.Decision.ALREADY_FINISHED, List.of());
    }
    if (!JobSpecs.hasKnownCompletionMode(job)) {
      return JobSyncResult.skipped(
          JobSyncResult.Decision.UNKNOWN_COMPLETION_MODE,
          List.of(JobEvent.unknownCompletionMode()));
    }
    return new Run(input).decide();
  }

  /**
   * The pods ordered by completion index (unknown first; a stable sort keeps the rest as is), each
   * pod's index read once: a Job may hold thousands of pods and is sorted on every sync.
   */
  private static List<Pod> byIndex(List<Pod> pods) {
    record Indexed(int index, Pod pod) {}
    List<Indexed> indexed = new ArrayList<>(pods.size());
    for (Pod pod : pods) {
      indexed.add(new Indexed(CompletionIndexes.of(pod), pod));
    }
    indexed.sort(java.util.Comparator.comparingInt(Indexed::index));
    List<Pod> sorted = new ArrayList<>(pods.size());
    for (Indexed i : indexed) {
      sorted.add(i.pod());
    }
    return sorted;
  }

  /** One sync's working state. */
  private final class Run {
    private final JobSyncInput input;
    private final Job job;
    private final Instant now;
    private final JobStatus status;
    private final List<Pod> pods;
    private final List<Pod> activePods;
    private final Set<String> uncountedSucceeded;
    private final Set<String> uncountedFailed;
    private final List<Pod> creations = new ArrayList<>();
    private final List<PodDeletion> deletions = new ArrayList<>();
    private int active;
    private int ready;
    private int terminating;
    private int succeeded;
    private Duration requeue;
    private OrderedIntervals previousSucceededIndexes = OrderedIntervals.EMPTY;
    private OrderedIntervals succeededIndexes = OrderedIntervals.EMPTY;
    private OrderedIntervals failedIndexes;
    private Map<Integer, Pod> delayedDeletion = Map.of();

    Run(JobSyncInput input) {
      this.input = input;
      this.job = input.job();
      this.now = input.now();
      this.status = copyStatus(job.getStatus());
      this.pods = JobSpecs.isIndexed(job) ? byIndex(input.pods()) : new ArrayList<>(input.pods());
      this.activePods = pods.stream().filter(JobPods::isActive).toList();
      this.uncountedSucceeded = new HashSet<>(status.getUncountedTerminatedPods().getSucceeded());
      this.uncountedFailed = new HashSet<>(status.getUncountedTerminatedPods().getFailed());
    }

    JobSyncResult decide() {
      active = activePods.size();
      ready = (int) activePods.stream().filter(JobPods::isReady).count();
      terminating = (int) pods.stream().filter(JobPods::isTerminating).count();
      List<Pod> newSucceeded = uncountedPods(uncountedSucceeded, p -> isSucceeded(p));
      List<Pod> newFailed = uncountedPods(uncountedFailed, p -> JobPods.isFailed(p, job));
      succeeded = nz(status.getSucceeded()) + newSucceeded.size() + uncountedSucceeded.size();
      int failed = nz(status.getFailed()) + countedFailures(newFailed) + uncountedFailed.size();

      boolean suspended = JobSpecs.suspended(job);
      if (status.getStartTime() == null && !suspended) {
        status.setStartTime(Times.format(now));
      }
      PodBackoffRecord backoff = PodBackoff.next(input.backoff(), newSucceeded, newFailed);

      JobCondition finished =
          JobConditionList.findTrue(status, JobConditionList.SUCCESS_CRITERIA_MET).orElse(null);
      // Once success criteria are met, the pod failure policy is not consulted any more.
      if (finished == null) {
        Optional<JobCondition> target =
            JobConditionList.findTrue(status, JobConditionList.FAILURE_TARGET);
        if (target.isPresent()) {
          finished =
              JobConditionList.condition(
                  JobConditionList.FAILED,
                  target.get().getReason(),
                  target.get().getMessage(),
                  now);
        } else {
          Optional<String> failJob = failJobMessage();
          if (failJob.isPresent()) {
            finished = failureTarget(JobConditionList.POD_FAILURE_POLICY, failJob.get());
          }
        }
      }
      if (finished == null) {
        if (failed > JobSpecs.backoffLimit(job) || pastBackoffLimitOnFailure()) {
          finished =
              failureTarget(
                  JobConditionList.BACKOFF_LIMIT_EXCEEDED,
                  "Job has reached the specified backoff limit");
        } else if (pastActiveDeadline()) {
          finished =
              failureTarget(
                  JobConditionList.DEADLINE_EXCEEDED,
                  "Job was active longer than specified deadline");
        } else if (JobSpecs.spec(job).getActiveDeadlineSeconds() != null && !suspended) {
          requeueAt(deadlineRemaining());
        }
      }

      if (JobSpecs.isIndexed(job)) {
        int completions = JobSpecs.indexCount(job);
        previousSucceededIndexes =
            OrderedIntervals.parse(status.getCompletedIndexes(), completions);
        List<Integer> newlySucceeded = new ArrayList<>();
        for (Pod pod : pods) {
          if (isSucceeded(pod)
              && CompletionIndexes.hasValidIndex(pod, completions)
              && JobPods.hasTrackingFinalizer(pod)) {
            newlySucceeded.add(CompletionIndexes.of(pod));
          }
        }
        succeededIndexes = previousSucceededIndexes.with(newlySucceeded);
        succeeded = succeededIndexes.total();
        if (JobSpecs.hasBackoffLimitPerIndex(job)) {
          failedIndexes = failedIndexes(completions);
          if (finished == null) {
            Integer maxFailed = JobSpecs.spec(job).getMaxFailedIndexes();
            if (maxFailed != null && failedIndexes.total() > maxFailed) {
              finished =
                  failureTarget(
                      JobConditionList.MAX_FAILED_INDEXES_EXCEEDED,
                      "Job has exceeded the specified maximal number of failed indexes");
            } else if (failedIndexes.total() > 0
                && failedIndexes.total() + succeededIndexes.total() >= completions) {
              finished = failureTarget(JobConditionList.FAILED_INDEXES, "Job has failed indexes");
            }
          }
          delayedDeletion = podsWithDelayedDeletion(completions);
        }
        if (finished == null) {
          Optional<String> matched =
              SuccessPolicies.match(
                  JobSpecs.spec(job).getSuccessPolicy(), completions, succeededIndexes);
          if (matched.isPresent()) {
            finished =
                JobConditionList.condition(
                    JobConditionList.SUCCESS_CRITERIA_MET,
                    JobConditionList.SUCCESS_POLICY,
                    matched.get(),
                    now);
          }
        }
      }

      boolean finishing = finished != null;
      boolean manageCalled = false;
      if (finishing) {
        // Pods keep their finalizer: the status tracking counts them (as failed, for a failure).
        PodDeletion.Reason reason =
            JobConditionList.SUCCESS_CRITERIA_MET.equals(finished.getType())
                ? PodDeletion.Reason.JOB_SUCCEEDED
                : PodDeletion.Reason.JOB_FAILED;
        for (Pod pod : activePods) {
          delete(pod, reason, false);
        }
        if (!input.expectationsSatisfied()) {
          // Pods may be missing from the cache: not finished yet.
          finished = null;
        }
      } else if (input.expectationsSatisfied()
          && job.getMetadata().getDeletionTimestamp() == null) {
        managePods(backoff);
        manageCalled = true;
      }

      Decided decided =
          new Decided(
              job,
              status,
              trackingOrder(job, pods),
              now,
              Set.copyOf(uncountedSucceeded),
              Set.copyOf(uncountedFailed),
              input.finalizerRemovalsInFlight(),
              finished,
              finishing,
              manageCalled,
              active,
              ready,
              terminating,
              succeeded,
              previousSucceededIndexes,
              succeededIndexes,
              failedIndexes,
              Map.copyOf(delayedDeletion),
              creations.size(),
              List.copyOf(deletions),
              input.backoff(),
              backoff);
      return JobSyncResult.synced(
          creations, deletions, Optional.ofNullable(requeue), decided, options);
    }

    /** Upstream's {@code manageJob}: suspend, scale down, or create what is missing. */
    private void managePods(PodBackoffRecord backoff) {
      if (JobSpecs.suspended(job)) {
        for (Removal removal : podsForRemoval(activePods.size())) {
          delete(removal.pod(), PodDeletion.Reason.SUSPENDED, true);
        }
        return;
      }
      int parallelism = JobSpecs.parallelism(job);
      int wantActive;
      Optional<Integer> completions = JobSpecs.completions(job);
      if (completions.isEmpty()) {
        // A work queue: once a pod succeeded, whatever runs is left to finish; no new pods.
        wantActive = succeeded > 0 ? active : parallelism;
      } else {
        wantActive = Math.max(0, Math.min(completions.get() - succeeded, parallelism));
      }
      List<Removal> removals = podsForRemoval(Math.max(0, active - wantActive));
      if (removals.size() > options.maxPodCreateDeletePerSync()) {
        removals = removals.subList(0, options.maxPodCreateDeletePerSync());
      }
      if (!removals.isEmpty()) {
        // A sync deletes or creates, never both; deleting comes first.
        for (Removal removal : removals) {
          delete(removal.pod(), removal.reason(), true);
        }
        return;
      }
      int blockedByTerminating = JobSpecs.onlyReplaceFailedPods(job) ? terminating : 0;
      int missing = wantActive - blockedByTerminating - active;
      if (missing <= 0) {
        return;
      }
      if (!JobSpecs.hasBackoffLimitPerIndex(job)) {
        Duration wait = PodBackoff.remaining(backoff, now, options);
        if (wait.isPositive()) {
          requeueAt(max(wait, options.syncBatchPeriod()));
          return;
        }
      }
      missing = Math.min(missing, options.maxPodCreateDeletePerSync());
      if (!JobSpecs.isIndexed(job)) {
        for (int i = 0; i < missing; i++) {
          creations.add(JobPodFactory.newPod(job, CompletionIndexes.UNKNOWN, null));
        }
        active += missing;
        return;
      }
      List<Integer> indexes = firstPendingIndexes(missing, JobSpecs.indexCount(job));
      if (JobSpecs.hasBackoffLimitPerIndex(job)) {
        List<Integer> ready = new ArrayList<>();
        Duration soonest = null;
        for (int index : indexes) {
          Duration wait = PodBackoff.remainingForIndex(delayedDeletion.get(index), now, options);
          if (wait.isZero()) {
            ready.add(index);
          } else if (soonest == null || wait.compareTo(soonest) < 0) {
            soonest = wait;
          }
        }
        if (ready.isEmpty() && soonest != null) {
          requeueAt(max(soonest, options.syncBatchPeriod()));
          return;
        }
        indexes = ready;
      }
      for (int index : indexes) {
        creations.add(JobPodFactory.newPod(job, index, delayedDeletion.get(index)));
      }
      active += indexes.size();
    }

    private record Removal(Pod pod, PodDeletion.Reason reason) {}

    /**
     * Upstream's {@code activePodsForRemoval}: for an Indexed Job every pod without a valid index
     * and all but the best pod of each repeated index; then, if that is fewer than {@code atLeast},
     * the first active pods in {@link ActivePodOrder}.
     */
    private List<Removal> podsForRemoval(int atLeast) {
      List<Removal> removals = new ArrayList<>();
      List<Pod> left = new ArrayList<>();
      PodDeletion.Reason excess =
          JobSpecs.suspended(job) ? PodDeletion.Reason.SUSPENDED : PodDeletion.Reason.EXCESS;
      if (JobSpecs.isIndexed(job)) {
        int completions = JobSpecs.indexCount(job);
        Map<Integer, List<Pod>> byIndex = new java.util.TreeMap<>();
        for (Pod pod : activePods) {
          int index = CompletionIndexes.of(pod);
          if (index == CompletionIndexes.UNKNOWN || index >= completions) {
            removals.add(new Removal(pod, PodDeletion.Reason.INVALID_INDEX));
          } else {
            byIndex.computeIfAbsent(index, i -> new ArrayList<>()).add(pod);
          }
        }
        for (List<Pod> same : byIndex.values()) {
          List<Pod> ordered = new ArrayList<>(same);
          ordered.sort(ActivePodOrder.INSTANCE);
          for (int i = 0; i < ordered.size() - 1; i++) {
            removals.add(new Removal(ordered.get(i), PodDeletion.Reason.DUPLICATE_INDEX));
          }
          left.add(ordered.getLast());
        }
      } else {
        left.addAll(activePods);
      }
      if (removals.size() < atLeast) {
        left.sort(ActivePodOrder.INSTANCE);
        for (Pod pod : left.subList(0, atLeast - removals.size())) {
          removals.add(new Removal(pod, excess));
        }
      }
      return removals;
    }

    private void delete(Pod pod, PodDeletion.Reason reason, boolean removeFinalizerFirst) {
      deletions.add(new PodDeletion(pod, reason, removeFinalizerFirst));
      active--;
      terminating++;
      if (JobPods.isReady(pod)) {
        ready--;
      }
    }

    /**
     * The lowest indexes not active, succeeded, failed, nor (when only failed pods are replaced)
     * held by a terminating pod.
     */
    private List<Integer> firstPendingIndexes(int count, int completions) {
      List<Integer> taken = new ArrayList<>();
      for (Pod pod : activePods) {
        addIndex(taken, pod);
      }
      OrderedIntervals nonPending = succeededIndexes.with(taken);
      if (JobSpecs.onlyReplaceFailedPods(job)) {
        List<Integer> terminatingIndexes = new ArrayList<>();
        for (Pod pod : pods) {
          if (JobPods.isTerminating(pod)) {
            addIndex(terminatingIndexes, pod);
          }
        }
        nonPending = nonPending.with(terminatingIndexes);
      }
      if (failedIndexes != null) {
        nonPending = nonPending.merge(failedIndexes);
      }
      List<Integer> result = new ArrayList<>();
      int candidate = 0;
      for (OrderedIntervals.Interval interval : nonPending.intervals()) {
        while (candidate < completions && result.size() < count && candidate < interval.first()) {
          result.add(candidate++);
        }
        candidate = Math.max(candidate, interval.last() + 1);
      }
      while (candidate < completions && result.size() < count) {
        result.add(candidate++);
      }
      return result;
    }

    private void addIndex(List<Integer> indexes, Pod pod) {
      int index = CompletionIndexes.of(pod);
      if (index != CompletionIndexes.UNKNOWN) {
        indexes.add(index);
      }
    }

    /** Indexes in {@code status.failedIndexes} plus those whose pod just failed for good. */
    private OrderedIntervals failedIndexes(int completions) {
      OrderedIntervals previous =
          status.getFailedIndexes() == null
              ? OrderedIntervals.EMPTY
              : OrderedIntervals.parse(status.getFailedIndexes(), completions);
      List<Integer> newlyFailed = new ArrayList<>();
      for (Pod pod : pods) {
        if (CompletionIndexes.hasValidIndex(pod, completions)
            && JobPods.hasTrackingFinalizer(pod)
            && isIndexFailed(pod)) {
          newlyFailed.add(CompletionIndexes.of(pod));
        }
      }
      return previous.with(newlyFailed);
    }

    // A FailIndex rule fails the index at once; a counted failure does once the index has used up
    // backoffLimitPerIndex.
    private boolean isIndexFailed(Pod pod) {
      if (!JobPods.isFailed(pod, job)) {
        return false;
      }
      PodFailurePolicies.Match match = PodFailurePolicies.match(failurePolicy(), pod);
      if (match.isFailIndex()) {
        return true;
      }
      return match.countsFailure()
          && CompletionIndexes.failureCount(pod) >= JobSpecs.spec(job).getBackoffLimitPerIndex();
    }

    /**
     * Per index not active, succeeded or failed: its last failed pod, kept (with its finalizer)
     * until the replacement pod exists, so the replacement can carry the failure counts on.
     */
    private Map<Integer, Pod> podsWithDelayedDeletion(int completions) {
      Set<Integer> activeIndexes = new HashSet<>();
      for (Pod pod : activePods) {
        activeIndexes.add(CompletionIndexes.of(pod));
      }
      Map<Integer, Pod> delayed = new HashMap<>();
      for (Pod pod : pods) {
        if (!JobPods.hasTrackingFinalizer(pod)
            || input.finalizerRemovalsInFlight().contains(JobPods.uid(pod))
            || !CompletionIndexes.hasValidIndex(pod, completions)
            || !JobPods.isFailed(pod, job)) {
          continue;
        }
        int index = CompletionIndexes.of(pod);
        if (succeededIndexes.has(index)
            || failedIndexes.has(index)
            || activeIndexes.contains(index)) {
          continue;
        }
        Pod last = delayed.get(index);
        if (last == null
            || (CompletionIndexes.absoluteFailureCount(last)
                    <= CompletionIndexes.absoluteFailureCount(pod)
                && !JobPods.finishedTime(pod).isBefore(JobPods.finishedTime(last)))) {
          delayed.put(index, pod);
        }
      }
      return delayed;
    }

    /**
     * Pods that finished since the last count: they still carry the finalizer, are not recorded in
     * {@code uncounted} yet, and (Indexed) have a valid index.
     */
    private List<Pod> uncountedPods(Set<String> uncounted, Predicate<Pod> filter) {
      List<Pod> result = new ArrayList<>();
      for (Pod pod : pods) {
        String uid = JobPods.uid(pod);
        if (!JobPods.hasTrackingFinalizer(pod)
            || uncounted.contains(uid)
            || input.finalizerRemovalsInFlight().contains(uid)) {
          continue;
        }
        if (JobSpecs.isIndexed(job)
            && !CompletionIndexes.hasValidIndex(pod, JobSpecs.indexCount(job))) {
          continue;
        }
        if (filter.test(pod)) {
          result.add(pod);
        }
      }
      return result;
    }

    private int countedFailures(List<Pod> failedPods) {
      if (failurePolicy() == null) {
        return failedPods.size();
      }
      int counted = 0;
      for (Pod pod : failedPods) {
        if (PodFailurePolicies.match(failurePolicy(), pod).countsFailure()) {
          counted++;
        }
      }
      return counted;
    }

    private Optional<String> failJobMessage() {
      if (failurePolicy() == null) {
        return Optional.empty();
      }
      for (Pod pod : pods) {
        if (JobPods.isFailed(pod, job)) {
          Optional<String> message =
              PodFailurePolicies.match(failurePolicy(), pod).failJobMessage();
          if (message.isPresent()) {
            return message;
          }
        }
      }
      return Optional.empty();
    }

    // restartPolicy OnFailure: container restarts of running and pending pods count as failures.
    private boolean pastBackoffLimitOnFailure() {
      if (!"OnFailure".equals(JobSpecs.restartPolicy(job))) {
        return false;
      }
      int restarts = 0;
      for (Pod pod : pods) {
        String phase = JobPods.phase(pod);
        if (JobPods.RUNNING.equals(phase) || JobPods.PENDING.equals(phase)) {
          restarts += JobPods.restartCount(pod);
        }
      }
      int limit = JobSpecs.backoffLimit(job);
      return limit == 0 ? restarts > 0 : restarts >= limit;
    }

    private boolean pastActiveDeadline() {
      Long seconds = JobSpecs.spec(job).getActiveDeadlineSeconds();
      Instant start = Times.parse(status.getStartTime());
      if (seconds == null || start == null || JobSpecs.suspended(job)) {
        return false;
      }
      return Duration.between(start, now).compareTo(Duration.ofSeconds(seconds)) >= 0;
    }

    private Duration deadlineRemaining() {
      Instant start = Times.parse(status.getStartTime());
      Duration allowed = Duration.ofSeconds(JobSpecs.spec(job).getActiveDeadlineSeconds());
      return start == null ? allowed : allowed.minus(Duration.between(start, now));
    }

    private JobCondition failureTarget(String reason, String message) {
      return JobConditionList.condition(JobConditionList.FAILURE_TARGET, reason, message, now);
    }

    private PodFailurePolicy failurePolicy() {
      return JobSpecs.spec(job).getPodFailurePolicy();
    }

    private void requeueAt(Duration delay) {
      if (requeue == null || delay.compareTo(requeue) < 0) {
        requeue = delay;
      }
    }
  }

  // Indexed Jobs count completed indexes in ascending order (a stable sort keeps the rest as is).
  private static List<Pod> trackingOrder(Job job, List<Pod> pods) {
    if (!JobSpecs.isIndexed(job)) {
      return pods;
    }
    return List.copyOf(byIndex(pods));
  }

  private static boolean isSucceeded(Pod pod) {
    return JobPods.SUCCEEDED.equals(JobPods.phase(pod));
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static int nz(Integer value) {
    return value == null ? 0 : value;
  }

  /** A deep copy with {@code uncountedTerminatedPods} and its lists present. */
  static JobStatus copyStatus(JobStatus status) {
    JobStatus copy = status == null ? new JobStatus() : new JobStatusBuilder(status).build();
    UncountedTerminatedPods uncounted = copy.getUncountedTerminatedPods();
    if (uncounted == null) {
      uncounted = new UncountedTerminatedPods();
      copy.setUncountedTerminatedPods(uncounted);
    }
    uncounted.setSucceeded(
        uncounted.getSucceeded() == null
            ? new ArrayList<>()
            : new ArrayList<>(uncounted.getSucceeded()));
    uncounted.setFailed(
        uncounted.getFailed() == null ? new ArrayList<>() : new ArrayList<>(uncounted.getFailed()));
    if (copy.getConditions() != null) {
      copy.setConditions(new ArrayList<>(copy.getConditions()));
    }
    return copy;
  }
}
