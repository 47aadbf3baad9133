package io.batchd.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How fast a whole batchd server starts bare pods, beside how fast this machine starts processes.
 *
 * <p>A whole server runs in the benchmark's JVM ({@link BenchServer}). A fabric8 watch on the pods
 * of namespace {@code default} notes when each pod is first seen with phase {@code Running} (or
 * already past it). Two figures:
 *
 * <ul>
 *   <li>Throughput: {@code bench.pods.count} pods (default 300), each {@code /bin/sh -c 'sleep 1'},
 *       created by {@code bench.pods.creators} concurrent clients (default 8); the time is from the
 *       first create call to the watch seeing the last pod Running. Baseline, in the same run: as
 *       many {@code /bin/true} spawned two at a time by ProcessBuilder, and from two bash loops.
 *   <li>Latency: once every pod of the first figure has finished, {@code bench.pods.latencyCount}
 *       pods (default 100) one at a time; per pod, from the create call's return to the watch
 *       seeing it Running (the next pod is created then).
 * </ul>
 *
 * <p>Prints a {@code PODS} and a {@code PODS_LATENCY} line. A pod not Running within {@code
 * bench.pods.timeoutSeconds} (default 600) ends the run with a non-zero exit.
 */
public final class PodBench {
  private final Map<String, CompletableFuture<Long>> running = new ConcurrentHashMap<>();
  private final Set<String> finished = ConcurrentHashMap.newKeySet();
  private final Set<String> firstSeenRunning = ConcurrentHashMap.newKeySet();
  private final AtomicReference<Throwable> watchFailure = new AtomicReference<>();
  private final long timeoutNanos;

  private PodBench(long timeoutNanos) {
    this.timeoutNanos = timeoutNanos;
  }

  public static void main(String[] args) throws Exception {
    int count = (int) BenchSupport.doubleProperty("bench.pods.count", 300);
    int creators = (int) BenchSupport.doubleProperty("bench.pods.creators", 8);
    int latencyCount = (int) BenchSupport.doubleProperty("bench.pods.latencyCount", 100);
    long timeoutSeconds = (long) BenchSupport.doubleProperty("bench.pods.timeoutSeconds", 600);
    System.out.printf(
        "# batchd pods bench: count=%d creators=%d latencyCount=%d cpus=%d%n",
        count, creators, latencyCount, Runtime.getRuntime().availableProcessors());
    new PodBench(TimeUnit.SECONDS.toNanos(timeoutSeconds)).run(count, creators, latencyCount);
  }

  private void run(int count, int creators, int latencyCount) throws Exception {
    try (BenchServer server = new BenchServer("batchd-pod-bench-");
        Watch watch = server.client().pods().inNamespace("default").watch(new PhaseWatcher())) {
      KubernetesClient client = server.client();
      // A first pod, untimed: the JIT, the connections and the node's first sandbox count against
      // no figure.
      create(client, "warmup");
      awaitRunning("warmup");

      System.err.printf("creating %d pods with %d clients%n", count, creators);
      List<String> names = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        names.add(String.format("pod-%05d", i));
        running.put(names.get(i), new CompletableFuture<>());
      }
      long start = System.nanoTime();
      createAll(client, names, creators);
      long last = 0;
      for (String name : names) {
        last = Math.max(last, awaitRunning(name));
      }
      double seconds = (last - start) / 1e9;
      double podsPerSecond = count / seconds;
      long runningSeen = names.stream().filter(firstSeenRunning::contains).count();

      System.err.println("waiting for those pods to finish");
      awaitFinished(names);
      System.err.printf("measuring the start latency of %d pods, one at a time%n", latencyCount);
      double[] latencies = new double[latencyCount];
      for (int i = 0; i < latencyCount; i++) {
        String name = String.format("latency-%05d", i);
        running.put(name, new CompletableFuture<>());
        create(client, name);
        long created = System.nanoTime();
        latencies[i] = (awaitRunning(name) - created) / 1e6;
      }

      System.err.printf("baseline: %d spawns of /bin/true, two at a time%n", count);
      double processBuilder = SpawnBaseline.processBuilderRate(count);
      double bashLoop = SpawnBaseline.bashLoopRate(count);
      System.out.printf(
          "PODS pods=%d creators=%d elapsed_s=%.3f pods_started_per_s=%.1f seen_running=%d"
              + " baseline=processbuilder-true-x2 baseline_spawn_per_s=%.1f"
              + " bash_loop_spawn_per_s=%.1f ratio=%.4f%n",
          count,
          creators,
          seconds,
          podsPerSecond,
          runningSeen,
          processBuilder,
          bashLoop,
          podsPerSecond / processBuilder);
      Arrays.sort(latencies);
      System.out.printf(
          "PODS_LATENCY pods=%d p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f min_ms=%.1f%n",
          latencyCount,
          percentile(latencies, 50),
          percentile(latencies, 90),
          percentile(latencies, 99),
          latencies[latencies.length - 1],
          latencies[0]);
    }
  }

  private static void create(KubernetesClient client, String name) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("default")
            .endMetadata()
            .withNewSpec()
            .withRestartPolicy("Never")
            .addNewContainer()
            .withName("main")
            .withImage("busybox")
            .withCommand("/bin/sh", "-c", "sleep 1")
            .endContainer()
            .endSpec()
            .build();
    client.pods().inNamespace("default").resource(pod).create();
  }

  /** Creates the pods from {@code creators} virtual threads, each taking every creators-th name. */
  private static void createAll(KubernetesClient client, List<String> names, int creators)
      throws Exception {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < creators; c++) {
      int first = c;
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      for (int i = first; i < names.size(); i += creators) {
                        create(client, names.get(i));
                      }
                    } catch (Throwable e) {
                      failure.compareAndSet(null, e);
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("a pod create failed", failure.get());
    }
  }

  /** When the watch first saw the pod Running or past it, in {@link System#nanoTime()}. */
  private long awaitRunning(String name) throws Exception {
    running.putIfAbsent(name, new CompletableFuture<>());
    try {
      return running.get(name).get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(
          "pod " + name + " not seen Running within the timeout; watch failure: " + watchFailure,
          e);
    }
  }

  private void awaitFinished(List<String> names) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    while (!finished.containsAll(names)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("pods did not finish within the timeout");
      }
      Thread.sleep(100);
    }
  }

  private static double percentile(double[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** Notes the first time each pod is seen started, and when it has finished. */
  private final class PhaseWatcher implements Watcher<Pod> {
    @Override
    public void eventReceived(Action action, Pod pod) {
      long now = System.nanoTime();
      String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
      String name = pod.getMetadata().getName();
      if ("Running".equals(phase) || "Succeeded".equals(phase) || "Failed".equals(phase)) {
        CompletableFuture<Long> seen =
            running.computeIfAbsent(name, n -> new CompletableFuture<>());
        // Noted before the future completes, so that whoever waits on it sees the note.
        if (!seen.isDone() && "Running".equals(phase)) {
          firstSeenRunning.add(name);
        }
        seen.complete(now);
      }
      if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
        finished.add(name);
      }
    }

    @Override
    public void onClose(WatcherException cause) {
      watchFailure.set(cause);
      System.err.println("the pod watch closed: " + cause);
    }
  }
}
