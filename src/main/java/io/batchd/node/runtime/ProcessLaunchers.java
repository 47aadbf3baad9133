package io.batchd.node.runtime;

import java.lang.reflect.InvocationTargetException;
import java.util.Locale;

/**
 * Chooses the launcher: {@code posix_spawn} where it can be used, else {@link ProcessBuilder}
 * through {@code setsid}, with the reason in its description.
 *
 * <p>The posix_spawn launcher is compiled for Java 22 (the FFM API is final there; batchd's
 * language level is 21), so it is loaded by name, and only on a Java 22 or later runtime.
 */
final class ProcessLaunchers {
  /** The system property an operator sets to {@code processbuilder} to turn posix_spawn off. */
  static final String PROPERTY = "batchd.process.spawn";

  private static final String NATIVE_LAUNCHER = "io.batchd.node.runtime.PosixSpawnLauncher";

  private ProcessLaunchers() {}

  /** The mechanism the {@value #PROPERTY} system property asks for; posix_spawn by default. */
  static SpawnMechanism requested() {
    String value = System.getProperty(PROPERTY, "").trim().toLowerCase(Locale.ROOT);
    for (SpawnMechanism mechanism : SpawnMechanism.values()) {
      if (mechanism.propertyValue().equals(value)) {
        return mechanism;
      }
    }
    if (!value.isEmpty()) {
      throw new IllegalArgumentException(
          "-D" + PROPERTY + "=" + value + " is not one of posix_spawn, processbuilder");
    }
    return SpawnMechanism.POSIX_SPAWN;
  }

  /** The launcher for {@code wanted}, or the ProcessBuilder one when posix_spawn is unavailable. */
  static ProcessLauncher create(SpawnMechanism wanted) {
    if (wanted == SpawnMechanism.PROCESS_BUILDER) {
      return new JdkProcessLauncher("posix_spawn was not asked for");
    }
    int feature = Runtime.version().feature();
    if (feature < 22) {
      return new JdkProcessLauncher(
          "posix_spawn needs the FFM API of Java 22 or later, this is Java " + feature);
    }
    try {
      return (ProcessLauncher)
          Class.forName(NATIVE_LAUNCHER).getDeclaredMethod("create").invoke(null);
    } catch (InvocationTargetException e) {
      return new JdkProcessLauncher(e.getCause().getMessage());
    } catch (ReflectiveOperationException | LinkageError e) {
      return new JdkProcessLauncher("the posix_spawn launcher cannot be loaded: " + e);
    }
  }
}
