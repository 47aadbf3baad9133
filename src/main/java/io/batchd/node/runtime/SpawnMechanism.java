package io.batchd.node.runtime;

/** How the process runtime starts container processes. */
public enum SpawnMechanism {
  /**
   * {@code posix_spawn} called through Java's FFM API, with {@code POSIX_SPAWN_SETSID}: one exec
   * per process, no thread per process. Needs Linux with glibc 2.34+, Java 22+ and native access.
   */
  POSIX_SPAWN("posix_spawn"),
  /**
   * Java's {@link ProcessBuilder} through {@code setsid}: the JDK's helper, then setsid, then the
   * command, three execs per process, and three threads per process.
   */
  PROCESS_BUILDER("processbuilder");

  private final String propertyValue;

  SpawnMechanism(String propertyValue) {
    this.propertyValue = propertyValue;
  }

  /** The value of the {@code batchd.process.spawn} system property that asks for it. */
  public String propertyValue() {
    return propertyValue;
  }
}
