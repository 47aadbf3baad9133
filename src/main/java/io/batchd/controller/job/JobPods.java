package io.batchd.controller.job;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the Job controller reads from a pod: its phase, readiness, finalizer, owner, finish time.
 */
final class JobPods {
  static final String TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";
  static final String SUCCEEDED = "Succeeded";
  static final String FAILED = "Failed";
  static final String RUNNING = "Running";
  static final String PENDING = "Pending";

  private JobPods() {}

  static String uid(Pod pod) {
    return pod.getMetadata().getUid();
  }

  static String phase(Pod pod) {
    return pod.getStatus() == null ? null : pod.getStatus().getPhase();
  }

  static boolean isTerminal(Pod pod) {
    String phase = phase(pod);
    return SUCCEEDED.equals(phase) || FAILED.equals(phase);
  }

  static boolean isDeleting(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() != null;
  }

  /** Neither terminal nor being deleted (upstream {@code controller.IsPodActive}). */
  static boolean isActive(Pod pod) {
    return !isTerminal(pod) && !isDeleting(pod);
  }

  /** Being deleted but not terminal yet (upstream {@code controller.IsPodTerminating}). */
  static boolean isTerminating(Pod pod) {
    return !isTerminal(pod) && isDeleting(pod);
  }

  static boolean isReady(Pod pod) {
    return condition(pod, "Ready").map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  static Optional<PodCondition> condition(Pod pod, String type) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst();
  }

  static boolean hasTrackingFinalizer(Pod pod) {
    List<String> finalizers = pod.getMetadata().getFinalizers();
    return finalizers != null && finalizers.contains(TRACKING_FINALIZER);
  }

  /**
   * Whether the pod counts as failed for this Job: phase Failed, or, when terminating pods are
   * replaced at once (no podFailurePolicy and podReplacementPolicy TerminatingOrFailed), any pod
   * being deleted that did not succeed. The second rule counts orphaned pods that never reach
   * Failed.
   */
  static boolean isFailed(Pod pod, Job job) {
    if (FAILED.equals(phase(pod))) {
      return true;
    }
    if (JobSpecs.onlyReplaceFailedPods(job)) {
      return false;
    }
    return isDeleting(pod) && !SUCCEEDED.equals(phase(pod));
  }

  static Optional<OwnerReference> controllerRef(Pod pod) {
    List<OwnerReference> refs = pod.getMetadata().getOwnerReferences();
    if (refs == null) {
      return Optional.empty();
    }
    return refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst();
  }

  static int restartCount(Pod pod) {
    if (pod.getStatus() == null) {
      return 0;
    }
    return sumRestarts(pod.getStatus().getInitContainerStatuses())
        + sumRestarts(pod.getStatus().getContainerStatuses());
  }

  static int maxContainerRestarts(Pod pod) {
    int max = 0;
    if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
      for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
        max = Math.max(max, Objects.requireNonNullElse(status.getRestartCount(), 0));
      }
    }
    return max;
  }

  private static int sumRestarts(List<ContainerStatus> statuses) {
    int sum = 0;
    if (statuses != null) {
      for (ContainerStatus status : statuses) {
        sum += Objects.requireNonNullElse(status.getRestartCount(), 0);
      }
    }
    return sum;
  }

  /**
   * When the pod finished, as upstream estimates it: the latest container finish time if every
   * container terminated; else the time Ready turned False; else the deletion time less the grace
   * period; else the creation time.
   */
  static Instant finishedTime(Pod pod) {
    Instant fromContainers = finishTimeFromContainers(pod);
    if (fromContainers != null) {
      return fromContainers;
    }
    Optional<PodCondition> ready = condition(pod, "Ready");
    if (ready.isPresent() && "False".equals(ready.get().getStatus())) {
      Instant transition = Times.parse(ready.get().getLastTransitionTime());
      if (transition != null) {
        return transition;
      }
    }
    Instant deletion = Times.parse(pod.getMetadata().getDeletionTimestamp());
    if (deletion != null) {
      long grace =
          Objects.requireNonNullElse(pod.getMetadata().getDeletionGracePeriodSeconds(), 0L);
      return deletion.minusSeconds(grace);
    }
    Instant created = Times.parse(pod.getMetadata().getCreationTimestamp());
    return created == null ? Instant.EPOCH : created;
  }

  private static Instant finishTimeFromContainers(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return null;
    }
    Instant latest = null;
    for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
      if (status.getState() == null || status.getState().getTerminated() == null) {
        return null;
      }
      Instant finished = Times.parse(status.getState().getTerminated().getFinishedAt());
      if (finished == null) {
        return null;
      }
      if (latest == null || latest.isBefore(finished)) {
        latest = finished;
      }
    }
    return latest;
  }
}
