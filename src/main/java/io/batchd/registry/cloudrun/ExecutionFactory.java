package io.batchd.registry.cloudrun;

import io.batchd.api.cloudrun.ContainerOverride;
import io.batchd.api.cloudrun.ExecutionSpec;
import io.batchd.api.cloudrun.Overrides;
import io.batchd.api.cloudrun.RunExecution;
import io.batchd.api.cloudrun.RunJob;
import io.batchd.api.cloudrun.RunLabels;
import io.batchd.api.cloudrun.RunResource;
import io.batchd.api.cloudrun.TaskSpec;
import io.batchd.api.errors.StatusException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the execution a job's {@code :run} starts: the job's template with the overrides. */
public final class ExecutionFactory {
  private ExecutionFactory() {}

  public static RunExecution fromJob(RunJob job, Overrides overrides) {
    ObjectMeta template =
        job.getSpec().template().metadata() == null
            ? new ObjectMeta()
            : job.getSpec().template().metadata();
    Map<String, String> labels = new LinkedHashMap<>();
    if (template.getLabels() != null) {
      labels.putAll(template.getLabels());
    }
    labels.put(RunLabels.JOB, job.name());
    labels.put(RunLabels.JOB_UID, job.getMetadata().getUid());
    ObjectMeta meta = new ObjectMeta();
    meta.setGenerateName(job.name() + "-");
    meta.setLabels(labels);
    meta.setAnnotations(template.getAnnotations());
    OwnerReference owner = new OwnerReference();
    owner.setApiVersion(RunResource.API_VERSION);
    owner.setKind(RunJob.KIND);
    owner.setName(job.name());
    owner.setUid(job.getMetadata().getUid());
    owner.setController(true);
    owner.setBlockOwnerDeletion(true);
    meta.setOwnerReferences(List.of(owner));
    RunExecution execution = new RunExecution();
    execution.setMetadata(meta);
    execution.setSpec(apply(job.getSpec().template().spec(), overrides));
    return execution;
  }

  private static ExecutionSpec apply(ExecutionSpec spec, Overrides overrides) {
    if (overrides == null) {
      return spec;
    }
    ExecutionSpec result = spec;
    if (overrides.taskCount() != null) {
      result = result.withTaskCount(overrides.taskCount());
    }
    TaskSpec task = result.taskSpec();
    if (overrides.timeoutSeconds() != null) {
      task = task.withTimeoutSeconds(overrides.timeoutSeconds());
    }
    if (overrides.containerOverrides() != null) {
      List<Container> containers = new ArrayList<>(task.containers());
      for (int i = 0; i < overrides.containerOverrides().size(); i++) {
        ContainerOverride o = overrides.containerOverrides().get(i);
        int target = indexOf(containers, o.name());
        if (target < 0) {
          throw StatusException.badRequest(
              "overrides.containerOverrides["
                  + i
                  + "].name: no container named '"
                  + o.name()
                  + "' in the job");
        }
        containers.set(target, override(containers.get(target), o));
      }
      task = task.withContainers(containers);
    }
    return result.withTaskSpec(task);
  }

  /** The container an override names; an empty name means the job's only container. */
  private static int indexOf(List<Container> containers, String name) {
    if (name == null || name.isEmpty()) {
      return containers.size() == 1 ? 0 : -1;
    }
    for (int i = 0; i < containers.size(); i++) {
      if (name.equals(containers.get(i).getName())) {
        return i;
      }
    }
    return -1;
  }

  private static Container override(Container container, ContainerOverride o) {
    ContainerBuilder b = new ContainerBuilder(container);
    if (Boolean.TRUE.equals(o.clearArgs())) {
      b.withArgs(List.of());
    } else if (o.args() != null && !o.args().isEmpty()) {
      b.withArgs(o.args());
    }
    if (o.env() != null && !o.env().isEmpty()) {
      List<EnvVar> env =
          new ArrayList<>(container.getEnv() == null ? List.of() : container.getEnv());
      for (EnvVar added : o.env()) {
        env.removeIf(e -> e.getName().equals(added.getName()));
        env.add(added);
      }
      b.withEnv(env);
    }
    return b.build();
  }
}
