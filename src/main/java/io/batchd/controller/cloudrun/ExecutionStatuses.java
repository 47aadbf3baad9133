package io.batchd.controller.cloudrun;

import io.batchd.api.cloudrun.ExecutionStatus;
import io.batchd.api.cloudrun.RunCondition;
import io.batchd.api.cloudrun.RunExecution;
import io.batchd.api.cloudrun.RunLabels;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** An execution's status, computed from the batch Job that carries it out. */
final class ExecutionStatuses {
  private ExecutionStatuses() {}

  static boolean cancelled(RunExecution execution) {
    var annotations = execution.getMetadata().getAnnotations();
    return annotations != null && "true".equals(annotations.get(RunLabels.CANCELLED));
  }

  static ExecutionStatus from(RunExecution execution, Job job, String now) {
    ExecutionStatus previous = execution.getStatus();
    JobStatus js = job == null || job.getStatus() == null ? new JobStatus() : job.getStatus();
    int taskCount = execution.getSpec().taskCount();
    int succeeded = orZero(js.getSucceeded());
    int failedTasks = countIndexes(js.getFailedIndexes());
    int running = orZero(js.getActive());
    int retried = Math.max(0, orZero(js.getFailed()) - failedTasks);
    boolean complete = hasTrue(js, "Complete");
    boolean failed = hasTrue(js, "Failed");
    boolean cancelled = cancelled(execution) && !complete && !failed;
    Integer cancelledCount = null;
    String completed = "Unknown";
    String reason = null;
    String message = null;
    String completionTime = js.getCompletionTime();
    if (complete) {
      completed = "True";
    } else if (failed) {
      completed = "False";
      JobCondition c = condition(js, "Failed");
      reason = c.getReason();
      message =
          "Task "
              + (failedTasks == 0 ? "" : "(" + failedTasks + ") ")
              + "failed: "
              + (c.getMessage() == null ? c.getReason() : c.getMessage());
      completionTime = c.getLastTransitionTime();
    } else if (cancelled && running == 0) {
      completed = "False";
      reason = "Cancelled";
      message = "The execution was cancelled.";
      cancelledCount = taskCount - succeeded - failedTasks;
      completionTime = keep(previous, now);
    }
    List<RunCondition> conditions = new ArrayList<>();
    conditions.add(
        keepTime(previous, RunCondition.of("Completed", completed, reason, message), now));
    conditions.add(
        keepTime(
            previous,
            RunCondition.of("ResourcesAvailable", job == null ? "Unknown" : "True", null, null),
            now));
    conditions.add(
        keepTime(
            previous,
            RunCondition.of("Started", js.getStartTime() == null ? "Unknown" : "True", null, null),
            now));
    Long generation = execution.getMetadata().getGeneration();
    return new ExecutionStatus(
        generation == null ? null : generation.intValue(),
        conditions,
        js.getStartTime(),
        "Unknown".equals(completed) ? null : completionTime,
        running,
        succeeded,
        failedTasks,
        cancelledCount,
        retried,
        null);
  }

  private static String keep(ExecutionStatus previous, String now) {
    return previous != null && previous.completionTime() != null ? previous.completionTime() : now;
  }

  /** Keeps a condition's transition time while its status stays the same. */
  private static RunCondition keepTime(ExecutionStatus previous, RunCondition c, String now) {
    RunCondition old = previous == null ? null : previous.condition(c.type());
    if (old != null && Objects.equals(old.status(), c.status())) {
      return c.at(old.lastTransitionTime());
    }
    return c.at(now);
  }

  private static boolean hasTrue(JobStatus js, String type) {
    JobCondition c = condition(js, type);
    return c != null && "True".equals(c.getStatus());
  }

  private static JobCondition condition(JobStatus js, String type) {
    if (js.getConditions() == null) {
      return null;
    }
    return js.getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElse(null);
  }

  /** The number of indexes in upstream's interval notation, such as {@code 1,3-5}. */
  static int countIndexes(String intervals) {
    if (intervals == null || intervals.isEmpty()) {
      return 0;
    }
    int count = 0;
    for (String part : intervals.split(",")) {
      int dash = part.indexOf('-');
      count +=
          dash < 0
              ? 1
              : Integer.parseInt(part.substring(dash + 1))
                  - Integer.parseInt(part.substring(0, dash))
                  + 1;
    }
    return count;
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
