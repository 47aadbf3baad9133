package io.batchd.controller.cloudrun;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchd.api.cloudrun.ExecutionSpec;
import io.batchd.api.cloudrun.ExecutionStatus;
import io.batchd.api.cloudrun.RunExecution;
import io.batchd.api.cloudrun.RunLabels;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExecutionStatusesTest {
  private static final String NOW = "2026-11-23T10:00:00Z";

  private static RunExecution execution(int tasks, boolean cancelled) {
    RunExecution e = new RunExecution();
    e.setMetadata(
        new ObjectMetaBuilder()
            .withName("e")
            .withGeneration(1L)
            .withAnnotations(cancelled ? Map.of(RunLabels.CANCELLED, "true") : Map.of())
            .build());
    e.setSpec(new ExecutionSpec(null, tasks, null));
    return e;
  }

  private static Job job(
      String condition, int active, int succeeded, int failed, String failedIdx) {
    JobBuilder b =
        new JobBuilder()
            .withNewStatus()
            .withStartTime("2026-11-23T09:59:00Z")
            .withActive(active)
            .withSucceeded(succeeded)
            .withFailed(failed)
            .withFailedIndexes(failedIdx)
            .endStatus();
    if (condition != null) {
      b.editStatus()
          .addNewCondition()
          .withType(condition)
          .withStatus("True")
          .withReason(condition.equals("Failed") ? "FailedIndexes" : null)
          .withLastTransitionTime("2026-11-23T09:59:30Z")
          .endCondition()
          .withCompletionTime(condition.equals("Complete") ? "2026-11-23T09:59:30Z" : null)
          .endStatus();
    }
    return b.build();
  }

  @ParameterizedTest
  @CsvSource({"'',0", "'0',1", "'1,3-5',4", "'0-9',10", "'2,4,6',3"})
  void countsIndexesInIntervalNotation(String intervals, int count) {
    assertThat(ExecutionStatuses.countIndexes(intervals)).isEqualTo(count);
  }

  @Test
  void completeJobCompletesTheExecution() {
    ExecutionStatus s =
        ExecutionStatuses.from(execution(3, false), job("Complete", 0, 3, 0, null), NOW);
    assertThat(s.condition("Completed").status()).isEqualTo("True");
    assertThat(s.condition("Started").status()).isEqualTo("True");
    assertThat(s.succeededCount()).isEqualTo(3);
    assertThat(s.completionTime()).isEqualTo("2026-11-23T09:59:30Z");
    assertThat(s.observedGeneration()).isEqualTo(1);
  }

  @Test
  void failedIndexesAreFailedTasksAndEarlierFailuresAreRetries() {
    ExecutionStatus s =
        ExecutionStatuses.from(execution(3, false), job("Failed", 0, 1, 5, "0,2"), NOW);
    assertThat(s.condition("Completed").status()).isEqualTo("False");
    assertThat(s.condition("Completed").reason()).isEqualTo("FailedIndexes");
    assertThat(s.failedCount()).isEqualTo(2);
    assertThat(s.retriedCount()).isEqualTo(3);
    assertThat(s.completionTime()).isEqualTo("2026-11-23T09:59:30Z");
  }

  @Test
  void runningJobLeavesCompletionUnknown() {
    ExecutionStatus s = ExecutionStatuses.from(execution(2, false), job(null, 2, 0, 0, null), NOW);
    assertThat(s.condition("Completed").status()).isEqualTo("Unknown");
    assertThat(s.runningCount()).isEqualTo(2);
    assertThat(s.completionTime()).isNull();
  }

  @Test
  void cancelledExecutionIsCancelledOnceNoTaskRuns() {
    ExecutionStatus stopping =
        ExecutionStatuses.from(execution(3, true), job(null, 1, 1, 0, null), NOW);
    assertThat(stopping.condition("Completed").status()).isEqualTo("Unknown");
    ExecutionStatus stopped =
        ExecutionStatuses.from(execution(3, true), job(null, 0, 1, 0, null), NOW);
    assertThat(stopped.condition("Completed").status()).isEqualTo("False");
    assertThat(stopped.condition("Completed").reason()).isEqualTo("Cancelled");
    assertThat(stopped.cancelledCount()).isEqualTo(2);
    assertThat(stopped.completionTime()).isEqualTo(NOW);
  }

  @Test
  void withoutABatchJobResourcesAreNotYetAvailable() {
    ExecutionStatus s = ExecutionStatuses.from(execution(1, false), null, NOW);
    assertThat(s.condition("ResourcesAvailable").status()).isEqualTo("Unknown");
    assertThat(s.condition("Started").status()).isEqualTo("Unknown");
  }
}
