package io.batchd.controller.job;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;

/** The completion index of a pod of an Indexed Job and the per-index failure counts it carries. */
final class CompletionIndexes {
  static final String INDEX_KEY = "batch.kubernetes.io/job-completion-index";
  static final String FAILURE_COUNT_KEY = "batch.kubernetes.io/job-index-failure-count";
  static final String IGNORED_FAILURE_COUNT_KEY =
      "batch.kubernetes.io/job-index-ignored-failure-count";
  static final String ENV_NAME = "JOB_COMPLETION_INDEX";

  /** What upstream's API server allows for a generated name's prefix (63 less 5 random chars). */
  static final int MAX_GENERATED_NAME_LENGTH = 58;

  static final int UNKNOWN = -1;

  private CompletionIndexes() {}

  /** The pod's index from its annotation, or {@link #UNKNOWN} if missing, malformed or negative. */
  static int of(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    if (annotations == null) {
      return UNKNOWN;
    }
    Long value = atoi(annotations.get(INDEX_KEY));
    if (value == null || value < 0 || value > Integer.MAX_VALUE) {
      return UNKNOWN;
    }
    return value.intValue();
  }

  /** Whether the pod has an index within {@code [0, completions)}. */
  static boolean hasValidIndex(Pod pod, int completions) {
    int index = of(pod);
    return index != UNKNOWN && index < completions;
  }

  /** Counted failures so far in the pod's index; a malformed or negative value reads as 0. */
  static int failureCount(Pod pod) {
    return count(pod, FAILURE_COUNT_KEY);
  }

  static int ignoredFailureCount(Pod pod) {
    return count(pod, IGNORED_FAILURE_COUNT_KEY);
  }

  /** Counted plus ignored failures: what the per-index backoff delay grows with. */
  static int absoluteFailureCount(Pod pod) {
    return failureCount(pod) + ignoredFailureCount(pod);
  }

  /**
   * {@code <job>-<index>-}, with the job name cut so that the prefix fits the generated-name limit.
   */
  static String generateName(String jobName, int index) {
    String suffix = "-" + index + "-";
    String prefix = jobName + suffix;
    if (prefix.length() > MAX_GENERATED_NAME_LENGTH) {
      prefix = prefix.substring(0, MAX_GENERATED_NAME_LENGTH - suffix.length()) + suffix;
    }
    return prefix;
  }

  private static int count(Pod pod, String key) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    if (annotations == null) {
      return 0;
    }
    Long value = atoi(annotations.get(key));
    if (value == null || value < 0 || value > Integer.MAX_VALUE) {
      return 0;
    }
    return value.intValue();
  }

  private static Long atoi(String s) {
    return GoAtoi.parseLong(s);
  }
}
