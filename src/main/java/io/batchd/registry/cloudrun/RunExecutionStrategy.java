package io.batchd.registry.cloudrun;

import io.batchd.api.cloudrun.ExecutionStatus;
import io.batchd.api.cloudrun.RunExecution;
import io.batchd.api.errors.FieldError;
import io.batchd.api.validation.DnsNames;
import io.batchd.api.validation.FieldPath;
import io.batchd.api.validation.ObjectMetaValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The rules of executions. Clients never write executions directly: {@code :run} creates them and
 * the spec never changes afterwards; the controller writes their status.
 */
public final class RunExecutionStrategy implements io.batchd.registry.Strategy<RunExecution> {

  @Override
  public void applyDefaults(RunExecution execution) {
    if (execution.getSpec() != null) {
      execution.setSpec(TaskSpecRules.withDefaults(execution.getSpec()));
    }
  }

  @Override
  public void prepareForCreate(RunExecution execution) {
    execution.setStatus(
        new ExecutionStatus(null, null, null, null, null, null, null, null, null, null));
  }

  @Override
  public List<FieldError> validateCreate(RunExecution execution) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidation.validateCreate(
                execution.getMetadata(), true, DnsNames::nameIsDnsLabel, FieldPath.of("metadata")));
    errs.addAll(TaskSpecRules.validate(execution.getSpec(), FieldPath.of("spec")));
    return errs;
  }

  @Override
  public void prepareForUpdate(RunExecution execution, RunExecution old) {
    execution.setStatus(old.getStatus());
  }

  @Override
  public List<FieldError> validateUpdate(RunExecution execution, RunExecution old) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidation.validateUpdate(
                execution.getMetadata(), old.getMetadata(), FieldPath.of("metadata")));
    if (!Objects.equals(execution.getSpec(), old.getSpec())) {
      errs.add(FieldError.forbidden("spec", "an execution's spec cannot change"));
    }
    return errs;
  }

  @Override
  public void prepareForStatusUpdate(RunExecution execution, RunExecution old) {
    execution.setSpec(old.getSpec());
  }

  @Override
  public boolean tracksGeneration() {
    return true;
  }
}
