package io.batchd.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.util.function.UnaryOperator;

/**
 * What the shared informers keep of each object: only what a controller reads. A server holding
 * 100,000 finished Jobs keeps them all in its Job informer, and a decoded Job is about 7 KB of heap
 * without its managed fields; most of that is the pod template, which no controller reads once the
 * Job has finished (it never creates a pod again).
 *
 * <ul>
 *   <li>Every object loses its managed fields, as upstream's controller manager strips them from
 *       its informers. A controller that writes back a cached object sends none, and the registry
 *       keeps the stored ones.
 *   <li>A finished Job (condition Complete or Failed true, which never goes back) loses its pod
 *       template's spec; the template's metadata stays. No controller writes a cached Job's spec
 *       back: the Job controller writes only status.
 *   <li>A finished Job is then kept packed, as its JSON (about 1.5 KB instead of 4 to 5 KB decoded,
 *       measured with the P5 template), and read back when a controller asks for it.
 * </ul>
 */
final class CachedForm {
  private CachedForm() {}

  @SuppressWarnings("unchecked")
  static <T extends HasMetadata> UnaryOperator<T> of(Class<T> type) {
    if (type == Job.class) {
      return object -> (T) finishedWithoutTemplate((Job) withoutManagedFields(object));
    }
    return CachedForm::withoutManagedFields;
  }

  /**
   * Which objects the informers keep packed (as JSON, read back on use): finished Jobs, which no
   * controller reads after it has been told of them, except for the occasional sync or TTL check.
   */
  @SuppressWarnings("unchecked")
  static <T extends HasMetadata> Informer.Packing<T> packing(Class<T> type) {
    if (type == Job.class) {
      return (Informer.Packing<T>)
          new Informer.Packing<>(job -> finished(job.getStatus()), Job.class);
    }
    return Informer.Packing.none();
  }

  static <T extends HasMetadata> T withoutManagedFields(T object) {
    if (object.getMetadata() != null) {
      object.getMetadata().setManagedFields(null);
    }
    return object;
  }

  static Job finishedWithoutTemplate(Job job) {
    JobSpec spec = job.getSpec();
    if (spec != null && spec.getTemplate() != null && finished(job.getStatus())) {
      spec.getTemplate().setSpec(null);
    }
    return job;
  }

  private static boolean finished(JobStatus status) {
    if (status == null || status.getConditions() == null) {
      return false;
    }
    for (JobCondition c : status.getConditions()) {
      if (("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
          && "True".equals(c.getStatus())) {
        return true;
      }
    }
    return false;
  }
}
