package io.batchd.controller.cloudrun;

import io.batchd.api.cloudrun.ExecutionSpec;
import io.batchd.api.cloudrun.RunExecution;
import io.batchd.api.cloudrun.RunLabels;
import io.batchd.api.cloudrun.RunResource;
import io.batchd.api.cloudrun.TaskSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The batch/v1 Job that carries out an execution: Indexed, one completion per task, per-task
 * retries through {@code backoffLimitPerIndex}, the task timeout as each pod's deadline, and Cloud
 * Run's task environment.
 */
final class BatchJobs {
  static final String DEFAULT_CONTAINER_NAME = "job";
  private static final String INDEX_FIELD =
      "metadata.annotations['batch.kubernetes.io/job-completion-index']";
  private static final String FAILURE_COUNT_FIELD =
      "metadata.annotations['batch.kubernetes.io/job-index-failure-count']";

  private BatchJobs() {}

  static Job forExecution(RunExecution execution) {
    ExecutionSpec spec = execution.getSpec();
    TaskSpec task = spec.taskSpec();
    String job = execution.getMetadata().getLabels().get(RunLabels.JOB);
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(RunLabels.JOB, job);
    labels.put(RunLabels.EXECUTION, execution.name());
    int parallelism =
        spec.parallelism() == null || spec.parallelism() == 0
            ? spec.taskCount()
            : Math.min(spec.parallelism(), spec.taskCount());
    List<Container> containers = new ArrayList<>();
    for (Container c : task.containers()) {
      containers.add(withTaskEnv(c, job, execution.name(), spec.taskCount()));
    }
    return new JobBuilder()
        .withNewMetadata()
        .withName(execution.name())
        .withNamespace(execution.namespace())
        .withLabels(labels)
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion(RunResource.API_VERSION)
                .withKind(RunExecution.KIND)
                .withName(execution.name())
                .withUid(execution.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build())
        .endMetadata()
        .withNewSpec()
        .withCompletionMode("Indexed")
        .withCompletions(spec.taskCount())
        .withParallelism(parallelism)
        .withBackoffLimitPerIndex(task.maxRetries())
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withActiveDeadlineSeconds(task.timeoutSeconds())
        .withNodeSelector(
            task.nodeSelector() == null || task.nodeSelector().isEmpty()
                ? null
                : task.nodeSelector())
        .withContainers(containers)
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Container withTaskEnv(Container c, String job, String execution, int taskCount) {
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar("CLOUD_RUN_JOB", job, null));
    env.add(new EnvVar("CLOUD_RUN_EXECUTION", execution, null));
    env.add(fromField("CLOUD_RUN_TASK_INDEX", INDEX_FIELD));
    env.add(new EnvVar("CLOUD_RUN_TASK_COUNT", Integer.toString(taskCount), null));
    env.add(fromField("CLOUD_RUN_TASK_ATTEMPT", FAILURE_COUNT_FIELD));
    if (c.getEnv() != null) {
      env.addAll(c.getEnv());
    }
    ContainerBuilder b = new ContainerBuilder(c).withEnv(env);
    if (c.getName() == null || c.getName().isEmpty()) {
      b.withName(DEFAULT_CONTAINER_NAME);
    }
    return b.build();
  }

  private static EnvVar fromField(String name, String path) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath(path)
        .endFieldRef()
        .endValueFrom()
        .build();
  }
}
