package io.batchd.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * DESIGN.md's P1: pods per second through a whole batchd server running one Indexed Job, beside how
 * fast this machine spawns processes from a shell.
 *
 * <p>A whole server runs in the benchmark's JVM ({@link BenchServer}). One Indexed Job of {@code
 * bench.p1.completions} completions (default 10,000), parallelism {@code bench.p1.parallelism}
 * (default 64), each pod's container {@code /bin/true}; the time is from the create call to a watch
 * on the Job seeing its {@code Complete} condition. The same watch notes each rise of the Job's
 * {@code status.succeeded}: the timeline of the plot. Baseline, in the same run, after the Job: as
 * many {@code /bin/true} run from two bash loops started together (P1's target: at least half that
 * rate), and spawned two at a time by ProcessBuilder (printed beside it). The Job's backoffLimit is
 * its completions, so that a failed pod is counted (and replaced) rather than failing the run.
 *
 * <p>Prints one {@code P1} line through {@link PerfReport}. A Job not complete within {@code
 * bench.p1.timeoutSeconds} (default 1800), or Failed, ends the run with a non-zero exit.
 */
public final class JobThroughputBench {
  private static final String NAME = "throughput";
  private static final double TARGET_RATIO = 0.5;

  private JobThroughputBench() {}

  public static void main(String[] args) throws Exception {
    int completions = (int) BenchSupport.doubleProperty("bench.p1.completions", 10_000);
    int parallelism = (int) BenchSupport.doubleProperty("bench.p1.parallelism", 64);
    long timeoutSeconds = (long) BenchSupport.doubleProperty("bench.p1.timeoutSeconds", 1800);
    PerfReport report =
        new PerfReport("P1", "pods/s of one Indexed Job of /bin/true vs. spawns from a shell")
            .setting("completions", completions)
            .setting("parallelism", parallelism)
            .setting("container", "/bin/true")
            .setting("store", "sqlite (embedded)");
    System.out.printf(
        "# P1: completions=%d parallelism=%d cpus=%d%n",
        completions, parallelism, Runtime.getRuntime().availableProcessors());
    try {
      run(report, completions, parallelism, timeoutSeconds);
    } catch (Exception e) {
      report.failed(e);
    }
    report.write();
    System.exit(report.hasFailed() ? 1 : 0);
  }

  private static void run(PerfReport report, int completions, int parallelism, long timeoutSeconds)
      throws Exception {
    double podsPerSecond;
    double seconds;
    int succeeded;
    int failed;
    long failedPods;
    try (BenchServer server = new BenchServer("batchd-p1-")) {
      KubernetesClient client = server.client();
      JobProgress progress = new JobProgress(completions);
      try (Watch watch = client.batch().v1().jobs().inNamespace("default").watch(progress)) {
        System.err.printf("P1: an Indexed Job of %d completions%n", completions);
        progress.start = System.nanoTime();
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace("default")
            .resource(job(completions, parallelism))
            .create();
        long end = progress.done.get(timeoutSeconds, TimeUnit.SECONDS);
        seconds = (end - progress.start) / 1e9;
        report.timeline("batchd pods counted succeeded", progress.succeededSeconds());
      }
      Job job = client.batch().v1().jobs().inNamespace("default").withName(NAME).get();
      List<Pod> pods =
          client
              .pods()
              .inNamespace("default")
              .withLabel("batch.kubernetes.io/job-name", NAME)
              .list()
              .getItems();
      failedPods =
          pods.stream()
              .filter(p -> p.getStatus() != null && "Failed".equals(p.getStatus().getPhase()))
              .count();
      succeeded = orZero(job.getStatus().getSucceeded());
      failed = orZero(job.getStatus().getFailed());
      podsPerSecond = completions / seconds;
    }
    System.err.printf("P1 baseline: %d runs of /bin/true from two bash loops%n", completions);
    double bashLoop = SpawnBaseline.bashLoopRate(completions);
    System.err.printf("P1 baseline: %d spawns of /bin/true by ProcessBuilder%n", completions);
    SpawnBaseline.Run processBuilder = SpawnBaseline.processBuilderRun(completions);
    report.timeline("baseline ProcessBuilder /bin/true x2 exits", processBuilder.exitSeconds());
    double ratio = podsPerSecond / bashLoop;
    report
        .line(null)
        .put("pods_per_s", podsPerSecond)
        .put("baseline_spawn_per_s", bashLoop)
        .put("ratio", ratio)
        .put("processbuilder_spawn_per_s", processBuilder.perSecond())
        .put("processbuilder_ratio", podsPerSecond / processBuilder.perSecond())
        .put("completions", completions)
        .put("parallelism", parallelism)
        .put("elapsed_s", seconds)
        .put("succeeded", succeeded)
        .put("failed", failed)
        .put("failed_pods", failedPods)
        .target("ratio>=" + TARGET_RATIO, ratio >= TARGET_RATIO);
  }

  private static int orZero(Integer n) {
    return n == null ? 0 : n;
  }

  private static Job job(int completions, int parallelism) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(NAME)
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .withCompletionMode("Indexed")
        .withCompletions(completions)
        .withParallelism(parallelism)
        .withBackoffLimit(completions)
        .withNewTemplate()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("main")
        .withImage("busybox")
        .withCommand("/bin/true")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /**
   * Watches the Job: notes when each rise of {@code status.succeeded} is seen, completes {@link
   * #done} with the time the Job is first seen Complete, and fails it if the Job is seen Failed.
   */
  private static final class JobProgress implements Watcher<Job> {
    final CompletableFuture<Long> done = new CompletableFuture<>();
    private final long[] succeededAt;
    private int counted;
    volatile long start;

    JobProgress(int completions) {
      succeededAt = new long[completions];
    }

    @Override
    public synchronized void eventReceived(Action action, Job job) {
      long now = System.nanoTime();
      if (!NAME.equals(job.getMetadata().getName()) || job.getStatus() == null) {
        return;
      }
      int succeeded = Math.min(succeededAt.length, orZero(job.getStatus().getSucceeded()));
      while (counted < succeeded) {
        succeededAt[counted++] = now;
      }
      for (JobCondition c : job.getStatus().getConditions()) {
        if (!"True".equals(c.getStatus())) {
          continue;
        }
        if ("Complete".equals(c.getType())) {
          done.complete(now);
        } else if ("Failed".equals(c.getType())) {
          done.completeExceptionally(
              new IllegalStateException(
                  "the Job failed: " + c.getReason() + ": " + c.getMessage()));
        }
      }
    }

    /** Each pod counted succeeded, in seconds from the create call. */
    synchronized double[] succeededSeconds() {
      double[] out = new double[counted];
      for (int i = 0; i < counted; i++) {
        out[i] = (succeededAt[i] - start) / 1e9;
      }
      return out;
    }

    @Override
    public void onClose(WatcherException cause) {
      done.completeExceptionally(new IllegalStateException("the Job watch closed", cause));
    }
  }
}
