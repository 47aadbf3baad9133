package io.batchd.api.cloudrun;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** An execution's progress, mirrored from the batch Job that carries it out. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutionStatus(
    Integer observedGeneration,
    List<RunCondition> conditions,
    String startTime,
    String completionTime,
    Integer runningCount,
    Integer succeededCount,
    Integer failedCount,
    Integer cancelledCount,
    Integer retriedCount,
    String logUri) {

  public RunCondition condition(String type) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> type.equals(c.type())).findFirst().orElse(null);
  }
}
