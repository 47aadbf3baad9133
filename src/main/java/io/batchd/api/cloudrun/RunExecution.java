package io.batchd.api.cloudrun;

import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/** One run of a Cloud Run job, carried out by a batch/v1 Job of the same name. */
// fabric8 routes HasMetadata through its own kind-dispatching deserializer; read this class as is.
@JsonDeserialize(using = ValueDeserializer.None.class)
public final class RunExecution extends RunResource<ExecutionSpec, ExecutionStatus> {
  public static final String KIND = "Execution";

  @Override
  public String getKind() {
    return KIND;
  }
}
