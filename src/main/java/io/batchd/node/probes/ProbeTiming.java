package io.batchd.node.probes;

import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;

/** A probe's timing and thresholds, with the API's defaults where the spec leaves them out. */
record ProbeTiming(
    Duration initialDelay,
    Duration period,
    Duration timeout,
    int successThreshold,
    int failureThreshold) {

  static ProbeTiming of(Probe probe) {
    return new ProbeTiming(
        Duration.ofSeconds(orDefault(probe.getInitialDelaySeconds(), 0)),
        Duration.ofSeconds(Math.max(1, orDefault(probe.getPeriodSeconds(), 10))),
        Duration.ofSeconds(Math.max(1, orDefault(probe.getTimeoutSeconds(), 1))),
        orDefault(probe.getSuccessThreshold(), 1),
        orDefault(probe.getFailureThreshold(), 3));
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
