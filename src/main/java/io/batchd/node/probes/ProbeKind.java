package io.batchd.node.probes;

/** The three probes of a container, named as the kubelet names them in events. */
public enum ProbeKind {
  LIVENESS("Liveness"),
  READINESS("Readiness"),
  STARTUP("Startup");

  private final String title;

  ProbeKind(String title) {
    this.title = title;
  }

  /** {@code Liveness}, as in {@code Liveness probe failed: ...}. */
  public String title() {
    return title;
  }

  /** {@code liveness}, as in {@code Container c failed liveness probe, will be restarted}. */
  public String lowerCase() {
    return title.toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * The result a probe of this kind has before its first settled result: a container is not ready
   * until its readiness probe says so, alive until its liveness probe says otherwise, and neither
   * started nor failed until its startup probe settles.
   */
  Boolean initialResult() {
    return switch (this) {
      case LIVENESS -> Boolean.TRUE;
      case READINESS -> Boolean.FALSE;
      case STARTUP -> null; // unknown until the thresholds say
    };
  }
}
