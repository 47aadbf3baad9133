package io.batchd.bench;

import io.batchd.testing.KillNineScenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The full-size kill -9 accounting run of DESIGN.md's reliability targets: an Indexed Job of 5,000
 * completions while the server (the packaged jar in a child JVM) is killed with SIGKILL 20 times at
 * seeded random moments and restarted on the same data dir. The checks are those of the default
 * test {@code JobAccountingKillNineE2E}, at full size; see {@link KillNineScenario}.
 *
 * <p>Properties (defaults): {@code bench.crash.completions} (5000), {@code bench.crash.parallelism}
 * (32), {@code bench.crash.kills} (20), {@code bench.crash.seed} (1), {@code
 * bench.crash.minKillDelayMs} (1000) and {@code bench.crash.maxKillDelayMs} (4000) between a start
 * of the server and its kill, {@code bench.crash.sleep} (0.1, each container's run in seconds),
 * {@code bench.crash.timeoutSeconds} (600, for the Job to complete after the last restart).
 */
public final class CrashBench {
  public static void main(String[] args) throws Exception {
    KillNineScenario.Settings settings =
        new KillNineScenario.Settings(
            (int) BenchSupport.doubleProperty("bench.crash.completions", 5000),
            (int) BenchSupport.doubleProperty("bench.crash.parallelism", 32),
            (int) BenchSupport.doubleProperty("bench.crash.kills", 20),
            (long) BenchSupport.doubleProperty("bench.crash.seed", 1),
            Duration.ofMillis(
                (long) BenchSupport.doubleProperty("bench.crash.minKillDelayMs", 1000)),
            Duration.ofMillis(
                (long) BenchSupport.doubleProperty("bench.crash.maxKillDelayMs", 4000)),
            System.getProperty("bench.crash.sleep", "0.1"),
            Duration.ofSeconds(
                (long) BenchSupport.doubleProperty("bench.crash.timeoutSeconds", 600)));
    Path work = Files.createTempDirectory("batchd-crash-bench");
    KillNineScenario.Report report;
    try {
      report = new KillNineScenario(work, settings).run();
    } finally {
      BenchSupport.deleteRecursively(work);
    }
    System.out.printf(
        "CRASH completions=%d parallelism=%d kills=%d/%d seed=%d elapsed_s=%.1f succeeded=%d"
            + " failed=%d lost_pods=%d container_runs=%d completed_indexes=%s violations=%d%n",
        settings.completions(),
        settings.parallelism(),
        report.kills(),
        settings.kills(),
        settings.seed(),
        report.elapsed().toMillis() / 1000.0,
        report.status().getSucceeded(),
        report.status().getFailed() == null ? 0 : report.status().getFailed(),
        report.lostPods(),
        report.runs(),
        report.status().getCompletedIndexes(),
        report.violations().size());
    report.violations().forEach(v -> System.out.println("# VIOLATION " + v));
    if (!report.violations().isEmpty()) {
      System.exit(1);
    }
  }
}
