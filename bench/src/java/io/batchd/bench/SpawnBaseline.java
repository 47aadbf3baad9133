package io.batchd.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The machine's own rate of starting processes, the floor under any figure of pods per second:
 * {@code /bin/true} spawned two at a time (two platform threads, each starting one with {@code
 * ProcessBuilder} and waiting for it before the next), and the same from two bash loops.
 */
final class SpawnBaseline {
  private static final int THREADS = 2;

  private SpawnBaseline() {}

  /** {@code count} spawns of {@code /bin/true} by ProcessBuilder, two at a time; per second. */
  static double processBuilderRate(int count) throws Exception {
    return processBuilderRun(count).perSecond();
  }

  /**
   * {@code count} spawns of {@code /bin/true} by ProcessBuilder, two at a time, with the time each
   * one exited.
   */
  static Run processBuilderRun(int count) throws Exception {
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    long[] exits = new long[count];
    long start = System.nanoTime();
    int first = 0;
    for (int t = 0; t < THREADS; t++) {
      int share = count / THREADS + (t < count % THREADS ? 1 : 0);
      int from = first;
      first += share;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      for (int i = 0; i < share; i++) {
                        run("/bin/true");
                        exits[from + i] = System.nanoTime();
                      }
                    } catch (Throwable e) {
                      failures.add(e);
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    long end = System.nanoTime();
    if (!failures.isEmpty()) {
      throw new IllegalStateException("a baseline spawn failed", failures.get(0));
    }
    return new Run(count, start, end, exits);
  }

  /**
   * {@code count} spawns of {@code /bin/true} by ProcessBuilder, one at a time: per spawn, the
   * nanoseconds {@link ProcessBuilder#start()} took (it returns once the child has executed {@code
   * /bin/true}, so the process is running) and the nanoseconds from the start call to the process's
   * exit seen by {@link Process#waitFor()}.
   */
  static Latencies startLatencies(int count) throws Exception {
    long[] started = new long[count];
    long[] exited = new long[count];
    for (int i = 0; i < count; i++) {
      long t0 = System.nanoTime();
      Process p =
          new ProcessBuilder("/bin/true")
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      started[i] = System.nanoTime() - t0;
      if (p.waitFor() != 0) {
        throw new IllegalStateException("/bin/true exited " + p.exitValue());
      }
      exited[i] = System.nanoTime() - t0;
    }
    return new Latencies(started, exited);
  }

  /** A timed batch of spawns: {@link System#nanoTime()} of its start, end and each exit. */
  record Run(int count, long startNanos, long endNanos, long[] exitNanos) {
    double perSecond() {
      return count / ((endNanos - startNanos) / 1e9);
    }

    /** Each spawn's exit in seconds from the batch's start, for a throughput timeline. */
    double[] exitSeconds() {
      double[] out = new double[exitNanos.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = (exitNanos[i] - startNanos) / 1e9;
      }
      return out;
    }
  }

  /** Per spawn: until the process runs, and until it has exited, in nanoseconds. */
  record Latencies(long[] startNanos, long[] exitNanos) {}

  /**
   * {@code count} runs of {@code /bin/true} from {@code for} loops in two bash processes started
   * together; per second, bash's own start included (a few milliseconds).
   */
  static double bashLoopRate(int count) throws Exception {
    List<Process> shells = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < THREADS; t++) {
      int share = count / THREADS + (t < count % THREADS ? 1 : 0);
      shells.add(
          new ProcessBuilder(
                  "/bin/bash", "-c", "for ((i = 0; i < " + share + "; i++)); do /bin/true; done")
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start());
    }
    for (Process p : shells) {
      if (p.waitFor() != 0) {
        throw new IllegalStateException("bash loop exited " + p.exitValue());
      }
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }

  private static void run(String command) throws Exception {
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(command + " exited " + p.exitValue());
    }
  }
}
