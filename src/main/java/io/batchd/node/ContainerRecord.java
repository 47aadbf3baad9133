package io.batchd.node;

import io.batchd.node.runtime.ContainerExit;
import io.batchd.node.runtime.RunningContainer;
import java.time.Instant;

/**
 * What the agent knows of one container of a pod: the process running now, how its last run ended,
 * and why it is waiting. Only the pod's worker thread touches it.
 */
final class ContainerRecord {
  final String name;
  final String image;
  final boolean init;
  RunningContainer running;

  /** How the current run ended; null while running or before the first start. */
  ContainerExit exit;

  /** The current run's start, kept after it ends. */
  Instant startedAt;

  /** How the run before the current one ended, for {@code lastState}. */
  ContainerExit previousExit;

  Instant previousStartedAt;
  int restartCount;

  /** Why the container is not running, when it is waiting (ContainerCreating, CrashLoopBackOff). */
  String waitingReason = "ContainerCreating";

  String waitingMessage;

  /** When a restart after a crash is allowed, during crash-loop backoff. */
  Instant restartAt;

  /** Whether the current run has passed its startup probe (true without one). */
  boolean startupPassed = true;

  /** Whether the current run's readiness probe says ready (true without one). */
  boolean readinessPassed = true;

  /** The probe workers of the current run. */
  final java.util.List<io.batchd.node.probes.ProbeWorker> probes = new java.util.ArrayList<>();

  ContainerRecord(String name, String image, boolean init) {
    this.name = name;
    this.image = image;
    this.init = init;
  }

  boolean isRunning() {
    return running != null && exit == null;
  }

  /** Running, and past its startup probe if it has one: the status' {@code started}. */
  boolean isStarted() {
    return isRunning() && startupPassed;
  }

  /** Started and, if it has a readiness probe, ready by it: the status' {@code ready}. */
  boolean isReady() {
    return isStarted() && readinessPassed;
  }

  void stopProbes() {
    probes.forEach(io.batchd.node.probes.ProbeWorker::stop);
    probes.clear();
  }

  boolean isTerminated() {
    return exit != null;
  }

  boolean succeeded() {
    return exit != null && exit.exitCode() == 0;
  }

  /** Moves the finished run to {@code lastState} before a restart. */
  void prepareRestart() {
    previousExit = exit;
    previousStartedAt = startedAt;
    exit = null;
    running = null;
    restartCount++;
  }
}
