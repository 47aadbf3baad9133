package io.batchd.controller.job;

import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The Job condition types and reasons the controller writes, and how it writes them. */
final class JobConditionList {
  static final String COMPLETE = "Complete";
  static final String FAILED = "Failed";
  static final String FAILURE_TARGET = "FailureTarget";
  static final String SUCCESS_CRITERIA_MET = "SuccessCriteriaMet";
  static final String SUSPENDED = "Suspended";

  static final String BACKOFF_LIMIT_EXCEEDED = "BackoffLimitExceeded";
  static final String DEADLINE_EXCEEDED = "DeadlineExceeded";
  static final String POD_FAILURE_POLICY = "PodFailurePolicy";
  static final String FAILED_INDEXES = "FailedIndexes";
  static final String MAX_FAILED_INDEXES_EXCEEDED = "MaxFailedIndexesExceeded";
  static final String SUCCESS_POLICY = "SuccessPolicy";
  static final String COMPLETIONS_REACHED = "CompletionsReached";

  private JobConditionList() {}

  static Optional<JobCondition> findTrue(JobStatus status, String type) {
    if (status == null || status.getConditions() == null) {
      return Optional.empty();
    }
    return status.getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }

  /** Complete or Failed is True: the Job will not run again and is not synced any more. */
  static boolean isFinished(JobStatus status) {
    return findTrue(status, COMPLETE).isPresent() || findTrue(status, FAILED).isPresent();
  }

  /** A condition as the controller writes it: probe and transition time both now. */
  static JobCondition condition(String type, String reason, String message, Instant now) {
    String time = Times.format(now);
    return new JobConditionBuilder()
        .withType(type)
        .withStatus("True")
        .withReason(emptyToNull(reason))
        .withMessage(emptyToNull(message))
        .withLastProbeTime(time)
        .withLastTransitionTime(time)
        .build();
  }

  /**
   * Sets the condition of {@code type} to the given status, reason and message, replacing it (with
   * fresh times) only if one of them differs. A condition that does not exist yet is not added with
   * status False. Returns whether the list changed.
   */
  static boolean ensure(
      JobStatus status, String type, String value, String reason, String message, Instant now) {
    List<JobCondition> conditions =
        status.getConditions() == null
            ? new ArrayList<>()
            : new ArrayList<>(status.getConditions());
    for (int i = 0; i < conditions.size(); i++) {
      JobCondition existing = conditions.get(i);
      if (type.equals(existing.getType())) {
        if (Objects.equals(existing.getStatus(), value)
            && Objects.equals(nullToEmpty(existing.getReason()), nullToEmpty(reason))
            && Objects.equals(nullToEmpty(existing.getMessage()), nullToEmpty(message))) {
          return false;
        }
        JobCondition replaced = condition(type, reason, message, now);
        replaced.setStatus(value);
        conditions.set(i, replaced);
        status.setConditions(conditions);
        return true;
      }
    }
    if ("False".equals(value)) {
      return false;
    }
    JobCondition added = condition(type, reason, message, now);
    added.setStatus(value);
    conditions.add(added);
    status.setConditions(conditions);
    return true;
  }

  static void append(JobStatus status, JobCondition condition) {
    List<JobCondition> conditions =
        status.getConditions() == null
            ? new ArrayList<>()
            : new ArrayList<>(status.getConditions());
    conditions.add(condition);
    status.setConditions(conditions);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
