package io.batchd.api.cloudrun;

import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/** One task of an execution: a view of the latest pod of one completion index. */
// fabric8 routes HasMetadata through its own kind-dispatching deserializer; read this class as is.
@JsonDeserialize(using = ValueDeserializer.None.class)
public final class RunTask extends RunResource<TaskSpec, TaskStatus> {
  public static final String KIND = "Task";

  @Override
  public String getKind() {
    return KIND;
  }
}
