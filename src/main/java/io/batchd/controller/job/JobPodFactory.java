package io.batchd.controller.job;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the pods of a Job from its template, as upstream's controller does. */
final class JobPodFactory {
  private JobPodFactory() {}

  /** The controller reference every pod of the Job carries. */
  static OwnerReference controllerRef(Job job) {
    return new OwnerReferenceBuilder()
        .withApiVersion("batch/v1")
        .withKind("Job")
        .withName(job.getMetadata().getName())
        .withUid(job.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /**
   * A new pod: the template with the Job's controller reference and tracking finalizer; for an
   * Indexed Job also the index annotation and label, {@code JOB_COMPLETION_INDEX}, the hostname
   * {@code <job>-<index>}, and with {@code backoffLimitPerIndex} the failure counts carried over
   * from {@code replacedPod}, the index's last failed pod (null for a first pod).
   */
  static Pod newPod(Job job, int index, Pod replacedPod) {
    PodTemplateSpec template = new PodTemplateSpecBuilder(JobSpecs.spec(job).getTemplate()).build();
    ObjectMeta templateMeta =
        template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
    PodSpec spec = template.getSpec() == null ? new PodSpec() : template.getSpec();
    String jobName = job.getMetadata().getName();

    Map<String, String> labels = copy(templateMeta.getLabels());
    Map<String, String> annotations = copy(templateMeta.getAnnotations());
    List<String> finalizers =
        templateMeta.getFinalizers() == null
            ? new ArrayList<>()
            : new ArrayList<>(templateMeta.getFinalizers());
    if (!finalizers.contains(JobPods.TRACKING_FINALIZER)) {
      finalizers.add(JobPods.TRACKING_FINALIZER);
    }

    String generateName = jobName + "-";
    if (index != CompletionIndexes.UNKNOWN) {
      annotations.put(CompletionIndexes.INDEX_KEY, Integer.toString(index));
      labels.put(CompletionIndexes.INDEX_KEY, Integer.toString(index));
      addIndexEnv(spec.getInitContainers());
      addIndexEnv(spec.getContainers());
      spec.setHostname(jobName + "-" + index);
      generateName = CompletionIndexes.generateName(jobName, index);
      if (JobSpecs.hasBackoffLimitPerIndex(job)) {
        addFailureCounts(job, annotations, replacedPod);
      }
    }

    ObjectMeta meta = new ObjectMeta();
    meta.setGenerateName(generateName);
    meta.setNamespace(job.getMetadata().getNamespace());
    meta.setLabels(labels);
    meta.setAnnotations(annotations.isEmpty() ? null : annotations);
    meta.setFinalizers(finalizers);
    meta.setOwnerReferences(new ArrayList<>(List.of(controllerRef(job))));
    Pod pod = new Pod();
    pod.setApiVersion("v1");
    pod.setKind("Pod");
    pod.setMetadata(meta);
    pod.setSpec(spec);
    return pod;
  }

  private static void addFailureCounts(Job job, Map<String, String> annotations, Pod replaced) {
    int failures = 0;
    int ignored = 0;
    if (replaced != null) {
      failures = CompletionIndexes.failureCount(replaced);
      ignored = CompletionIndexes.ignoredFailureCount(replaced);
      if (PodFailurePolicies.match(JobSpecs.spec(job).getPodFailurePolicy(), replaced)
          .countsFailure()) {
        failures++;
      } else {
        ignored++;
      }
    }
    annotations.put(CompletionIndexes.FAILURE_COUNT_KEY, Integer.toString(failures));
    if (ignored > 0) {
      annotations.put(CompletionIndexes.IGNORED_FAILURE_COUNT_KEY, Integer.toString(ignored));
    }
  }

  // Every container that does not define JOB_COMPLETION_INDEX itself reads it from the index label.
  private static void addIndexEnv(List<Container> containers) {
    if (containers == null) {
      return;
    }
    for (Container container : containers) {
      List<EnvVar> env =
          container.getEnv() == null ? new ArrayList<>() : new ArrayList<>(container.getEnv());
      if (env.stream().anyMatch(e -> CompletionIndexes.ENV_NAME.equals(e.getName()))) {
        continue;
      }
      env.add(
          new EnvVarBuilder()
              .withName(CompletionIndexes.ENV_NAME)
              .withNewValueFrom()
              .withNewFieldRef()
              .withFieldPath("metadata.labels['" + CompletionIndexes.INDEX_KEY + "']")
              .endFieldRef()
              .endValueFrom()
              .build());
      container.setEnv(env);
    }
  }

  private static Map<String, String> copy(Map<String, String> map) {
    return map == null ? new LinkedHashMap<>() : new LinkedHashMap<>(map);
  }
}
