package io.batchd.api.cloudrun;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunJobStatus(
    Integer observedGeneration,
    List<RunCondition> conditions,
    Integer executionCount,
    ExecutionReference latestCreatedExecution) {

  public static RunJobStatus empty() {
    return new RunJobStatus(null, null, null, null);
  }

  public int executions() {
    return executionCount == null ? 0 : executionCount;
  }

  public RunJobStatus withLatest(int count, ExecutionReference latest) {
    return new RunJobStatus(observedGeneration, conditions, count, latest);
  }

  public RunJobStatus withObserved(Integer generation, List<RunCondition> replaced) {
    return new RunJobStatus(generation, replaced, executionCount, latestCreatedExecution);
  }
}
