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
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < THREADS; t++) {
      int share = count / THREADS + (t < count % THREADS ? 1 : 0);
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      for (int i = 0; i < share; i++) {
                        run("/bin/true");
                      }
                    } catch (Throwable e) {
                      failures.add(e);
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (!failures.isEmpty()) {
      throw new IllegalStateException("a baseline spawn failed", failures.get(0));
    }
    return count / seconds;
  }

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
