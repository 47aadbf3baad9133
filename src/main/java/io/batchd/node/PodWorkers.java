package io.batchd.node;

import io.batchd.api.errors.StatusException;
import io.batchd.node.runtime.PodSandbox;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Preconditions;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pods bound to this node and the worker carrying out each one. Pods that have finished keep
 * their sandbox (their logs) until they are deleted.
 */
final class PodWorkers {
  private static final Logger log = LoggerFactory.getLogger(PodWorkers.class);

  private final PodWorkerContext ctx;
  private final Map<String, PodWorker> workers = new ConcurrentHashMap<>();
  private final Map<String, Thread> threads = new ConcurrentHashMap<>();
  private final Map<String, PodSandbox> sandboxes = new ConcurrentHashMap<>();

  /**
   * Pods whose worker has ended. An event written before the end may arrive after it, still showing
   * the pod running; the pod must not be started again.
   */
  private final java.util.Set<String> finished = ConcurrentHashMap.newKeySet();

  PodWorkers(PodWorkerContext ctx) {
    this.ctx = ctx;
  }

  /** A pod bound to this node was added or changed. */
  void changed(Pod pod) {
    String uid = pod.getMetadata().getUid();
    PodWorker worker = workers.get(uid);
    if (worker != null) {
      worker.update(pod);
      return;
    }
    if (isTerminal(pod) || finished.contains(uid)) {
      if (isTerminal(pod) && pod.getMetadata().getDeletionTimestamp() != null) {
        confirmDeletion(pod);
      }
      return;
    }
    PodWorker created =
        new PodWorker(
            ctx,
            pod,
            workers::size,
            () -> {
              finished.add(uid);
              threads.remove(uid);
              PodWorker done = workers.remove(uid);
              if (done != null && done.sandbox() != null) {
                sandboxes.put(uid, done.sandbox());
              }
            });
    if (workers.putIfAbsent(uid, created) == null) {
      threads.put(
          uid, Thread.ofVirtual().name("pod-" + pod.getMetadata().getName()).start(created));
    }
  }

  /**
   * Stops every worker, and with it its containers at once: the agent is going away and nothing
   * would report their ends.
   */
  void close() {
    threads.values().forEach(Thread::interrupt);
    threads.clear();
  }

  /** A pod bound to this node is gone from the API. */
  void deleted(Pod pod) {
    String uid = pod.getMetadata().getUid();
    PodWorker worker = workers.get(uid);
    if (worker != null) {
      worker.removed();
    }
    finished.remove(uid);
    PodSandbox sandbox = sandboxes.remove(uid);
    if (sandbox != null) {
      ctx.runtime().removeSandbox(sandbox);
    }
  }

  /** The sandbox of a pod this agent runs or ran, for its logs. */
  Optional<PodSandbox> sandbox(String uid) {
    PodWorker worker = workers.get(uid);
    if (worker != null && worker.sandbox() != null) {
      return Optional.of(worker.sandbox());
    }
    return Optional.ofNullable(sandboxes.get(uid));
  }

  /**
   * When the given attempt of a container of a running pod ends; an attempt this agent is not
   * running (finished, or of a pod that finished) has ended already.
   */
  java.util.concurrent.CompletionStage<?> attemptEnd(String uid, String container, int attempt) {
    PodWorker worker = workers.get(uid);
    if (worker == null) {
      return java.util.concurrent.CompletableFuture.completedFuture(null);
    }
    return worker
        .attemptEnd(container, attempt)
        .<java.util.concurrent.CompletionStage<?>>map(f -> f)
        .orElse(java.util.concurrent.CompletableFuture.completedFuture(null));
  }

  int running() {
    return workers.size();
  }

  /** A finished pod being deleted has nothing left to stop: the deletion completes at once. */
  private void confirmDeletion(Pod pod) {
    DeleteOptions confirm = new DeleteOptions();
    confirm.setGracePeriodSeconds(0L);
    confirm.setPreconditions(new Preconditions(null, pod.getMetadata().getUid()));
    try {
      ctx.pods().delete(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), confirm);
    } catch (StatusException e) {
      log.debug("deletion of {} not confirmed: {}", pod.getMetadata().getName(), e.getMessage());
    }
  }

  private static boolean isTerminal(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }
}
