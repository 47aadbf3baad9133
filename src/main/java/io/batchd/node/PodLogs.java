package io.batchd.node;

import io.batchd.api.errors.StatusException;
import io.batchd.node.logs.ContainerLogReader;
import io.batchd.node.logs.LogOptions;
import io.batchd.node.logs.LogSink;
import io.batchd.node.runtime.PodSandbox;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the log of a container of a pod this agent runs, as the kubelet serves {@code
 * containerLogs}: the current attempt, or with {@code previous} the one before it, refusing with
 * upstream's 400 messages when there is nothing to read yet.
 */
final class PodLogs {
  private final PodWorkers workers;

  PodLogs(PodWorkers workers) {
    this.workers = workers;
  }

  void stream(Pod pod, String container, boolean previous, LogOptions options, LogSink sink)
      throws InterruptedException {
    String uid = pod.getMetadata().getUid();
    String name = pod.getMetadata().getName();
    Optional<ContainerStatus> status = status(pod, container);
    Optional<PodSandbox> sandbox = workers.sandbox(uid);
    int restarts = status.map(s -> s.getRestartCount() == null ? 0 : s.getRestartCount()).orElse(0);
    if (previous) {
      if (restarts == 0 || sandbox.isEmpty()) {
        throw StatusException.badRequest(
            "previous terminated container \""
                + container
                + "\" in pod \""
                + name
                + "\" not found");
      }
      copy(sandbox.get().logFile(container, restarts - 1), null, options, sink);
      return;
    }
    boolean started =
        status.isPresent()
            && status.get().getState() != null
            && (status.get().getState().getRunning() != null
                || status.get().getState().getTerminated() != null);
    Path file = sandbox.map(s -> s.logFile(container, restarts)).orElse(null);
    if (file != null && !started && !Files.exists(file) && restarts > 0) {
      // As the kubelet: a container waiting to restart (CrashLoopBackOff) shows the log of the
      // attempt that ended last.
      copy(sandbox.get().logFile(container, restarts - 1), null, options, sink);
      return;
    }
    if (file == null || (!started && !Files.exists(file))) {
      String reason =
          status
              .map(ContainerStatus::getState)
              .map(s -> s.getWaiting() == null ? null : s.getWaiting().getReason())
              .orElse("ContainerCreating");
      throw StatusException.badRequest(
          "container \""
              + container
              + "\" in pod \""
              + name
              + "\" is waiting to start: "
              + (reason == null ? "ContainerCreating" : reason));
    }
    copy(file, workers.attemptEnd(uid, container, restarts), options, sink);
  }

  private static void copy(
      Path file, java.util.concurrent.CompletionStage<?> ended, LogOptions options, LogSink sink)
      throws InterruptedException {
    if (!Files.exists(file)) {
      return; // nothing written yet, and nothing ever will be
    }
    try {
      new ContainerLogReader(
              file,
              ended == null ? java.util.concurrent.CompletableFuture.completedFuture(null) : ended)
          .copy(options, sink);
    } catch (IOException e) {
      throw new StatusException(
          500, "InternalError", "cannot read the log of the container: " + e.getMessage(), null);
    }
  }

  private static Optional<ContainerStatus> status(Pod pod, String container) {
    if (pod.getStatus() == null) {
      return Optional.empty();
    }
    List<ContainerStatus> all = new ArrayList<>(pod.getStatus().getContainerStatuses());
    all.addAll(pod.getStatus().getInitContainerStatuses());
    return all.stream().filter(s -> container.equals(s.getName())).findFirst();
  }
}
