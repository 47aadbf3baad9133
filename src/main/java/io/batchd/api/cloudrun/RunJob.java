package io.batchd.api.cloudrun;

import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/** A Cloud Run job: the template of its executions. */
// fabric8 routes HasMetadata through its own kind-dispatching deserializer; read this class as is.
@JsonDeserialize(using = ValueDeserializer.None.class)
public final class RunJob extends RunResource<RunJobSpec, RunJobStatus> {
  public static final String KIND = "Job";

  @Override
  public String getKind() {
    return KIND;
  }
}
