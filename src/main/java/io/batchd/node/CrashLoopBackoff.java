package io.batchd.node;

import java.time.Duration;

/** The kubelet's restart delay for a crashing container: base doubled per restart, capped. */
record CrashLoopBackoff(Duration base, Duration max) {

  /** The delay before restart number {@code restartCount + 1}. */
  Duration delay(int restartCount) {
    Duration d = base;
    for (int i = 0; i < restartCount && d.compareTo(max) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(max) > 0 ? max : d;
  }

  /** The kubelet's words: {@code back-off 10s restarting failed container=c pod=p_ns(uid)}. */
  static String message(Duration delay, String container, String pod, String ns, String uid) {
    return "back-off "
        + io.batchd.api.GoDuration.format(delay)
        + " restarting failed container="
        + container
        + " pod="
        + pod
        + "_"
        + ns
        + "("
        + uid
        + ")";
  }
}
