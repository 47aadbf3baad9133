package io.batchd.controller.job;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * A pod the reconciler deletes.
 *
 * @param removeFinalizerFirst remove the tracking finalizer before the DELETE, so the pod is never
 *     counted: true for pods the Job no longer wants (excess, suspend, bad or repeated index);
 *     false when the Job is finishing, where the pod keeps its finalizer and is counted by the
 *     status tracking (as failed, unless the Job met its success criteria)
 */
public record PodDeletion(Pod pod, Reason reason, boolean removeFinalizerFirst) {

  /** Why the pod goes. */
  public enum Reason {
    /** More pods are active than the Job wants (parallelism or remaining completions). */
    EXCESS,
    /** The Job is suspended. */
    SUSPENDED,
    /** An Indexed Job's pod without a valid index, or with one at or beyond completions. */
    INVALID_INDEX,
    /** A second active pod for the same index of an Indexed Job. */
    DUPLICATE_INDEX,
    /**
     * The Job reached a failure condition (backoff limit, deadline, FailJob rule, failed indexes).
     */
    JOB_FAILED,
    /** The Job met its success policy; the lingering pods are stopped, not counted. */
    JOB_SUCCEEDED
  }
}
