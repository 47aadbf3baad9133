package io.batchd.api.cloudrun;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A job's spec. The execution tokens make a write start an execution in Cloud Run; batchd refuses
 * them (validation says so) and starts executions only through {@code :run}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunJobSpec(
    String runExecutionToken, String startExecutionToken, ExecutionTemplateSpec template) {

  public RunJobSpec(ExecutionTemplateSpec template) {
    this(null, null, template);
  }
}
