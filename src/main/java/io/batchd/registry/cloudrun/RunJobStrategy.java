package io.batchd.registry.cloudrun;

import io.batchd.api.cloudrun.ExecutionTemplateSpec;
import io.batchd.api.cloudrun.RunJob;
import io.batchd.api.cloudrun.RunJobSpec;
import io.batchd.api.cloudrun.RunJobStatus;
import io.batchd.api.errors.FieldError;
import io.batchd.api.validation.FieldPath;
import io.batchd.api.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The rules of Cloud Run jobs: defaults, validation, and a status only controllers write. */
public final class RunJobStrategy implements io.batchd.registry.Strategy<RunJob> {

  @Override
  public void applyDefaults(RunJob job) {
    RunJobSpec spec = job.getSpec();
    if (spec != null && spec.template() != null) {
      ExecutionTemplateSpec t = spec.template();
      job.setSpec(
          new RunJobSpec(
              spec.runExecutionToken(),
              spec.startExecutionToken(),
              new ExecutionTemplateSpec(t.metadata(), TaskSpecRules.withDefaults(t.spec()))));
    }
  }

  @Override
  public void prepareForCreate(RunJob job) {
    job.setStatus(RunJobStatus.empty());
  }

  @Override
  public List<FieldError> validateCreate(RunJob job) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidation.validateCreate(
                job.getMetadata(), true, RunNames::jobName, FieldPath.of("metadata")));
    errs.addAll(validateSpec(job));
    return errs;
  }

  private static List<FieldError> validateSpec(RunJob job) {
    List<FieldError> errs = new ArrayList<>();
    if (job.declaredKind() != null && !RunJob.KIND.equals(job.declaredKind())) {
      errs.add(FieldError.invalid("kind", job.declaredKind(), "must be Job"));
    }
    RunJobSpec spec = job.getSpec();
    if (spec == null || spec.template() == null) {
      errs.add(FieldError.required("spec.template", "a job needs an execution template"));
      return errs;
    }
    if (spec.runExecutionToken() != null || spec.startExecutionToken() != null) {
      errs.add(
          FieldError.forbidden(
              "spec.runExecutionToken",
              "execution tokens are not supported by batchd; start executions with :run"));
    }
    errs.addAll(
        TaskSpecRules.validate(spec.template().spec(), FieldPath.of("spec", "template", "spec")));
    return errs;
  }

  @Override
  public void prepareForUpdate(RunJob job, RunJob old) {
    job.setStatus(old.getStatus());
  }

  @Override
  public List<FieldError> validateUpdate(RunJob job, RunJob old) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidation.validateUpdate(
                job.getMetadata(), old.getMetadata(), FieldPath.of("metadata")));
    errs.addAll(validateSpec(job));
    return errs;
  }

  @Override
  public void prepareForStatusUpdate(RunJob job, RunJob old) {
    job.setSpec(old.getSpec());
  }

  @Override
  public boolean specChanged(RunJob job, RunJob old) {
    return !Objects.equals(job.getSpec(), old.getSpec());
  }

  @Override
  public boolean tracksGeneration() {
    return true;
  }
}
