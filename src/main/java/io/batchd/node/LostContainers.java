package io.batchd.node;

import io.batchd.node.runtime.ContainerExit;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.List;

/**
 * Picks up a pod that an earlier run of the agent was carrying out (the server restarted):
 * containers that had finished keep their result; containers that were running are lost with the
 * process that watched them and are reported as the kubelet reports a container it cannot find.
 */
final class LostContainers {
  static final String REASON = "ContainerStatusUnknown";
  static final String MESSAGE = "The container could not be located when the pod was terminated";

  private LostContainers() {}

  static void recover(
      Pod pod, List<ContainerRecord> init, List<ContainerRecord> containers, Instant now) {
    if (pod.getStatus() == null) {
      return;
    }
    apply(pod.getStatus().getInitContainerStatuses(), init, now);
    apply(pod.getStatus().getContainerStatuses(), containers, now);
  }

  /**
   * Kills the process of a lost container if it outlived the agent that started it: the pid is in
   * the container id, and a start time within a second of the recorded one tells it is the same
   * process rather than a later one with a reused pid.
   */
  private static void killOrphan(String containerId, Instant startedAt) {
    if (containerId == null || !containerId.startsWith("process://") || startedAt == null) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(containerId.substring("process://".length()));
    } catch (NumberFormatException e) {
      return;
    }
    ProcessHandle.of(pid)
        .filter(
            p ->
                p.info()
                    .startInstant()
                    .map(s -> Math.abs(s.getEpochSecond() - startedAt.getEpochSecond()) <= 1)
                    .orElse(false))
        .ifPresent(
            p -> {
              p.descendants().forEach(ProcessHandle::destroyForcibly);
              p.destroyForcibly();
            });
  }

  private static void apply(
      List<ContainerStatus> statuses, List<ContainerRecord> records, Instant now) {
    for (ContainerStatus status : statuses) {
      for (ContainerRecord record : records) {
        if (!record.name.equals(status.getName()) || status.getState() == null) {
          continue;
        }
        record.restartCount = status.getRestartCount() == null ? 0 : status.getRestartCount();
        ContainerStateTerminated t = status.getState().getTerminated();
        if (t != null) {
          record.startedAt = t.getStartedAt() == null ? null : Instant.parse(t.getStartedAt());
          record.exit =
              new ContainerExit(
                  t.getExitCode(),
                  t.getReason(),
                  t.getMessage(),
                  t.getFinishedAt() == null ? now : Instant.parse(t.getFinishedAt()),
                  t.getSignal());
        } else if (status.getState().getRunning() != null) {
          String started = status.getState().getRunning().getStartedAt();
          record.startedAt = started == null ? null : Instant.parse(started);
          record.exit = new ContainerExit(137, REASON, MESSAGE, now, null);
          killOrphan(status.getContainerID(), record.startedAt);
        }
      }
    }
  }
}
