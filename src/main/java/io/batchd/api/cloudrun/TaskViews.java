package io.batchd.api.cloudrun;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tasks as views of pods: one task per completion index of an execution, shown through the latest
 * pod (attempt) of that index; earlier pods of the index are its retries.
 */
public final class TaskViews {
  static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";

  private TaskViews() {}

  /** The task name of an index: the execution's name and the index, as Cloud Run names them. */
  public static String taskName(String execution, int index) {
    return execution + "-task" + index;
  }

  /** The tasks of the pods given, which may belong to several executions; ordered by name. */
  public static List<RunTask> of(List<Pod> pods, Map<String, RunExecution> executions) {
    Map<String, List<Pod>> byTask = new TreeMap<>();
    for (Pod pod : pods) {
      Map<String, String> labels = pod.getMetadata().getLabels();
      String execution = labels == null ? null : labels.get(RunLabels.EXECUTION);
      Integer index = index(pod);
      if (execution == null || index == null || !executions.containsKey(execution)) {
        continue;
      }
      byTask.computeIfAbsent(taskName(execution, index), k -> new ArrayList<>()).add(pod);
    }
    List<RunTask> tasks = new ArrayList<>();
    for (List<Pod> attempts : byTask.values()) {
      attempts.sort(
          Comparator.comparing((Pod p) -> p.getMetadata().getCreationTimestamp())
              .thenComparing(p -> p.getMetadata().getName()));
      String execution = attempts.get(0).getMetadata().getLabels().get(RunLabels.EXECUTION);
      tasks.add(view(executions.get(execution), attempts));
    }
    return tasks;
  }

  private static Integer index(Pod pod) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(COMPLETION_INDEX);
    try {
      return value == null ? null : Integer.valueOf(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static RunTask view(RunExecution execution, List<Pod> attempts) {
    Pod first = attempts.get(0);
    Pod latest = attempts.get(attempts.size() - 1);
    int index = index(latest);
    ObjectMeta meta = new ObjectMeta();
    meta.setName(taskName(execution.name(), index));
    meta.setNamespace(execution.namespace());
    meta.setUid(latest.getMetadata().getUid());
    meta.setResourceVersion(latest.getMetadata().getResourceVersion());
    meta.setGeneration(1L);
    meta.setCreationTimestamp(first.getMetadata().getCreationTimestamp());
    Map<String, String> labels = new LinkedHashMap<>();
    Map<String, String> executionLabels = execution.getMetadata().getLabels();
    labels.put(RunLabels.JOB, executionLabels == null ? null : executionLabels.get(RunLabels.JOB));
    labels.put(RunLabels.EXECUTION, execution.name());
    labels.put(RunLabels.TASK_INDEX, Integer.toString(index));
    // gcloud shows a task's state from this label; the pod phases carry the same names.
    String phase = latest.getStatus() == null ? null : latest.getStatus().getPhase();
    labels.put(RunLabels.RUNNING_STATE, phase == null ? "Pending" : phase);
    meta.setLabels(labels);
    OwnerReference owner = new OwnerReference();
    owner.setApiVersion(RunResource.API_VERSION);
    owner.setKind(RunExecution.KIND);
    owner.setName(execution.name());
    owner.setUid(execution.getMetadata().getUid());
    owner.setController(true);
    meta.setOwnerReferences(List.of(owner));
    RunTask task = new RunTask();
    task.setMetadata(meta);
    task.setSpec(execution.getSpec().taskSpec());
    task.setStatus(status(latest, attempts, index));
    return task;
  }

  private static TaskStatus status(Pod latest, List<Pod> attempts, int index) {
    String phase = latest.getStatus() == null ? null : latest.getStatus().getPhase();
    ContainerStateTerminated lastExit = null;
    for (Pod attempt : attempts) {
      ContainerStateTerminated t = terminated(attempt);
      if (t != null) {
        lastExit = t;
      }
    }
    TaskAttemptResult result = null;
    if (lastExit != null) {
      RpcStatus why =
          lastExit.getExitCode() == 0
              ? null
              : new RpcStatus(
                  2,
                  "Task "
                      + latest.getMetadata().getName()
                      + " failed with exit code "
                      + lastExit.getExitCode()
                      + (lastExit.getReason() == null ? "" : " (" + lastExit.getReason() + ")"));
      result = new TaskAttemptResult(lastExit.getExitCode(), why);
    }
    String completed = "Unknown";
    String reason = phase;
    if ("Succeeded".equals(phase)) {
      completed = "True";
    } else if ("Failed".equals(phase)) {
      completed = "False";
    }
    ContainerStateTerminated latestExit = terminated(latest);
    String startTime = latest.getStatus() == null ? null : latest.getStatus().getStartTime();
    return new TaskStatus(
        1,
        List.of(RunCondition.of("Completed", completed, reason, null)),
        index,
        attempts.size() - 1,
        startTime,
        latestExit == null || "Unknown".equals(completed) ? null : latestExit.getFinishedAt(),
        result,
        "/api/v1/namespaces/"
            + latest.getMetadata().getNamespace()
            + "/pods/"
            + latest.getMetadata().getName()
            + "/log");
  }

  private static ContainerStateTerminated terminated(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return null;
    }
    for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
      if (cs.getState() != null && cs.getState().getTerminated() != null) {
        return cs.getState().getTerminated();
      }
    }
    return null;
  }
}
