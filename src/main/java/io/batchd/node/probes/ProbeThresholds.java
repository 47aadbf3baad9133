package io.batchd.node.probes;

/**
 * The kubelet's thresholds: a probe's result changes only after {@code successThreshold} successes
 * or {@code failureThreshold} failures in a row.
 */
final class ProbeThresholds {
  private final int successThreshold;
  private final int failureThreshold;
  private Boolean settled;
  private Boolean last;
  private int run;

  ProbeThresholds(int successThreshold, int failureThreshold, Boolean initial) {
    this.successThreshold = Math.max(1, successThreshold);
    this.failureThreshold = Math.max(1, failureThreshold);
    this.settled = initial;
  }

  /** Counts one attempt and returns the settled result after it (null while still unknown). */
  Boolean record(boolean success) {
    if (last != null && last == success) {
      run++;
    } else {
      last = success;
      run = 1;
    }
    if (run >= (success ? successThreshold : failureThreshold)) {
      settled = success;
    }
    return settled;
  }

  Boolean settled() {
    return settled;
  }
}
