package io.batchd.testing;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import java.util.function.UnaryOperator;

/**
 * Jobs whose one container runs a shell script, as the tests against a running server make them.
 */
public final class ShellJobs {
  private ShellJobs() {}

  /**
   * A Job of one container {@code main} running {@code script} under {@code /bin/sh -c},
   * restartPolicy Never; {@code spec} sets the rest of the spec.
   */
  public static Job job(String name, String script, UnaryOperator<JobSpecBuilder> spec) {
    JobSpecBuilder builder =
        new JobSpecBuilder()
            .withNewTemplate()
            .withNewSpec()
            .withRestartPolicy("Never")
            .withTerminationGracePeriodSeconds(5L)
            .addNewContainer()
            .withName("main")
            .withImage("busybox")
            .withCommand("/bin/sh", "-c", script)
            .endContainer()
            .endSpec()
            .endTemplate();
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withSpec(spec.apply(builder).build())
        .build();
  }

  /** Whether the Job (null: not found) has the condition with status True. */
  public static boolean hasCondition(Job job, String type) {
    if (job == null || job.getStatus() == null || job.getStatus().getConditions() == null) {
      return false;
    }
    for (JobCondition c : job.getStatus().getConditions()) {
      if (c.getType().equals(type) && "True".equals(c.getStatus())) {
        return true;
      }
    }
    return false;
  }
}
