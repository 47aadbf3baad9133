package io.batchd.bench;

import io.batchd.node.runtime.ContainerExit;
import io.batchd.node.runtime.PodSandbox;
import io.batchd.node.runtime.ProcessRuntime;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Process spawn rates, two at a time: Java's bare {@code ProcessBuilder} running {@code /bin/true}
 * (the baseline of reference/deps.md section 5), the same through {@code setsid} (what the process
 * runtime adds to put each container in its own process group), and the whole process runtime
 * (sandbox, log file and pumps, process group kill, termination message, sandbox removal).
 *
 * <p>Properties: {@code bench.spawn.count} spawns per round (default 1000), {@code
 * bench.spawn.rounds} rounds per variant (default 3; the median is reported).
 */
public final class SpawnBench {
  private static final int THREADS = 2;

  interface Spawn {
    void run(long id) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int count = (int) BenchSupport.doubleProperty("bench.spawn.count", 1000);
    int rounds = (int) BenchSupport.doubleProperty("bench.spawn.rounds", 3);
    Path root = Files.createTempDirectory("batchd-spawn-bench");
    try (ProcessRuntime runtime =
        new ProcessRuntime(root, Map.of("cpu", new Quantity("2")), List.of("127.0.0.1"))) {
      Container container =
          new ContainerBuilder().withName("main").withCommand("/bin/true").build();
      Map<String, Spawn> variants = new LinkedHashMap<>();
      variants.put("processbuilder /bin/true", id -> bare("/bin/true"));
      variants.put("processbuilder setsid /bin/true", id -> bare("/usr/bin/setsid", "/bin/true"));
      variants.put(
          "process runtime /bin/true",
          id -> {
            PodSandbox sandbox = runtime.createSandbox(pod(id, container));
            ContainerExit exit = runtime.start(sandbox, container, 0).exit().get();
            if (exit.exitCode() != 0) {
              throw new IllegalStateException("exit " + exit.exitCode());
            }
            runtime.removeSandbox(sandbox);
          });
      Map<String, List<Double>> rates = new LinkedHashMap<>();
      variants.keySet().forEach(k -> rates.put(k, new ArrayList<>()));
      AtomicLong ids = new AtomicLong();
      for (int round = 0; round < rounds; round++) {
        // Variants alternate within each round, so that drift on a noisy machine hits them all.
        for (Map.Entry<String, Spawn> v : variants.entrySet()) {
          rates.get(v.getKey()).add(rate(count, v.getValue(), ids));
        }
      }
      double baseline = median(rates.get("processbuilder /bin/true"));
      System.out.printf(
          "spawn rates, %d threads, %d spawns per round, %d rounds%n", THREADS, count, rounds);
      for (Map.Entry<String, List<Double>> r : rates.entrySet()) {
        double median = median(r.getValue());
        System.out.printf(
            "  %-34s median %7.1f/s  (%.2f of baseline)  rounds %s%n",
            r.getKey(), median, median / baseline, r.getValue());
      }
    } finally {
      BenchSupport.deleteRecursively(root);
    }
  }

  private static void bare(String... command) throws Exception {
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("exit " + p.exitValue());
    }
  }

  private static Pod pod(long id, Container container) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("bench-" + id)
        .withNamespace("default")
        .withUid("uid-" + id)
        .endMetadata()
        .withNewSpec()
        .withContainers(container)
        .endSpec()
        .build();
  }

  private static double rate(int count, Spawn spawn, AtomicLong ids) throws Exception {
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    for (int t = 0; t < THREADS; t++) {
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      for (int i = 0; i < count / THREADS; i++) {
                        spawn.run(ids.incrementAndGet());
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
      throw new IllegalStateException("a spawn failed", failures.get(0));
    }
    return BenchSupport.round(count / seconds, 1);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int mid = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
  }
}
