package io.batchd.registry.batch;

import io.batchd.api.errors.FieldError;
import io.batchd.api.validation.FieldErrors;
import io.batchd.api.validation.FieldPath;
import io.batchd.api.validation.GoValue;
import io.batchd.api.validation.GoValues;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.UncountedTerminatedPods;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A Job's status on a {@code /status} write (upstream's {@code validateJobStatus} and {@code
 * ValidateJobStatusUpdate}): counters non-negative and {@code failed} (and mostly {@code
 * succeeded}) never decreasing; uncounted pod uids non-empty and distinct; terminal conditions
 * consistent and permanent; completion and start times consistent with them; completed and failed
 * indexes well formed, in range and disjoint. {@link JobStatusValidationOptions} decides which
 * rules a given write is held to.
 */
final class JobStatusValidation {
  private static final FieldPath STATUS = FieldPath.of("status");
  private static final FieldPath CONDITIONS = STATUS.child("conditions");

  private JobStatusValidation() {}

  static List<FieldError> validateUpdate(Job job, Job oldJob, JobStatusValidationOptions opts) {
    List<FieldError> errs = new ArrayList<>(validateStatus(job, opts));
    JobStatus n = status(job);
    JobStatus o = status(oldJob);
    for (String type :
        List.of(JobConditions.FAILED, JobConditions.COMPLETE, JobConditions.FAILURE_TARGET)) {
      if (JobConditions.isTrue(oldJob, type) && !JobConditions.isTrue(job, type)) {
        errs.add(
            FieldErrors.invalidOmittingValue(
                CONDITIONS, "cannot disable the terminal " + type + "=True condition"));
      }
    }
    if (orZero(n.getFailed()) < orZero(o.getFailed())) {
      errs.add(
          FieldError.invalid(
              STATUS.child("failed").toString(),
              orZero(n.getFailed()),
              "cannot decrease the failed counter"));
    }
    if (opts.rejectDecreasingSucceededCounter()
        && orZero(n.getSucceeded()) < orZero(o.getSucceeded())) {
      errs.add(
          FieldError.invalid(
              STATUS.child("succeeded").toString(),
              orZero(n.getSucceeded()),
              "cannot decrease the succeeded counter"));
    }
    // Only a change of a set completionTime is refused; clearing it is judged by the rules above.
    if (n.getCompletionTime() != null
        && o.getCompletionTime() != null
        && !sameTime(n.getCompletionTime(), o.getCompletionTime())) {
      errs.add(
          FieldError.invalid(
              STATUS.child("completionTime").toString(),
              GoValues.time(n.getCompletionTime()),
              "completionTime cannot be mutated"));
    }
    if (opts.rejectStartTimeUpdateForUnsuspendedJob()
        && o.getStartTime() != null
        && !sameTime(o.getStartTime(), n.getStartTime())
        && !Boolean.TRUE.equals(job.getSpec().getSuspend())) {
      errs.add(
          FieldError.required(
              STATUS.child("startTime").toString(),
              "startTime cannot be removed for unsuspended job"));
    }
    if (JobConditions.isTrue(oldJob, JobConditions.SUCCESS_CRITERIA_MET)
        && !JobConditions.isTrue(job, JobConditions.SUCCESS_CRITERIA_MET)) {
      errs.add(
          FieldErrors.invalidOmittingValue(
              CONDITIONS, "cannot disable the SuccessCriteriaMet=True condition"));
    }
    if (JobConditions.isComplete(oldJob)
        && !JobConditions.isTrue(oldJob, JobConditions.SUCCESS_CRITERIA_MET)
        && JobConditions.isTrue(job, JobConditions.SUCCESS_CRITERIA_MET)) {
      errs.add(
          FieldErrors.invalidOmittingValue(
              CONDITIONS,
              "cannot set SuccessCriteriaMet=True for Job already has Complete=true conditions"));
    }
    return errs;
  }

  private static List<FieldError> validateStatus(Job job, JobStatusValidationOptions opts) {
    List<FieldError> errs = new ArrayList<>();
    JobStatus s = status(job);
    errs.addAll(FieldErrors.nonNegative(orZero(s.getActive()), STATUS.child("active")));
    errs.addAll(FieldErrors.nonNegative(orZero(s.getSucceeded()), STATUS.child("succeeded")));
    errs.addAll(FieldErrors.nonNegative(orZero(s.getFailed()), STATUS.child("failed")));
    if (s.getReady() != null) {
      errs.addAll(FieldErrors.nonNegative(s.getReady(), STATUS.child("ready")));
    }
    if (s.getTerminating() != null) {
      errs.addAll(FieldErrors.nonNegative(s.getTerminating(), STATUS.child("terminating")));
    }
    errs.addAll(validateUncounted(s.getUncountedTerminatedPods()));

    boolean complete = JobConditions.isComplete(job);
    boolean failed = JobConditions.isFailed(job);
    boolean failureTarget = JobConditions.isTrue(job, JobConditions.FAILURE_TARGET);
    boolean successCriteriaMet = JobConditions.isTrue(job, JobConditions.SUCCESS_CRITERIA_MET);
    boolean finished = complete || failed;
    if (opts.rejectCompleteJobWithFailedCondition() && complete && failed) {
      errs.add(conditions("cannot set Complete=True and Failed=true conditions"));
    }
    if (opts.rejectCompleteJobWithFailureTargetCondition() && complete && failureTarget) {
      errs.add(conditions("cannot set Complete=True and FailureTarget=true conditions"));
    }
    if (opts.rejectNotCompleteJobWithCompletionTime()
        && s.getCompletionTime() != null
        && !complete) {
      errs.add(
          FieldError.invalid(
              STATUS.child("completionTime").toString(),
              GoValues.time(s.getCompletionTime()),
              "cannot set completionTime when there is no Complete=True condition"));
    }
    if (opts.rejectCompleteJobWithoutCompletionTime()
        && s.getCompletionTime() == null
        && complete) {
      errs.add(
          FieldError.required(
              STATUS.child("completionTime").toString(),
              "completionTime is required for Complete jobs"));
    }
    if (opts.rejectCompletionTimeBeforeStartTime()
        && s.getStartTime() != null
        && s.getCompletionTime() != null
        && before(s.getCompletionTime(), s.getStartTime())) {
      errs.add(
          FieldError.invalid(
              STATUS.child("completionTime").toString(),
              GoValues.time(s.getCompletionTime()),
              "completionTime cannot be set before startTime"));
    }
    if (opts.rejectFailedJobWithoutFailureTarget() && failed && !failureTarget) {
      errs.add(
          conditions("cannot set Failed=True condition without the FailureTarget=true condition"));
    }
    if (opts.rejectCompleteJobWithoutSuccessCriteriaMet() && complete && !successCriteriaMet) {
      errs.add(
          conditions(
              "cannot set Complete=True condition without the SuccessCriteriaMet=true condition"));
    }
    if (opts.rejectFinishedJobWithActivePods() && orZero(s.getActive()) > 0 && finished) {
      errs.add(
          FieldError.invalid(
              STATUS.child("active").toString(),
              orZero(s.getActive()),
              "active>0 is invalid for finished job"));
    }
    if (opts.rejectFinishedJobWithoutStartTime() && s.getStartTime() == null && finished) {
      errs.add(
          FieldError.required(
              STATUS.child("startTime").toString(), "startTime is required for finished job"));
    }
    UncountedTerminatedPods uncounted = s.getUncountedTerminatedPods();
    if (opts.rejectFinishedJobWithUncountedTerminatedPods()
        && finished
        && uncounted != null
        && (size(uncounted.getFailed()) + size(uncounted.getSucceeded()) > 0)) {
      errs.add(
          FieldError.invalid(
              STATUS.child("uncountedTerminatedPods").toString(),
              renderUncounted(uncounted),
              "uncountedTerminatedPods needs to be empty for finished job"));
    }
    errs.addAll(validateIndexes(job, s, opts));
    if (opts.rejectFinishedJobWithTerminatingPods()
        && s.getTerminating() != null
        && s.getTerminating() > 0
        && finished) {
      errs.add(
          FieldError.invalid(
              STATUS.child("terminating").toString(),
              s.getTerminating(),
              "terminating>0 is invalid for finished job"));
    }
    if (opts.rejectMoreReadyThanActivePods()
        && s.getReady() != null
        && s.getReady() > orZero(s.getActive())) {
      errs.add(
          FieldError.invalid(
              STATUS.child("ready").toString(),
              s.getReady(),
              "cannot set more ready pods than active"));
    }
    if (successCriteriaMet && failed) {
      errs.add(conditions("cannot set SuccessCriteriaMet=True and Failed=true conditions"));
    }
    if (successCriteriaMet && failureTarget) {
      errs.add(conditions("cannot set SuccessCriteriaMet=True and FailureTarget=true conditions"));
    }
    if (job.getSpec().getSuccessPolicy() != null && !successCriteriaMet && complete) {
      errs.add(
          conditions(
              "cannot set Complete=True for Job with SuccessPolicy unless SuccessCriteriaMet=True"));
    }
    return errs;
  }

  private static List<FieldError> validateIndexes(
      Job job, JobStatus s, JobStatusValidationOptions opts) {
    List<FieldError> errs = new ArrayList<>();
    Integer completions = job.getSpec().getCompletions();
    String completed = s.getCompletedIndexes() == null ? "" : s.getCompletedIndexes();
    String failedIndexes = s.getFailedIndexes();
    if (opts.rejectInvalidCompletedIndexes() && completions != null) {
      IndexIntervals.Result r = IndexIntervals.parse(completed, completions);
      if (!r.ok()) {
        errs.add(
            FieldError.invalid(
                STATUS.child("completedIndexes").toString(),
                completed,
                "error parsing completedIndexes: " + r.error()));
      }
    }
    if (opts.rejectInvalidFailedIndexes()
        && completions != null
        && job.getSpec().getBackoffLimitPerIndex() != null
        && failedIndexes != null) {
      IndexIntervals.Result r = IndexIntervals.parse(failedIndexes, completions);
      if (!r.ok()) {
        errs.add(
            FieldError.invalid(
                STATUS.child("failedIndexes").toString(),
                failedIndexes,
                "error parsing failedIndexes: " + r.error()));
      }
    }
    boolean indexed = "Indexed".equals(job.getSpec().getCompletionMode());
    if (opts.rejectCompletedIndexesForNonIndexedJob() && !completed.isEmpty() && !indexed) {
      errs.add(
          FieldError.invalid(
              STATUS.child("completedIndexes").toString(),
              completed,
              "cannot set non-empty completedIndexes when non-indexed completion mode"));
    }
    // A NonIndexed Job never has backoffLimitPerIndex, so this also keeps it without failedIndexes.
    if (opts.rejectFailedIndexesForNoBackoffLimitPerIndex()
        && job.getSpec().getBackoffLimitPerIndex() == null
        && failedIndexes != null) {
      errs.add(
          FieldError.invalid(
              STATUS.child("failedIndexes").toString(),
              failedIndexes,
              "cannot set non-null failedIndexes when backoffLimitPerIndex is null"));
    }
    if (opts.rejectFailedIndexesOverlappingCompleted()
        && completions != null
        && failedIndexes != null) {
      Optional<String> overlap = IndexIntervals.overlap(completed, failedIndexes, completions);
      overlap.ifPresent(
          msg ->
              errs.add(
                  FieldError.invalid(
                      STATUS.child("failedIndexes").toString(), failedIndexes, msg)));
    }
    return errs;
  }

  private static List<FieldError> validateUncounted(UncountedTerminatedPods uncounted) {
    List<FieldError> errs = new ArrayList<>();
    if (uncounted == null) {
      return errs;
    }
    FieldPath path = STATUS.child("uncountedTerminatedPods");
    // One set across both lists: a pod is either succeeded or failed, never both.
    Set<String> seen = new HashSet<>();
    checkUids(uncounted.getSucceeded(), path.child("succeeded"), seen, errs);
    checkUids(uncounted.getFailed(), path.child("failed"), seen, errs);
    return errs;
  }

  private static void checkUids(
      List<String> uids, FieldPath path, Set<String> seen, List<FieldError> errs) {
    if (uids == null) {
      return;
    }
    for (int i = 0; i < uids.size(); i++) {
      String uid = uids.get(i) == null ? "" : uids.get(i);
      if (uid.isEmpty()) {
        errs.add(FieldError.invalid(path.index(i).toString(), uid, "must not be empty"));
      } else if (!seen.add(uid)) {
        errs.add(FieldError.duplicate(path.index(i).toString(), uid));
      }
    }
  }

  // Go's %#v of the struct; it holds no pointers, so the rendering is exact.
  private static GoValue renderUncounted(UncountedTerminatedPods u) {
    return new GoValue(
        "batch.UncountedTerminatedPods{Succeeded:"
            + uids(u.getSucceeded())
            + ", Failed:"
            + uids(u.getFailed())
            + "}");
  }

  private static String uids(List<String> uids) {
    if (uids == null || uids.isEmpty()) {
      return "[]types.UID(nil)";
    }
    return uids.stream()
        .map(uid -> GoValues.quote(uid == null ? "" : uid))
        .collect(Collectors.joining(", ", "[]types.UID{", "}"));
  }

  private static FieldError conditions(String detail) {
    return FieldErrors.invalidOmittingValue(CONDITIONS, detail);
  }

  /** Whether two RFC 3339 times (either possibly absent) denote the same instant. */
  static boolean sameTime(String a, String b) {
    return Objects.equals(instant(a), instant(b));
  }

  private static boolean before(String a, String b) {
    Object x = instant(a);
    Object y = instant(b);
    return x instanceof Instant i && y instanceof Instant j && i.isBefore(j);
  }

  private static Object instant(String time) {
    if (time == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(time).toInstant();
    } catch (DateTimeParseException e) {
      return time;
    }
  }

  private static JobStatus status(Job job) {
    return job.getStatus() == null ? new JobStatus() : job.getStatus();
  }

  private static int orZero(Integer i) {
    return i == null ? 0 : i;
  }

  private static int size(List<?> list) {
    return list == null ? 0 : list.size();
  }
}
