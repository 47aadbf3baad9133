package io.batchd.node;

import io.batchd.api.errors.StatusException;
import io.batchd.node.probes.CommandRunner;
import io.batchd.node.probes.ProbeKind;
import io.batchd.node.probes.ProbeOutcome;
import io.batchd.node.probes.ProbeWorker;
import io.batchd.node.runtime.ContainerConfigException;
import io.batchd.node.runtime.ContainerExit;
import io.batchd.node.runtime.ContainerStartException;
import io.batchd.node.runtime.PodSandbox;
import io.batchd.node.runtime.RunningContainer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Preconditions;
import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries one pod through its life on this node, as the kubelet's pod worker does: init containers
 * in order, then all containers, restarts by the restart policy with crash-loop backoff, the active
 * deadline, and graceful termination when the pod is deleted. Everything happens on the worker's
 * own thread; container exits and pod updates arrive as messages.
 */
final class PodWorker implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(PodWorker.class);
  private static final Duration SANDBOX_RETRY = Duration.ofSeconds(10);
  static final String DEADLINE_MESSAGE =
      "Pod was active on the node longer than the specified deadline";

  private final PodWorkerContext ctx;
  private final BlockingQueue<Consumer<PodWorker>> inbox = new LinkedBlockingQueue<>();
  private final Runnable onFinished;
  private final List<ContainerRecord> init = new ArrayList<>();
  private final List<ContainerRecord> containers = new ArrayList<>();

  /** How long a status short of the pod's end is held back for a newer one (see writeStatus). */
  static final Duration STATUS_WINDOW = Duration.ofMillis(5);

  /**
   * More pods than this running on the node and statuses short of the end are held back; with
   * fewer, each is written at once. A busy node saves a write per quick pod; a quiet one reports
   * its pods Running 5 ms sooner (P2 measured the hold as half of the agent's share of a pod's
   * start on an idle server).
   */
  static final int HOLD_STATUS_ABOVE_PODS = 4;

  private final IntSupplier podsRunning;
  private Pod pod;
  private PodSandbox sandbox;
  private Instant sandboxRetryAt;
  private Instant startTime;
  private String terminalReason;
  private String terminalMessage;
  private boolean stopping;
  private boolean removed;
  private PodStatus written;

  /**
   * When a status short of the end, held back, is written ({@link System#nanoTime()}); 0 when none
   * is held back.
   */
  private long statusDueNanos;

  /** The pod as this worker's last status write stored it. */
  private Pod lastStored;

  /** When each started container attempt ends, by {@code name/attempt}, for following logs. */
  private final java.util.Map<String, java.util.concurrent.CompletableFuture<ContainerExit>>
      attempts = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * @param podsRunning how many pods run on the node now (see {@link #HOLD_STATUS_ABOVE_PODS})
   */
  PodWorker(PodWorkerContext ctx, Pod pod, IntSupplier podsRunning, Runnable onFinished) {
    this.ctx = ctx;
    this.pod = pod;
    this.podsRunning = podsRunning;
    this.onFinished = onFinished;
    for (Container c : pod.getSpec().getInitContainers()) {
      init.add(new ContainerRecord(c.getName(), c.getImage(), true));
    }
    for (Container c : pod.getSpec().getContainers()) {
      containers.add(new ContainerRecord(c.getName(), c.getImage(), false));
    }
    LostContainers.recover(pod, init, containers, ctx.clock().instant());
    if (pod.getStatus() != null && pod.getStatus().getStartTime() != null) {
      startTime = Instant.parse(pod.getStatus().getStartTime());
    }
  }

  String uid() {
    return pod.getMetadata().getUid();
  }

  /** A newer version of the pod (deletion, a changed deadline or image). */
  void update(Pod latest) {
    inbox.add(w -> w.pod = latest);
  }

  /** The pod is gone from the API: stop everything at once. */
  void removed() {
    inbox.add(w -> w.removed = true);
  }

  @Override
  public void run() {
    try {
      while (true) {
        step();
        if (isDone()) {
          break;
        }
        Consumer<PodWorker> message = inbox.poll(waitMillis(), TimeUnit.MILLISECONDS);
        while (message != null) {
          message.accept(this);
          message = inbox.poll();
        }
      }
      finish();
    } catch (InterruptedException e) {
      stopAll(Duration.ZERO);
    } catch (RuntimeException e) {
      log.error("pod worker for {} failed", name(), e);
    } finally {
      all().forEach(ContainerRecord::stopProbes);
      onFinished.run();
    }
  }

  private boolean isDone() {
    if (removed || stopping) {
      return allStopped();
    }
    String phase = currentPhase();
    return (phase.equals("Succeeded") || phase.equals("Failed")) && allStopped();
  }

  /** One pass: start what is due, stop what must stop, and report the status if it changed. */
  private void step() {
    Instant now = ctx.clock().instant();
    if (removed || pod.getMetadata().getDeletionTimestamp() != null) {
      if (!stopping) {
        stopping = true;
        stopAll(gracePeriod());
      }
      writeStatus(now);
      return;
    }
    if (terminalReason == null && deadlinePassed(now)) {
      terminalReason = "DeadlineExceeded";
      terminalMessage = DEADLINE_MESSAGE;
      ctx.events().normal(pod, "DeadlineExceeded", DEADLINE_MESSAGE);
      stopAll(gracePeriod());
    }
    if (terminalReason == null) {
      if (sandbox == null) {
        createSandbox(now);
      }
      if (sandbox != null) {
        startDue(now);
      }
    }
    writeStatus(now);
  }

  private void createSandbox(Instant now) {
    if (sandboxRetryAt != null && now.isBefore(sandboxRetryAt)) {
      return;
    }
    try {
      sandbox = ctx.runtime().createSandbox(pod);
      if (startTime == null) {
        startTime = now;
      }
    } catch (ContainerConfigException e) {
      sandboxRetryAt = now.plus(SANDBOX_RETRY);
      for (ContainerRecord c : all()) {
        c.waitingReason = "CreateContainerConfigError";
        c.waitingMessage = e.getMessage();
      }
    }
  }

  /** Starts the next init container, or every regular container that is due. */
  private void startDue(Instant now) {
    String policy = pod.getSpec().getRestartPolicy();
    for (int i = 0; i < init.size(); i++) {
      ContainerRecord c = init.get(i);
      if (c.succeeded()) {
        continue;
      }
      if (c.isRunning()) {
        return;
      }
      if (c.isTerminated()) {
        if ("Never".equals(policy)) {
          return; // the pod has failed
        }
        scheduleRestart(c, now);
      }
      startIfDue(c, pod.getSpec().getInitContainers().get(i), now);
      return;
    }
    for (int i = 0; i < containers.size(); i++) {
      ContainerRecord c = containers.get(i);
      if (c.isRunning()) {
        continue;
      }
      if (c.isTerminated()) {
        boolean restart = "Always".equals(policy) || ("OnFailure".equals(policy) && !c.succeeded());
        if (!restart) {
          continue;
        }
        scheduleRestart(c, now);
      }
      startIfDue(c, pod.getSpec().getContainers().get(i), now);
    }
  }

  private void scheduleRestart(ContainerRecord c, Instant now) {
    Duration delay = ctx.backoff().delay(c.restartCount);
    c.prepareRestart();
    c.restartAt = c.previousExit.finishedAt().plus(delay);
    c.waitingReason = "CrashLoopBackOff";
    event(
        c,
        "Warning",
        "BackOff",
        "Back-off restarting failed container "
            + c.name
            + " in pod "
            + pod.getMetadata().getName()
            + "_"
            + pod.getMetadata().getNamespace()
            + "("
            + pod.getMetadata().getUid()
            + ")");
    c.waitingMessage =
        CrashLoopBackoff.message(
            delay,
            c.name,
            pod.getMetadata().getName(),
            pod.getMetadata().getNamespace(),
            pod.getMetadata().getUid());
  }

  private void startIfDue(ContainerRecord c, Container spec, Instant now) {
    if (c.restartAt != null && now.isBefore(c.restartAt)) {
      return;
    }
    c.restartAt = null;
    try {
      RunningContainer running = ctx.runtime().start(sandbox, spec, c.restartCount);
      attempts.put(c.name + "/" + c.restartCount, running.exit());
      c.running = running;
      c.startedAt = running.startedAt();
      c.waitingReason = null;
      c.waitingMessage = null;
      event(c, "Normal", "Created", "Created container " + c.name);
      event(c, "Normal", "Started", "Started container " + c.name);
      c.startupPassed = spec.getStartupProbe() == null;
      c.readinessPassed = spec.getReadinessProbe() == null;
      if (!c.init) {
        if (spec.getStartupProbe() != null) {
          startProbe(c, spec, running, ProbeKind.STARTUP, spec.getStartupProbe());
        } else {
          startLivenessAndReadiness(c, spec, running);
        }
      }
      running
          .exit()
          .whenComplete(
              (exit, error) -> {
                ContainerExit result =
                    exit != null
                        ? exit
                        : new ContainerExit(
                            137, "Error", String.valueOf(error), ctx.clock().instant(), null);
                inbox.add(w -> w.exited(c, running, result));
              });
    } catch (ContainerConfigException e) {
      if (!e.getMessage().equals(c.waitingMessage)) {
        event(c, "Warning", "Failed", "Error: " + e.getMessage());
      }
      c.waitingReason = "CreateContainerConfigError";
      c.waitingMessage = e.getMessage();
      c.restartAt = now.plus(SANDBOX_RETRY);
    } catch (ContainerStartException e) {
      event(c, "Warning", "Failed", "Error: " + e.getMessage());
      // As a runtime reports a command it cannot execute: terminated with 128, StartError.
      c.startedAt = now;
      c.exit = new ContainerExit(128, "StartError", e.getMessage(), now, null);
    }
  }

  private void exited(ContainerRecord c, RunningContainer run, ContainerExit exit) {
    if (c.running == run) {
      c.exit = exit;
      c.stopProbes();
    }
  }

  private void startLivenessAndReadiness(
      ContainerRecord c, Container spec, RunningContainer running) {
    if (spec.getLivenessProbe() != null) {
      startProbe(c, spec, running, ProbeKind.LIVENESS, spec.getLivenessProbe());
    }
    if (spec.getReadinessProbe() != null) {
      startProbe(c, spec, running, ProbeKind.READINESS, spec.getReadinessProbe());
    }
  }

  private void startProbe(
      ContainerRecord c, Container spec, RunningContainer running, ProbeKind kind, Probe probe) {
    int attempt = c.restartCount;
    PodSandbox podSandbox = sandbox;
    CommandRunner exec =
        (command, timeout) -> ctx.runtime().exec(podSandbox, spec, attempt, command, timeout);
    ProbeWorker.Listener listener =
        new ProbeWorker.Listener() {
          @Override
          public void failedAttempt(ProbeKind k, ProbeOutcome outcome) {
            inbox.add(
                w -> {
                  if (c.running == running && c.isRunning()) {
                    w.event(c, "Warning", "Unhealthy", outcome.eventMessage(k));
                  }
                });
          }

          @Override
          public void settled(ProbeKind k, boolean success) {
            inbox.add(w -> w.probeSettled(c, spec, running, k, success));
          }
        };
    c.probes.add(
        ProbeWorker.start(
            kind, probe, spec, running.startedAt(), ctx.prober(), exec, ctx.clock(), listener));
  }

  /** A probe's settled result changed: readiness, or a restart after liveness or startup failed. */
  private void probeSettled(
      ContainerRecord c, Container spec, RunningContainer running, ProbeKind kind, boolean ok) {
    if (c.running != running || !c.isRunning() || stopping || terminalReason != null) {
      return;
    }
    switch (kind) {
      case READINESS -> c.readinessPassed = ok;
      case STARTUP -> {
        if (ok) {
          c.startupPassed = true;
          startLivenessAndReadiness(c, spec, running);
        } else {
          killForProbe(c, spec, running, kind, spec.getStartupProbe());
        }
      }
      case LIVENESS -> {
        if (!ok) {
          killForProbe(c, spec, running, kind, spec.getLivenessProbe());
        }
      }
    }
  }

  /** Stops a container whose liveness or startup probe failed; its exit restarts it by policy. */
  private void killForProbe(
      ContainerRecord c, Container spec, RunningContainer running, ProbeKind kind, Probe probe) {
    c.stopProbes();
    String message = "Container " + c.name + " failed " + kind.lowerCase() + " probe";
    if (!"Never".equals(pod.getSpec().getRestartPolicy())) {
      message += ", will be restarted";
    }
    event(c, "Normal", "Killing", message);
    // A probe-level terminationGracePeriodSeconds overrides the pod's for probe kills.
    Duration grace =
        probe.getTerminationGracePeriodSeconds() != null
            ? Duration.ofSeconds(Math.max(0, probe.getTerminationGracePeriodSeconds()))
            : specGracePeriod();
    Thread.ofVirtual().name("stop-" + c.name).start(() -> running.stop(grace));
  }

  private Duration specGracePeriod() {
    Long seconds = pod.getSpec().getTerminationGracePeriodSeconds();
    return Duration.ofSeconds(seconds == null ? 30 : Math.max(0, seconds));
  }

  private boolean deadlinePassed(Instant now) {
    Long seconds = pod.getSpec().getActiveDeadlineSeconds();
    return seconds != null && startTime != null && !now.isBefore(startTime.plusSeconds(seconds));
  }

  private Duration gracePeriod() {
    Long seconds = pod.getMetadata().getDeletionGracePeriodSeconds();
    if (seconds == null) {
      seconds = pod.getSpec().getTerminationGracePeriodSeconds();
    }
    return Duration.ofSeconds(seconds == null ? 30 : Math.max(0, seconds));
  }

  private void stopAll(Duration grace) {
    for (ContainerRecord c : all()) {
      c.stopProbes();
      if (c.isRunning()) {
        RunningContainer running = c.running;
        event(c, "Normal", "Killing", "Stopping container " + c.name);
        // stop() waits for the process; the worker keeps reporting meanwhile.
        Thread.ofVirtual().name("stop-" + c.name).start(() -> running.stop(grace));
      } else if (!c.isTerminated()) {
        c.restartAt = null;
      }
    }
  }

  private boolean allStopped() {
    return all().stream().noneMatch(ContainerRecord::isRunning);
  }

  private List<ContainerRecord> all() {
    List<ContainerRecord> all = new ArrayList<>(init);
    all.addAll(containers);
    return all;
  }

  private String currentPhase() {
    if (terminalReason != null) {
      return "Failed";
    }
    return PodStatusComputer.phase(pod.getSpec().getRestartPolicy(), init, containers, null);
  }

  /** How long to wait for a message before the next timer (restart, deadline, sandbox retry). */
  private long waitMillis() {
    Instant now = ctx.clock().instant();
    Instant next = null;
    for (ContainerRecord c : all()) {
      if (c.restartAt != null) {
        next = earlier(next, c.restartAt);
      }
    }
    if (sandbox == null && sandboxRetryAt != null) {
      next = earlier(next, sandboxRetryAt);
    }
    Long deadline = pod.getSpec().getActiveDeadlineSeconds();
    if (deadline != null && startTime != null && terminalReason == null) {
      next = earlier(next, startTime.plusSeconds(deadline));
    }
    long wait =
        next == null ? Long.MAX_VALUE : Math.max(1, Duration.between(now, next).toMillis() + 1);
    if (statusDueNanos != 0) {
      long untilStatus = Math.max(1, (statusDueNanos - System.nanoTime()) / 1_000_000 + 1);
      wait = Math.min(wait, untilStatus);
    }
    return wait;
  }

  private static Instant earlier(Instant a, Instant b) {
    return a == null || b.isBefore(a) ? b : a;
  }

  private void writeStatus(Instant now) {
    if (removed) {
      return;
    }
    boolean terminating = stopping;
    PodStatus next =
        PodStatusComputer.compute(
            pod,
            init,
            containers,
            sandbox != null && !terminating,
            ctx.options().hostIp(),
            startTime,
            now,
            terminalReason,
            terminalMessage);
    if (terminating && allStopped() && !isTerminal(next.getPhase())) {
      // A deleted pod whose containers were stopped ends Failed unless all of them succeeded.
      boolean allSucceeded = containers.stream().allMatch(ContainerRecord::succeeded);
      next.setPhase(allSucceeded ? "Succeeded" : "Failed");
    }
    if (sameAsWritten(next)) {
      statusDueNanos = 0;
      return;
    }
    if (!terminating
        && !isTerminal(next.getPhase())
        && podsRunning.getAsInt() > HOLD_STATUS_ABOVE_PODS) {
      // On a busy node a state short of the end waits a moment: a container that ends within it
      // (a quick command) goes straight to its final status, one write instead of two, as the
      // kubelet, which looks at its containers once a second, reports most short containers.
      long nowNanos = System.nanoTime();
      if (statusDueNanos == 0) {
        statusDueNanos = nowNanos + STATUS_WINDOW.toNanos();
        return;
      }
      if (nowNanos - statusDueNanos < 0) {
        return;
      }
    }
    statusDueNanos = 0;
    try {
      Optional<Pod> stored = writeOnKnown(next, terminating, now);
      if (stored == null) {
        stored =
            ctx.pods()
                .edit(
                    pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(),
                    current -> withStatus(current, next, terminating, now),
                    true);
      }
      stored.ifPresent(
          p -> {
            written = next;
            lastStored = p;
          });
    } catch (StatusException e) {
      log.warn("could not write the status of pod {}: {}", name(), e.getMessage());
    }
  }

  /**
   * The status written on a copy of the newest version of the pod this worker knows (the one it
   * last stored, or the informer's if newer), without reading it first: the kubelet is usually the
   * only writer of a running pod, so this is right first time and saves a read per write. Returns
   * null on a conflict, for the caller to read and retry; empty if the pod is gone.
   */
  private Optional<Pod> writeOnKnown(PodStatus next, boolean terminating, Instant now) {
    Pod known = newer(lastStored, pod);
    // A status write carries the metadata (its resourceVersion is the precondition) and the
    // status; the server keeps the stored spec. So the pod sent gets a copy of the metadata, the
    // status is computed on the cached spec, and the spec (costly to copy) is left out.
    Pod changed =
        withStatus(
            new Pod(
                known.getApiVersion(),
                known.getKind(),
                new ObjectMetaBuilder(known.getMetadata()).build(),
                known.getSpec(),
                known.getStatus()),
            next,
            terminating,
            now);
    if (changed == null) {
      return Optional.empty();
    }
    changed.setSpec(new PodSpec());
    try {
      return Optional.of(ctx.pods().updateStatus(changed));
    } catch (StatusException e) {
      if (e.code() == 404) {
        return Optional.empty();
      }
      if (e.code() == 409) {
        return null;
      }
      throw e;
    }
  }

  /** The status computed on {@code current}; null if it is another pod of the same name. */
  private Pod withStatus(Pod current, PodStatus next, boolean terminating, Instant now) {
    if (!current.getMetadata().getUid().equals(uid())) {
      return null;
    }
    PodStatus merged =
        PodStatusComputer.compute(
            current,
            init,
            containers,
            sandbox != null && !terminating,
            ctx.options().hostIp(),
            startTime,
            now,
            terminalReason,
            terminalMessage);
    merged.setPhase(next.getPhase());
    current.setStatus(merged);
    return current;
  }

  /** Of two versions of the pod, the one with the higher resourceVersion (a store revision). */
  private static Pod newer(Pod a, Pod b) {
    if (a == null) {
      return b;
    }
    return revision(a) >= revision(b) ? a : b;
  }

  private static long revision(Pod p) {
    try {
      return Long.parseLong(p.getMetadata().getResourceVersion());
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private boolean sameAsWritten(PodStatus next) {
    if (written == null) {
      return false;
    }
    // Transition times are the only part that changes without a change of state.
    return PodStatusComputer.withoutTimes(written).equals(PodStatusComputer.withoutTimes(next));
  }

  private static boolean isTerminal(String phase) {
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  /** After the last container stopped: confirm a deletion, and free the sandbox if gone. */
  private void finish() {
    if (stopping && !removed) {
      DeleteOptions confirm = new DeleteOptions();
      confirm.setGracePeriodSeconds(0L);
      confirm.setPreconditions(new Preconditions(null, uid()));
      try {
        ctx.pods().delete(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), confirm);
      } catch (StatusException e) {
        log.debug("pod {} deletion not confirmed: {}", name(), e.getMessage());
      }
    }
    if ((stopping || removed) && sandbox != null) {
      ctx.runtime().removeSandbox(sandbox);
    }
  }

  private void event(ContainerRecord c, String type, String reason, String message) {
    String path = (c.init ? "spec.initContainers{" : "spec.containers{") + c.name + "}";
    ctx.events().record(pod, path, type, reason, message);
  }

  /** When the given attempt of a container ends; empty if this worker never started it. */
  java.util.Optional<java.util.concurrent.CompletableFuture<ContainerExit>> attemptEnd(
      String container, int attempt) {
    return java.util.Optional.ofNullable(attempts.get(container + "/" + attempt));
  }

  PodSandbox sandbox() {
    return sandbox;
  }

  private String name() {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }
}
