package io.batchd.registry.cloudrun;

import io.batchd.api.cloudrun.RunExecution;
import io.batchd.api.cloudrun.RunJob;
import io.batchd.api.cloudrun.RunResource;
import io.batchd.registry.ResourceType;
import java.util.List;

/**
 * The stored Cloud Run resources; their keys live under {@code /registry/run.googleapis.com/}.
 * Tasks are not stored: they are views of the pods of an execution.
 */
public final class CloudRunResources {
  public static final ResourceType<RunJob> JOBS =
      new ResourceType<>(
          RunResource.GROUP,
          "v1",
          "jobs",
          "job",
          RunJob.KIND,
          true,
          List.of(),
          List.of(),
          List.of("status"),
          RunJob.class);

  public static final ResourceType<RunExecution> EXECUTIONS =
      new ResourceType<>(
          RunResource.GROUP,
          "v1",
          "executions",
          "execution",
          RunExecution.KIND,
          true,
          List.of(),
          List.of(),
          List.of("status"),
          RunExecution.class);

  private CloudRunResources() {}
}
