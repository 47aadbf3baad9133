package io.batchd.api.cloudrun;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A job's pointer to its latest execution. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutionReference(
    String name,
    String creationTimestamp,
    String completionTimestamp,
    String deletionTimestamp,
    String completionStatus) {

  public static final String SUCCEEDED = "EXECUTION_SUCCEEDED";
  public static final String FAILED = "EXECUTION_FAILED";
  public static final String RUNNING = "EXECUTION_RUNNING";
  public static final String PENDING = "EXECUTION_PENDING";
  public static final String CANCELLED = "EXECUTION_CANCELLED";
}
