package io.batchd.registry.cloudrun;

import io.batchd.api.cloudrun.ExecutionSpec;
import io.batchd.api.cloudrun.TaskSpec;
import io.batchd.api.cloudrun.TaskTemplateSpec;
import io.batchd.api.errors.FieldError;
import io.batchd.api.validation.EnvVarNames;
import io.batchd.api.validation.FieldPath;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.ArrayList;
import java.util.List;

/**
 * Defaults and validation of an execution spec, shared by a job's template and an execution, with
 * the defaults and limits Cloud Run documents for jobs.
 */
public final class TaskSpecRules {
  public static final int DEFAULT_TASK_COUNT = 1;
  public static final int DEFAULT_MAX_RETRIES = 3;
  public static final long DEFAULT_TIMEOUT_SECONDS = 600;
  static final int MAX_TASK_COUNT = 10_000;
  static final int MAX_RETRIES = 10;
  // Cloud Run allows task timeouts of up to 168 hours.
  static final long MAX_TIMEOUT_SECONDS = 168 * 3600;

  private TaskSpecRules() {}

  /** Fills in taskCount, maxRetries and timeoutSeconds where the client left them out. */
  public static ExecutionSpec withDefaults(ExecutionSpec spec) {
    ExecutionSpec s = spec == null ? new ExecutionSpec(null, null, null) : spec;
    if (s.taskCount() == null) {
      s = s.withTaskCount(DEFAULT_TASK_COUNT);
    }
    TaskSpec task = s.taskSpec();
    if (task == null) {
      return s;
    }
    if (task.maxRetries() == null) {
      task = task.withMaxRetries(DEFAULT_MAX_RETRIES);
    }
    if (task.timeoutSeconds() == null) {
      task = task.withTimeoutSeconds(DEFAULT_TIMEOUT_SECONDS);
    }
    return new ExecutionSpec(s.parallelism(), s.taskCount(), new TaskTemplateSpec(task));
  }

  public static List<FieldError> validate(ExecutionSpec spec, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (spec == null) {
      errs.add(FieldError.required(path.toString(), "an execution spec is required"));
      return errs;
    }
    if (spec.taskCount() != null && (spec.taskCount() < 1 || spec.taskCount() > MAX_TASK_COUNT)) {
      errs.add(
          FieldError.invalid(
              path.child("taskCount").toString(),
              spec.taskCount(),
              "must be between 1 and " + MAX_TASK_COUNT));
    }
    if (spec.parallelism() != null && spec.parallelism() < 0) {
      errs.add(
          FieldError.invalid(
              path.child("parallelism").toString(),
              spec.parallelism(),
              "must be 0 (as many as possible) or more"));
    }
    TaskSpec task = spec.taskSpec();
    FieldPath taskPath = path.child("template", "spec");
    if (task == null) {
      errs.add(FieldError.required(taskPath.toString(), "a task spec is required"));
      return errs;
    }
    errs.addAll(validateTask(task, taskPath));
    return errs;
  }

  private static List<FieldError> validateTask(TaskSpec task, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (task.maxRetries() != null && (task.maxRetries() < 0 || task.maxRetries() > MAX_RETRIES)) {
      errs.add(
          FieldError.invalid(
              path.child("maxRetries").toString(),
              task.maxRetries(),
              "must be between 0 and " + MAX_RETRIES));
    }
    if (task.timeoutSeconds() != null
        && (task.timeoutSeconds() < 1 || task.timeoutSeconds() > MAX_TIMEOUT_SECONDS)) {
      errs.add(
          FieldError.invalid(
              path.child("timeoutSeconds").toString(),
              task.timeoutSeconds(),
              "must be between 1 and " + MAX_TIMEOUT_SECONDS + " seconds"));
    }
    if (task.serviceAccountName() != null && !task.serviceAccountName().isEmpty()) {
      errs.add(
          FieldError.forbidden(
              path.child("serviceAccountName").toString(),
              "service accounts are not supported by batchd; leave it empty"));
    }
    if (task.volumes() != null && !task.volumes().isEmpty()) {
      errs.add(
          FieldError.forbidden(
              path.child("volumes").toString(), "volumes are not supported by batchd's Cloud Run"));
    }
    List<Container> containers = task.containers();
    if (containers == null || containers.isEmpty()) {
      errs.add(
          FieldError.required(
              path.child("containers").toString(), "exactly one container is required"));
      return errs;
    }
    if (containers.size() > 1) {
      errs.add(FieldError.tooMany(path.child("containers").toString(), containers.size(), 1));
    }
    for (int i = 0; i < containers.size(); i++) {
      errs.addAll(validateContainer(containers.get(i), path.child("containers").index(i)));
    }
    return errs;
  }

  private static List<FieldError> validateContainer(Container c, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (c.getImage() == null || c.getImage().isBlank()) {
      errs.add(FieldError.required(path.child("image").toString(), "an image is required"));
    }
    List<EnvVar> env = c.getEnv() == null ? List.of() : c.getEnv();
    for (int i = 0; i < env.size(); i++) {
      String name = env.get(i).getName();
      FieldPath envPath = path.child("env").index(i).child("name");
      if (name == null || name.isEmpty()) {
        errs.add(FieldError.required(envPath.toString(), "an env var needs a name"));
      } else {
        for (String msg : EnvVarNames.isRelaxedEnvVarName(name)) {
          errs.add(FieldError.invalid(envPath.toString(), name, msg));
        }
      }
    }
    return errs;
  }
}
