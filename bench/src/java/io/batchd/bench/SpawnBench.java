package io.batchd.bench;

import io.batchd.node.logs.LogRotation;
import io.batchd.node.runtime.ContainerExit;
import io.batchd.node.runtime.PodSandbox;
import io.batchd.node.runtime.ProcessRuntime;
import io.batchd.node.runtime.SpawnMechanism;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Process spawn rates, two at a time: Java's bare {@code ProcessBuilder} running {@code /bin/true}
 * (the baseline of reference/deps.md section 5), the same through {@code setsid} (what the
 * ProcessBuilder launcher adds to put each container in its own process group), the whole process
 * runtime per pod (sandbox, log file, output reading, group kill, termination message, sandbox
 * removal) with each of its two launchers, and two bash loops (P1's baseline).
 *
 * <p>Properties: {@code bench.spawn.count} spawns per round (default 1000), {@code
 * bench.spawn.rounds} rounds per variant (default 3; the median is reported).
 */
public final class SpawnBench {
  private static final int THREADS = 2;
  private static final String BASELINE = "processbuilder";
  private static final String BASH = "bash-loop";
  private static final String NATIVE_RUNTIME = "runtime-posix_spawn";

  interface Spawn {
    void run(long id) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int count = (int) BenchSupport.doubleProperty("bench.spawn.count", 1000);
    int rounds = (int) BenchSupport.doubleProperty("bench.spawn.rounds", 3);
    PerfReport report =
        new PerfReport("P1", "process spawns, two at a time: the runtime beside bare spawns")
            .setting("count", count)
            .setting("rounds", rounds)
            .setting("threads", THREADS);
    Path root = Files.createTempDirectory("batchd-spawn-bench");
    Map<String, List<Long>> podNanos = new LinkedHashMap<>();
    try (ProcessRuntime viaProcessBuilder = runtime(root, SpawnMechanism.PROCESS_BUILDER);
        ProcessRuntime viaPosixSpawn = runtime(root, SpawnMechanism.POSIX_SPAWN)) {
      if (viaPosixSpawn.spawnInfo().mechanism() != SpawnMechanism.POSIX_SPAWN) {
        throw new IllegalStateException(
            "posix_spawn is not available: " + viaPosixSpawn.spawnInfo().message());
      }
      Container container =
          new ContainerBuilder().withName("main").withCommand("/bin/true").build();
      Map<String, Spawn> variants = new LinkedHashMap<>();
      variants.put(BASELINE, id -> bare("/bin/true"));
      variants.put("processbuilder-setsid", id -> bare("/usr/bin/setsid", "/bin/true"));
      variants.put(
          "runtime-processbuilder",
          id -> pod(viaProcessBuilder, id, container, podNanos, "runtime-processbuilder"));
      variants.put(
          NATIVE_RUNTIME, id -> pod(viaPosixSpawn, id, container, podNanos, NATIVE_RUNTIME));
      Map<String, List<Double>> rates = new LinkedHashMap<>();
      variants.keySet().forEach(k -> rates.put(k, new ArrayList<>()));
      rates.put(BASH, new ArrayList<>());
      AtomicLong ids = new AtomicLong();
      for (int round = 0; round < rounds; round++) {
        // Variants alternate within each round, so that drift on a noisy machine hits them all.
        for (Map.Entry<String, Spawn> v : variants.entrySet()) {
          rates.get(v.getKey()).add(rate(count, v.getValue(), ids));
        }
        rates.get(BASH).add(BenchSupport.round(SpawnBaseline.bashLoopRate(count), 1));
      }
      double baseline = median(rates.get(BASELINE));
      double bash = median(rates.get(BASH));
      for (Map.Entry<String, List<Double>> r : rates.entrySet()) {
        double median = median(r.getValue());
        PerfReport.Line line =
            report
                .line("variant=" + r.getKey())
                .put("spawns_per_s", median)
                .put("vs_processbuilder", median / baseline)
                .put("vs_bash_loop", median / bash)
                .put("rounds", r.getValue().toString().replace(" ", ""));
        if (r.getKey().equals(NATIVE_RUNTIME)) {
          // P1 asks the whole server for half the bash loops' rate: the runtime alone must do more.
          line.target("runtime >= 0.5 x bash loop", median >= 0.5 * bash);
        }
      }
      podNanos.forEach(
          (series, nanos) ->
              report.latencies(
                  series + " pod", nanos.stream().mapToLong(Long::longValue).toArray()));
    } catch (Exception e) {
      report.failed(e);
    } finally {
      BenchSupport.deleteRecursively(root);
    }
    report.write();
    if (report.hasFailed()) {
      System.exit(1);
    }
  }

  private static ProcessRuntime runtime(Path root, SpawnMechanism mechanism) {
    return new ProcessRuntime(
        root.resolve(mechanism.propertyValue()),
        Map.of("cpu", new Quantity("2")),
        List.of("127.0.0.1"),
        LogRotation.DEFAULTS,
        mechanism);
  }

  /** One pod through the runtime: createSandbox, start, wait for exit(), removeSandbox. */
  private static void pod(
      ProcessRuntime runtime,
      long id,
      Container container,
      Map<String, List<Long>> podNanos,
      String series)
      throws Exception {
    long start = System.nanoTime();
    PodSandbox sandbox = runtime.createSandbox(pod(id, container));
    ContainerExit exit = runtime.start(sandbox, container, 0).exit().get();
    if (exit.exitCode() != 0) {
      throw new IllegalStateException("exit " + exit.exitCode());
    }
    runtime.removeSandbox(sandbox);
    long nanos = System.nanoTime() - start;
    synchronized (podNanos) {
      podNanos.computeIfAbsent(series, k -> new ArrayList<>()).add(nanos);
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
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
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
