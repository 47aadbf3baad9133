package io.batchd.controller.job;

import io.batchd.api.selectors.ApiLabelSelectors;
import io.batchd.api.selectors.LabelSelection;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which pods of a namespace belong to a Job (upstream's {@code ClaimPods} with the Job's selector):
 * pods it controls and its selector matches are its own; orphans its selector matches are adopted
 * (owner reference and tracking finalizer added); pods it controls that its selector no longer
 * matches are released (owner reference removed). Pure: the reconciler applies adoptions and
 * releases, re-reading the Job first to make sure it is not being deleted, as upstream does.
 */
public final class JobPodClaims {

  /**
   * @param owned pods controlled by the Job that its selector matches
   * @param toAdopt orphans to adopt: patch in {@link #controllerRef(Job)} and the tracking
   *     finalizer
   * @param toRelease pods controlled by the Job that its selector no longer matches
   */
  public record Claims(List<Pod> owned, List<Pod> toAdopt, List<Pod> toRelease) {
    public Claims {
      owned = List.copyOf(owned);
      toAdopt = List.copyOf(toAdopt);
      toRelease = List.copyOf(toRelease);
    }

    /** The pods to sync the Job with: its own and the adopted ones as they will look. */
    public List<Pod> podsForSync(Job job) {
      List<Pod> pods = new ArrayList<>(owned);
      for (Pod orphan : toAdopt) {
        pods.add(adopted(orphan, job));
      }
      return pods;
    }
  }

  private JobPodClaims() {}

  public static Claims claim(Job job, List<Pod> podsInNamespace) {
    LabelSelection selector = ApiLabelSelectors.toSelection(JobSpecs.spec(job).getSelector());
    String uid = job.getMetadata().getUid();
    boolean jobDeleting = job.getMetadata().getDeletionTimestamp() != null;
    List<Pod> owned = new ArrayList<>();
    List<Pod> toAdopt = new ArrayList<>();
    List<Pod> toRelease = new ArrayList<>();
    for (Pod pod : podsInNamespace) {
      if (!Objects.equals(pod.getMetadata().getNamespace(), job.getMetadata().getNamespace())) {
        continue;
      }
      boolean matches = selector.matches(labels(pod));
      Optional<OwnerReference> controller = JobPods.controllerRef(pod);
      if (controller.isPresent()) {
        if (!uid.equals(controller.get().getUid())) {
          continue;
        }
        if (matches) {
          owned.add(pod);
        } else if (!jobDeleting) {
          toRelease.add(pod);
        }
      } else if (matches && !jobDeleting && !JobPods.isDeleting(pod)) {
        toAdopt.add(pod);
      }
    }
    return new Claims(owned, toAdopt, toRelease);
  }

  /** The owner reference that makes a pod the Job's. */
  public static OwnerReference controllerRef(Job job) {
    return JobPodFactory.controllerRef(job);
  }

  /** The orphan as it looks once adopted: owned by the Job and carrying the tracking finalizer. */
  public static Pod adopted(Pod orphan, Job job) {
    Pod pod = new PodBuilder(orphan).build();
    List<OwnerReference> refs =
        pod.getMetadata().getOwnerReferences() == null
            ? new ArrayList<>()
            : new ArrayList<>(pod.getMetadata().getOwnerReferences());
    refs.add(controllerRef(job));
    pod.getMetadata().setOwnerReferences(refs);
    List<String> finalizers =
        pod.getMetadata().getFinalizers() == null
            ? new ArrayList<>()
            : new ArrayList<>(pod.getMetadata().getFinalizers());
    if (!finalizers.contains(JobPods.TRACKING_FINALIZER)) {
      finalizers.add(JobPods.TRACKING_FINALIZER);
    }
    pod.getMetadata().setFinalizers(finalizers);
    return pod;
  }

  /**
   * Whether the tracking finalizer of a pod outside any sync should be removed (upstream's orphan
   * pod cleanup): the pod is not controlled by a batch/v1 Job, or its Job is gone or finished. A
   * pod of a Job managed by another controller keeps it.
   *
   * @param controllingJob the Job named by the pod's controller reference (same name and UID), if
   *     it exists
   */
  public static boolean trackingFinalizerRemovable(Pod pod, Optional<Job> controllingJob) {
    if (!JobPods.hasTrackingFinalizer(pod)) {
      return false;
    }
    Optional<OwnerReference> controller = JobPods.controllerRef(pod);
    if (controller.isEmpty()) {
      return true;
    }
    if (!"Job".equals(controller.get().getKind())
        || !"batch/v1".equals(controller.get().getApiVersion())) {
      return false;
    }
    if (controllingJob.isEmpty()) {
      return true;
    }
    Job job = controllingJob.get();
    if (JobSpecs.externalController(job).isPresent()) {
      return false;
    }
    return JobConditionList.isFinished(job.getStatus());
  }

  private static Map<String, String> labels(Pod pod) {
    return pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
  }
}
