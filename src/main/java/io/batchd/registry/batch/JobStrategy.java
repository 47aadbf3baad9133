package io.batchd.registry.batch;

import io.batchd.api.errors.FieldError;
import io.batchd.api.validation.SemanticEquality;
import io.batchd.registry.DeletePropagation;
import io.batchd.registry.GarbageCollectionPolicy;
import io.batchd.registry.ResourceType;
import io.batchd.registry.Strategy;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The rules of batch/v1 Jobs, as upstream's job strategy and status strategy hold them. */
public final class JobStrategy implements Strategy<Job> {
  public static final ResourceType<Job> JOBS =
      new ResourceType<>(
          "batch",
          "v1",
          "jobs",
          "job",
          "Job",
          true,
          List.of(),
          List.of("all"),
          List.of("status"),
          Job.class);

  static final String DELETE_WARNING =
      "child pods are preserved by default when jobs are deleted; set propagationPolicy=Background"
          + " to remove them or set propagationPolicy=Orphan to suppress this warning";

  @Override
  public void applyDefaults(Job job) {
    JobDefaults.apply(job);
  }

  @Override
  public void prepareForCreate(Job job) {
    job.setStatus(new JobStatus());
    JobSelectors.generate(job, job.getMetadata().getUid());
    // Defaulting copies the template's labels onto the Job; run it again so the Job shows the
    // labels just generated, as upstream's shared label map makes it do.
    JobDefaults.apply(job);
  }

  @Override
  public List<FieldError> validateCreate(Job job) {
    return withoutScheduling(job, JobValidation.validateCreate(job));
  }

  /**
   * {@code spec.scheduling} is an alpha field of later Kubernetes versions that fabric8's model
   * already knows; batchd serves v1.32's Job, so it refuses the field rather than store it unused.
   */
  private static List<FieldError> withoutScheduling(Job job, List<FieldError> errors) {
    if (job.getSpec() == null || job.getSpec().getScheduling() == null) {
      return errors;
    }
    List<FieldError> all = new ArrayList<>(errors);
    all.add(
        FieldError.forbidden(
            "spec.scheduling",
            "not supported: batchd serves batch/v1 Jobs as of Kubernetes v1.32, which has no such"
                + " field"));
    return all;
  }

  @Override
  public List<String> warningsOnCreate(Job job) {
    return JobValidation.warnings(job);
  }

  @Override
  public void prepareForUpdate(Job job, Job old) {
    job.setStatus(old.getStatus());
  }

  @Override
  public List<FieldError> validateUpdate(Job job, Job old) {
    return withoutScheduling(job, JobValidation.validateUpdate(job, old));
  }

  @Override
  public List<String> warningsOnUpdate(Job job, Job old) {
    return JobValidation.warningsOnUpdate(job, old);
  }

  @Override
  public void prepareForStatusUpdate(Job job, Job old) {
    job.setSpec(old.getSpec());
  }

  @Override
  public List<FieldError> validateStatusUpdate(Job job, Job old) {
    return JobValidation.validateStatusUpdate(job, old);
  }

  @Override
  public boolean specChanged(Job job, Job old) {
    return !SemanticEquality.equal(job.getSpec(), old.getSpec());
  }

  @Override
  public boolean tracksGeneration() {
    return true;
  }

  @Override
  public Set<String> selectableFieldNames() {
    return Set.of("status.successful");
  }

  @Override
  public Map<String, String> selectableFields(Job job) {
    Integer succeeded = job.getStatus() == null ? null : job.getStatus().getSucceeded();
    return Map.of("status.successful", Integer.toString(succeeded == null ? 0 : succeeded));
  }

  @Override
  public List<String> warningsOnDelete(DeletePropagation propagation) {
    List<String> warnings = new ArrayList<>();
    if (!propagation.explicit()
        && defaultGarbageCollectionPolicy() == GarbageCollectionPolicy.ORPHAN_DEPENDENTS) {
      warnings.add(DELETE_WARNING);
    }
    return warnings;
  }

  /**
   * Orphan: batchd serves Jobs only as batch/v1, for which upstream keeps the pods of a Job deleted
   * without a policy, for compatibility with the first release of the API.
   */
  @Override
  public GarbageCollectionPolicy defaultGarbageCollectionPolicy() {
    return GarbageCollectionPolicy.ORPHAN_DEPENDENTS;
  }
}
