package io.batchd.registry.batch;

import io.batchd.api.errors.FieldError;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import java.util.function.Consumer;

/** Jobs for validation tests: valid unless a test breaks them. */
final class TestJobs {
  static final String UID = "1a2b3c";

  private TestJobs() {}

  /** A Job as a client sends it: name, namespace, one container, restartPolicy Never. */
  static Job submitted() {
    return new JobBuilder()
        .withNewMetadata()
        .withName("myjob")
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .withNewTemplate()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withContainers(new ContainerBuilder().withName("main").withImage("busybox:1.36").build())
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** A submitted Job after {@code mutation}, then defaulting and selector generation. */
  static Job created(Consumer<Job> mutation) {
    Job job = submitted();
    mutation.accept(job);
    return prepared(job);
  }

  /** Defaulting and selector generation, as the registry does on create. */
  static Job prepared(Job job) {
    JobDefaults.apply(job);
    job.getMetadata().setUid(UID);
    JobSelectors.generate(job, UID);
    // Upstream defaults again on every read, so the Job also gets the generated labels.
    JobDefaults.apply(job);
    return job;
  }

  /** A stored copy: a deep copy with a resourceVersion and generation. */
  static Job stored(Job job) {
    Job copy = new JobBuilder(job).build();
    copy.getMetadata().setResourceVersion("5");
    copy.getMetadata().setGeneration(1L);
    return copy;
  }

  static List<String> messages(List<FieldError> errors) {
    return errors.stream().map(FieldError::message).toList();
  }
}
