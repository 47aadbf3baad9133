package io.batchd.api.cloudrun;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A Cloud Run condition ({@code GoogleCloudRunV1Condition}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunCondition(
    String type,
    String status,
    String reason,
    String message,
    String severity,
    String lastTransitionTime) {

  public static RunCondition of(String type, String status, String reason, String message) {
    return new RunCondition(type, status, reason, message, null, null);
  }

  public RunCondition at(String time) {
    return new RunCondition(type, status, reason, message, severity, time);
  }
}
