package io.batchd.node.probes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Probes one container attempt with one of its probes, on its own virtual thread, as the kubelet's
 * probe worker: the first attempt once {@code initialDelaySeconds} have passed since the container
 * started, then one every {@code periodSeconds}, each cut at {@code timeoutSeconds}. The listener
 * hears every failed attempt (for the Unhealthy event) and every change of the settled result. A
 * liveness or startup probe stops after a settled failure (the container is restarted and gets new
 * workers), a startup probe also after its success.
 */
public final class ProbeWorker {
  /** What the pod worker hears; called on the probe's thread. */
  public interface Listener {
    void failedAttempt(ProbeKind kind, ProbeOutcome outcome);

    void settled(ProbeKind kind, boolean success);
  }

  private final ProbeKind kind;
  private final Probe probe;
  private final Container container;
  private final Instant containerStarted;
  private final Prober prober;
  private final CommandRunner exec;
  private final Clock clock;
  private final Listener listener;
  private volatile boolean stopped;
  private Thread thread;

  private ProbeWorker(
      ProbeKind kind,
      Probe probe,
      Container container,
      Instant containerStarted,
      Prober prober,
      CommandRunner exec,
      Clock clock,
      Listener listener) {
    this.kind = kind;
    this.probe = probe;
    this.container = container;
    this.containerStarted = containerStarted;
    this.prober = prober;
    this.exec = exec;
    this.clock = clock;
    this.listener = listener;
  }

  public static ProbeWorker start(
      ProbeKind kind,
      Probe probe,
      Container container,
      Instant containerStarted,
      Prober prober,
      CommandRunner exec,
      Clock clock,
      Listener listener) {
    ProbeWorker worker =
        new ProbeWorker(kind, probe, container, containerStarted, prober, exec, clock, listener);
    worker.thread =
        Thread.ofVirtual()
            .name("probe-" + kind.lowerCase() + "-" + container.getName())
            .start(worker::run);
    return worker;
  }

  /** Ends the worker; no listener call follows once the current attempt has returned. */
  public void stop() {
    stopped = true;
    thread.interrupt();
  }

  private void run() {
    ProbeTiming timing = ProbeTiming.of(probe);
    ProbeThresholds thresholds =
        new ProbeThresholds(
            timing.successThreshold(), timing.failureThreshold(), kind.initialResult());
    try {
      sleep(Duration.between(clock.instant(), containerStarted.plus(timing.initialDelay())));
      while (!stopped) {
        ProbeOutcome outcome = prober.run(probe, container, exec);
        if (stopped) {
          return;
        }
        if (!outcome.succeeded()) {
          listener.failedAttempt(kind, outcome);
        }
        Boolean before = thresholds.settled();
        Boolean after = thresholds.record(outcome.succeeded());
        if (after != null && !Objects.equals(before, after)) {
          listener.settled(kind, after);
        }
        boolean restarts = kind == ProbeKind.LIVENESS || kind == ProbeKind.STARTUP;
        if ((restarts && Boolean.FALSE.equals(after))
            || (kind == ProbeKind.STARTUP && Boolean.TRUE.equals(after))) {
          return;
        }
        sleep(timing.period());
      }
    } catch (InterruptedException e) {
      // Stopped.
    }
  }

  private static void sleep(Duration duration) throws InterruptedException {
    if (!duration.isNegative() && !duration.isZero()) {
      Thread.sleep(duration);
    }
  }
}
