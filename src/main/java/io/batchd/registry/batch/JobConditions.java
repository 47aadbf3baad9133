package io.batchd.registry.batch;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.List;

/** Reads a Job's status conditions the way upstream's validation helpers do. */
final class JobConditions {
  static final String COMPLETE = "Complete";
  static final String FAILED = "Failed";
  static final String FAILURE_TARGET = "FailureTarget";
  static final String SUCCESS_CRITERIA_MET = "SuccessCriteriaMet";
  static final String SUSPENDED = "Suspended";

  private JobConditions() {}

  static boolean isTrue(Job job, String type) {
    return has(job, type, "True");
  }

  static boolean isFalse(Job job, String type) {
    return has(job, type, "False");
  }

  static boolean isComplete(Job job) {
    return isTrue(job, COMPLETE);
  }

  static boolean isFailed(Job job) {
    return isTrue(job, FAILED);
  }

  /** Complete or Failed: the Job will not run again. */
  static boolean isFinished(Job job) {
    return isComplete(job) || isFailed(job);
  }

  private static boolean has(Job job, String type, String status) {
    List<JobCondition> conditions =
        job.getStatus() == null || job.getStatus().getConditions() == null
            ? List.of()
            : job.getStatus().getConditions();
    return conditions.stream()
        .anyMatch(c -> type.equals(c.getType()) && status.equals(c.getStatus()));
  }
}
