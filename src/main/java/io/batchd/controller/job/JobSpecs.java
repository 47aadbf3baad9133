package io.batchd.controller.job;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import java.util.Optional;

/**
 * The Job spec as the controller reads it. The API server defaults every field before the
 * controller sees a Job; the fallbacks here are the same defaults, so that a Job built by hand in a
 * test or written by an older server is read the same way.
 */
final class JobSpecs {
  static final String INDEXED = "Indexed";
  static final String NON_INDEXED = "NonIndexed";
  static final String BUILT_IN_CONTROLLER = "kubernetes.io/job-controller";

  private JobSpecs() {}

  static JobSpec spec(Job job) {
    return job.getSpec() == null ? new JobSpec() : job.getSpec();
  }

  static boolean isIndexed(Job job) {
    return INDEXED.equals(spec(job).getCompletionMode());
  }

  static boolean hasKnownCompletionMode(Job job) {
    String mode = spec(job).getCompletionMode();
    return mode == null || INDEXED.equals(mode) || NON_INDEXED.equals(mode);
  }

  static int parallelism(Job job) {
    Integer parallelism = spec(job).getParallelism();
    return parallelism == null ? 1 : parallelism;
  }

  /** {@code spec.completions}; empty for a work-queue Job. */
  static Optional<Integer> completions(Job job) {
    return Optional.ofNullable(spec(job).getCompletions());
  }

  /** The number of indexes of an Indexed Job (validation requires completions there). */
  static int indexCount(Job job) {
    return completions(job).orElse(0);
  }

  static int backoffLimit(Job job) {
    Integer limit = spec(job).getBackoffLimit();
    if (limit != null) {
      return limit;
    }
    return hasBackoffLimitPerIndex(job) ? Integer.MAX_VALUE : 6;
  }

  static boolean hasBackoffLimitPerIndex(Job job) {
    return spec(job).getBackoffLimitPerIndex() != null;
  }

  static boolean suspended(Job job) {
    return Boolean.TRUE.equals(spec(job).getSuspend());
  }

  static boolean hasPodFailurePolicy(Job job) {
    return spec(job).getPodFailurePolicy() != null;
  }

  /**
   * Whether terminating pods wait to become Failed before they are replaced: podReplacementPolicy
   * Failed, which a podFailurePolicy implies.
   */
  static boolean onlyReplaceFailedPods(Job job) {
    return "Failed".equals(spec(job).getPodReplacementPolicy()) || hasPodFailurePolicy(job);
  }

  /** The other controller named in {@code spec.managedBy}, if the Job is not ours. */
  static Optional<String> externalController(Job job) {
    String managedBy = spec(job).getManagedBy();
    return managedBy == null || BUILT_IN_CONTROLLER.equals(managedBy)
        ? Optional.empty()
        : Optional.of(managedBy);
  }

  static String restartPolicy(Job job) {
    JobSpec spec = spec(job);
    if (spec.getTemplate() == null || spec.getTemplate().getSpec() == null) {
      return null;
    }
    return spec.getTemplate().getSpec().getRestartPolicy();
  }
}
