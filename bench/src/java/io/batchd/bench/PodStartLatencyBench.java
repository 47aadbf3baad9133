package io.batchd.bench;

import io.batchd.testing.ChildServer;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * DESIGN.md's P2: pod start latency on an idle server, from a Job's create call to its pod seen
 * started, beside how long this machine takes to start a process.
 *
 * <p>A whole server runs in the benchmark's JVM ({@link BenchServer}). {@code bench.p2.jobs} Jobs
 * (default 500) are created one after another, each of one pod whose container runs {@code
 * bench.p2.command} (default {@code /bin/sleep 0.05}). Before the next Job is created, the previous
 * one's pod must have been seen started and the Job seen {@code Complete}, so each Job meets an
 * idle server. {@code bench.p2.warmup} Jobs (default 10) run first, untimed.
 *
 * <p>Per Job, the latency is from the return of the create call (and, second series, from just
 * before it was sent) to the moment a pod watch first delivers the Job's pod <em>started</em>: with
 * phase {@code Running}, or, should the watch never show it Running, the first status in which a
 * container is running or has terminated (the container was started). The same watch splits it into
 * hops: to the pod first seen (the Job controller), to the pod first seen bound (the scheduler), to
 * the pod seen started (the node agent, the spawn and the status write).
 *
 * <p>Baseline, in the same run, after the Jobs: as many {@code /bin/true} spawned one at a time
 * with ProcessBuilder, from the start call to the process running (the call's return) and to its
 * exit.
 */
public final class PodStartLatencyBench {
  private static final double TARGET_P99_MS = 25;
  private static final String JOB_LABEL = "batch.kubernetes.io/job-name";

  private final Map<String, CompletableFuture<Long>> started = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Long>> complete = new ConcurrentHashMap<>();

  /** When each Job's pod was first seen at all, and first seen bound to a node. */
  private final Map<String, Long> podSeen = new ConcurrentHashMap<>();

  private final Map<String, Long> boundSeen = new ConcurrentHashMap<>();
  private final AtomicInteger seenRunning = new AtomicInteger();
  private final AtomicInteger seenFinishedFirst = new AtomicInteger();
  private final AtomicReference<Throwable> watchFailure = new AtomicReference<>();
  private final long timeoutSeconds;

  private final boolean child;

  /**
   * @param child whether the server is the packaged jar in a JVM of its own ({@code
   *     -Dbench.p2.server=child}) instead of a server in the benchmark's JVM, whose garbage
   *     collections the benchmark's own allocations add to
   */
  private PodStartLatencyBench(long timeoutSeconds, boolean child) {
    this.timeoutSeconds = timeoutSeconds;
    this.child = child;
  }

  /** The server under test and a client of it. */
  private interface Served extends AutoCloseable {
    KubernetesClient client();
  }

  private Served serve() throws Exception {
    if (!child) {
      BenchServer server = new BenchServer("batchd-p2-");
      return new Served() {
        @Override
        public KubernetesClient client() {
          return server.client();
        }

        @Override
        public void close() throws Exception {
          server.close();
        }
      };
    }
    Path dir = Files.createTempDirectory("batchd-p2-");
    ChildServer server = ChildServer.start(dir, List.of());
    KubernetesClient client = server.client();
    return new Served() {
      @Override
      public KubernetesClient client() {
        return client;
      }

      @Override
      public void close() throws Exception {
        client.close();
        server.close();
        BenchSupport.deleteRecursively(dir);
      }
    };
  }

  public static void main(String[] args) throws Exception {
    int jobs = (int) BenchSupport.doubleProperty("bench.p2.jobs", 500);
    int warmup = (int) BenchSupport.doubleProperty("bench.p2.warmup", 10);
    List<String> command =
        List.of(System.getProperty("bench.p2.command", "/bin/sleep 0.05").split(" "));
    long timeoutSeconds = (long) BenchSupport.doubleProperty("bench.p2.timeoutSeconds", 60);
    boolean child = "child".equals(System.getProperty("bench.p2.server", "in-process"));
    PerfReport report =
        new PerfReport("P2", "pod start latency: Job created -> pod Running, idle server")
            .setting("jobs", jobs)
            .setting("warmup", warmup)
            .setting("command", String.join(" ", command))
            .setting("from", "create call returned (and: create sent)")
            .setting("to", "pod watch: phase Running, or first status with a container started")
            .setting("server", child ? "child" : "in-process");
    System.out.printf(
        "# P2: jobs=%d warmup=%d command=%s cpus=%d%n",
        jobs, warmup, command, Runtime.getRuntime().availableProcessors());
    try {
      new PodStartLatencyBench(timeoutSeconds, child).run(report, jobs, warmup, command);
    } catch (Exception e) {
      report.failed(e);
    }
    report.write();
    System.exit(report.hasFailed() ? 1 : 0);
  }

  private void run(PerfReport report, int jobs, int warmup, List<String> command) throws Exception {
    long[] fromReturn = new long[jobs];
    long[] fromSent = new long[jobs];
    // The hops between: create returned -> pod seen (Job controller), pod seen -> seen bound
    // (scheduler), seen bound -> seen started (node agent, spawn, status write). A hop the watch
    // delivered in one event with the next counts as 0.
    long[] toPod = new long[jobs];
    long[] toBound = new long[jobs];
    long[] toStarted = new long[jobs];
    try (Served server = serve()) {
      KubernetesClient client = server.client();
      try (Watch pods = client.pods().inNamespace("default").watch(new PodStarts());
          Watch finished = client.batch().v1().jobs().inNamespace("default").watch(new JobEnds())) {
        System.err.printf("P2: %d warm-up Jobs, then %d timed, one at a time%n", warmup, jobs);
        for (int i = 0; i < warmup; i++) {
          runOne(client, String.format("warmup-%03d", i), command);
        }
        seenRunning.set(0);
        seenFinishedFirst.set(0);
        for (int i = 0; i < jobs; i++) {
          String name = String.format("latency-%05d", i);
          long[] times = runOne(client, name, command);
          fromSent[i] = times[1] - times[0];
          fromReturn[i] = times[1] - times[2];
          long pod = Math.min(podSeen.getOrDefault(name, times[1]), times[1]);
          long bound = Math.max(pod, Math.min(boundSeen.getOrDefault(name, times[1]), times[1]));
          toPod[i] = Math.max(0, pod - times[2]);
          toBound[i] = bound - pod;
          toStarted[i] = times[1] - bound;
        }
      }
    }
    System.err.printf("P2 baseline: %d spawns of /bin/true by ProcessBuilder%n", jobs);
    SpawnBaseline.Latencies baseline = SpawnBaseline.startLatencies(jobs);
    PerfReport.Samples latency =
        report.latencies("batchd create returned -> pod started", fromReturn);
    PerfReport.Samples sent = report.latencies("batchd create sent -> pod started", fromSent);
    PerfReport.Samples podHop = report.latencies("hop: create returned -> pod seen", toPod);
    PerfReport.Samples boundHop = report.latencies("hop: pod seen -> pod seen bound", toBound);
    PerfReport.Samples startedHop =
        report.latencies("hop: pod seen bound -> pod seen started", toStarted);
    PerfReport.Samples spawn =
        report.latencies("baseline ProcessBuilder start -> running", baseline.startNanos());
    PerfReport.Samples spawnExit =
        report.latencies("baseline ProcessBuilder start -> exited", baseline.exitNanos());
    double p99 = latency.percentileMs(99);
    report
        .line(null)
        .put("p50_ms", latency.percentileMs(50))
        .put("p90_ms", latency.percentileMs(90))
        .put("p99_ms", p99)
        .put("max_ms", latency.maxMs())
        .put("baseline_spawn_p50_ms", spawn.percentileMs(50))
        .put("baseline_spawn_p99_ms", spawn.percentileMs(99))
        .put("baseline_spawn_exit_p50_ms", spawnExit.percentileMs(50))
        .put("baseline_spawn_exit_p99_ms", spawnExit.percentileMs(99))
        .put("from_sent_p50_ms", sent.percentileMs(50))
        .put("from_sent_p99_ms", sent.percentileMs(99))
        .put("hop_pod_p50_ms", podHop.percentileMs(50))
        .put("hop_pod_p99_ms", podHop.percentileMs(99))
        .put("hop_bound_p50_ms", boundHop.percentileMs(50))
        .put("hop_bound_p99_ms", boundHop.percentileMs(99))
        .put("hop_started_p50_ms", startedHop.percentileMs(50))
        .put("hop_started_p99_ms", startedHop.percentileMs(99))
        .put("jobs", jobs)
        .put("seen_running", seenRunning.get())
        .put("seen_finished_first", seenFinishedFirst.get())
        .target("p99_ms<=" + (int) TARGET_P99_MS, p99 <= TARGET_P99_MS);
  }

  /**
   * Creates one Job and waits for its pod to be seen started and for the Job to be seen Complete.
   * Returns {@link System#nanoTime()} before the create call, when its pod was seen started, and
   * after the create call returned.
   */
  private long[] runOne(KubernetesClient client, String name, List<String> command)
      throws Exception {
    CompletableFuture<Long> podStarted =
        started.computeIfAbsent(name, n -> new CompletableFuture<>());
    CompletableFuture<Long> jobComplete =
        complete.computeIfAbsent(name, n -> new CompletableFuture<>());
    long sent = System.nanoTime();
    client.batch().v1().jobs().inNamespace("default").resource(job(name, command)).create();
    long returned = System.nanoTime();
    long seen = await(podStarted, "the pod of Job " + name + " seen started");
    await(jobComplete, "Job " + name + " seen Complete");
    return new long[] {sent, seen, returned};
  }

  private long await(CompletableFuture<Long> future, String what) throws Exception {
    try {
      return future.get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          what + ": not within " + timeoutSeconds + " s; watch failure: " + watchFailure.get(), e);
    }
  }

  private static Job job(String name, List<String> command) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(0)
        .withNewTemplate()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("main")
        .withImage("busybox")
        .withCommand(command)
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** Notes the first time each Job's pod is seen started (see the class comment). */
  private final class PodStarts implements Watcher<Pod> {
    @Override
    public void eventReceived(Action action, Pod pod) {
      long now = System.nanoTime();
      String job =
          pod.getMetadata().getLabels() == null
              ? null
              : pod.getMetadata().getLabels().get(JOB_LABEL);
      if (job == null) {
        return;
      }
      podSeen.putIfAbsent(job, now);
      if (pod.getSpec() != null && pod.getSpec().getNodeName() != null) {
        boundSeen.putIfAbsent(job, now);
      }
      if (pod.getStatus() == null) {
        return;
      }
      boolean running = "Running".equals(pod.getStatus().getPhase());
      if (!running && !containerStarted(pod.getStatus().getContainerStatuses())) {
        return;
      }
      CompletableFuture<Long> seen = started.computeIfAbsent(job, n -> new CompletableFuture<>());
      if (seen.complete(now)) {
        (running ? seenRunning : seenFinishedFirst).incrementAndGet();
      }
    }

    private static boolean containerStarted(List<ContainerStatus> statuses) {
      return statuses != null
          && statuses.stream()
              .anyMatch(
                  s ->
                      s.getState() != null
                          && (s.getState().getRunning() != null
                              || s.getState().getTerminated() != null));
    }

    @Override
    public void onClose(WatcherException cause) {
      watchFailure.set(cause);
    }
  }

  /** Completes a Job's future when it is seen Complete; fails it when it is seen Failed. */
  private final class JobEnds implements Watcher<Job> {
    @Override
    public void eventReceived(Action action, Job job) {
      if (job.getStatus() == null) {
        return;
      }
      CompletableFuture<Long> done =
          complete.computeIfAbsent(job.getMetadata().getName(), n -> new CompletableFuture<>());
      for (JobCondition c : job.getStatus().getConditions()) {
        if ("True".equals(c.getStatus()) && "Complete".equals(c.getType())) {
          done.complete(System.nanoTime());
        } else if ("True".equals(c.getStatus()) && "Failed".equals(c.getType())) {
          done.completeExceptionally(
              new IllegalStateException(
                  "Job " + job.getMetadata().getName() + " failed: " + c.getMessage()));
        }
      }
    }

    @Override
    public void onClose(WatcherException cause) {
      watchFailure.set(cause);
    }
  }
}
