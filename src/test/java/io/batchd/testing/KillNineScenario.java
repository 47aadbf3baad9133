package io.batchd.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The kill -9 accounting scenario (DESIGN.md, reliability): a child server runs an Indexed Job of
 * many completions while it is killed with SIGKILL at seeded random moments and restarted on the
 * same data dir each time; then the Job's final state is checked against what really ran.
 *
 * <p>Every container run appends {@code start <index> <pod uid>} to a file shared by all pods
 * before it sleeps a little, and {@code end <index> <pod uid>} after; every pod stays in the API
 * (nothing deletes them), so the checks can compare three records: the Job's status, the pods'
 * phases and the run log.
 */
public final class KillNineScenario {
  static final String INDEX_ANNOTATION = "batch.kubernetes.io/job-completion-index";
  static final String TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";
  static final String JOB = "crash";

  /**
   * @param completions the Job's completions (Indexed)
   * @param parallelism the Job's parallelism
   * @param kills how many times the server is killed (fewer if the Job finishes first)
   * @param seed chooses the kill moments
   * @param minKillDelay the least time between a start of the server and its kill
   * @param maxKillDelay the most
   * @param containerSleep how long each container runs, in {@code sleep}'s syntax
   * @param timeout how long the Job may take to complete after the last restart
   */
  public record Settings(
      int completions,
      int parallelism,
      int kills,
      long seed,
      Duration minKillDelay,
      Duration maxKillDelay,
      String containerSleep,
      Duration timeout) {}

  /**
   * What happened and what is wrong with it.
   *
   * @param kills the kills made
   * @param elapsed from the Job's creation to its completion
   * @param lostPods pods the agent found running after a restart and failed as lost
   * @param runs container runs started (lines {@code start} in the run log)
   * @param status the Job's final status
   * @param violations broken guarantees, each a sentence; empty when the accounting was exact
   */
  public record Report(
      int kills,
      Duration elapsed,
      int lostPods,
      int runs,
      JobStatus status,
      List<String> violations) {}

  private final Path work;
  private final Settings settings;
  private final Path runLog;
  private final List<String> serverArgs;

  public KillNineScenario(Path work, Settings settings) {
    this.work = work;
    this.settings = settings;
    this.runLog = work.resolve("runs.log");
    this.serverArgs =
        List.of(
            "--node-name",
            "crash-node",
            "--pod-failure-backoff",
            "PT0.1S",
            "--pod-failure-backoff-max",
            "PT1S");
  }

  public Report run() throws Exception {
    Path dataDir = Files.createDirectories(work.resolve("data"));
    Random random = new Random(settings.seed());
    long start = System.nanoTime();
    ChildServer server = ChildServer.start(dataDir, serverArgs);
    int kills = 0;
    try {
      try (KubernetesClient client = server.client()) {
        client.batch().v1().jobs().resource(job()).create();
      }
      for (int i = 0; i < settings.kills(); i++) {
        long span = settings.maxKillDelay().toMillis() - settings.minKillDelay().toMillis();
        long delay = settings.minKillDelay().toMillis() + (long) (random.nextDouble() * span);
        // The kill moment is the point of the scenario, chosen at random: nothing is awaited.
        Thread.sleep(delay);
        if (isComplete(server)) {
          break;
        }
        server.killDashNine();
        kills++;
        server = ChildServer.start(dataDir, serverArgs);
      }
      ChildServer last = server;
      await("job complete")
          .atMost(settings.timeout())
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptionsInstanceOf(KubernetesClientException.class)
          .until(() -> isComplete(last));
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      try (KubernetesClient client = server.client()) {
        return check(client, kills, elapsed);
      }
    } finally {
      server.close();
    }
  }

  private Job job() {
    String script =
        "echo \"start $JOB_COMPLETION_INDEX $POD_UID\" >> '"
            + runLog
            + "' && sleep "
            + settings.containerSleep()
            + " && echo \"end $JOB_COMPLETION_INDEX $POD_UID\" >> '"
            + runLog
            + "'";
    return new JobBuilder()
        .withNewMetadata()
        .withName(JOB)
        .endMetadata()
        .withNewSpec()
        .withCompletionMode("Indexed")
        .withCompletions(settings.completions())
        .withParallelism(settings.parallelism())
        // Every pod running at a kill is lost and counts as failed: the limit must not end the Job.
        .withBackoffLimit(1_000_000)
        .withNewTemplate()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withTerminationGracePeriodSeconds(0L)
        .addNewContainer()
        .withName("main")
        .withImage("busybox")
        .withCommand("/bin/sh", "-c", script)
        .withEnv(
            new EnvVarBuilder()
                .withName("POD_UID")
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath("metadata.uid")
                .endFieldRef()
                .endValueFrom()
                .build())
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static boolean isComplete(ChildServer server) {
    try (KubernetesClient client = server.client()) {
      Job job = client.batch().v1().jobs().withName(JOB).get();
      return job != null
          && job.getStatus() != null
          && job.getStatus().getConditions() != null
          && job.getStatus().getConditions().stream()
              .anyMatch(c -> c.getType().equals("Complete") && c.getStatus().equals("True"));
    }
  }

  private Report check(KubernetesClient client, int kills, Duration elapsed) throws IOException {
    List<String> violations = new ArrayList<>();
    int n = settings.completions();
    JobStatus status = client.batch().v1().jobs().withName(JOB).get().getStatus();
    List<Pod> pods = client.pods().withLabel("job-name", JOB).list().getItems();

    int succeededPods = 0;
    int failedPods = 0;
    int lostPods = 0;
    Map<Integer, List<String>> succeededByIndex = new HashMap<>();
    for (Pod pod : pods) {
      String name = pod.getMetadata().getName();
      String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
      if (pod.getMetadata().getFinalizers() != null
          && pod.getMetadata().getFinalizers().contains(TRACKING_FINALIZER)) {
        violations.add("pod " + name + " still has the tracking finalizer");
      }
      int index = Integer.parseInt(pod.getMetadata().getAnnotations().get(INDEX_ANNOTATION));
      if ("Succeeded".equals(phase)) {
        succeededPods++;
        succeededByIndex.computeIfAbsent(index, k -> new ArrayList<>()).add(uid(pod));
      } else if ("Failed".equals(phase)) {
        failedPods++;
        String reason = terminatedReason(pod);
        if ("ContainerStatusUnknown".equals(reason)) {
          lostPods++;
        } else {
          violations.add(
              "pod " + name + " failed for another reason than a lost container: " + reason);
        }
      } else {
        violations.add("pod " + name + " is " + phase + " after the Job completed");
      }
    }

    if (!Integer.valueOf(n).equals(status.getSucceeded())) {
      violations.add("succeeded is " + status.getSucceeded() + ", not " + n);
    }
    int countedFailed = status.getFailed() == null ? 0 : status.getFailed();
    if (countedFailed != failedPods) {
      violations.add("failed is " + countedFailed + " but " + failedPods + " pods failed");
    }
    if (succeededPods != n) {
      violations.add(succeededPods + " pods succeeded for " + n + " completions");
    }
    String expectedIndexes = n == 1 ? "0" : "0-" + (n - 1);
    if (!expectedIndexes.equals(status.getCompletedIndexes())) {
      violations.add("completedIndexes is " + status.getCompletedIndexes());
    }
    if (status.getUncountedTerminatedPods() != null
        && (!nullToEmpty(status.getUncountedTerminatedPods().getSucceeded()).isEmpty()
            || !nullToEmpty(status.getUncountedTerminatedPods().getFailed()).isEmpty())) {
      violations.add("uncountedTerminatedPods not empty: " + status.getUncountedTerminatedPods());
    }
    if (status.getActive() != null && status.getActive() != 0) {
      violations.add("active is " + status.getActive());
    }

    // The run log: the last run of every index is its succeeded pod's, so nothing ran for an
    // index after it had succeeded.
    Map<Integer, String> lastStart = new HashMap<>();
    int runs = 0;
    for (String line : Files.readAllLines(runLog, StandardCharsets.UTF_8)) {
      String[] parts = line.split(" ");
      if (parts.length == 3 && parts[0].equals("start")) {
        runs++;
        lastStart.put(Integer.parseInt(parts[1]), parts[2]);
      }
    }
    for (int i = 0; i < n; i++) {
      List<String> succeeded = succeededByIndex.getOrDefault(i, List.of());
      if (succeeded.size() != 1) {
        violations.add("index " + i + " has " + succeeded.size() + " succeeded pods");
      } else if (!succeeded.get(0).equals(lastStart.get(i))) {
        violations.add(
            "index "
                + i
                + " ran again after pod "
                + succeeded.get(0)
                + " succeeded (last run: "
                + lastStart.get(i)
                + ")");
      }
    }

    // Containers orphaned by a kill were stopped by the agent when it came back.
    String marker = runLog.toString();
    ProcessHandle.allProcesses()
        .filter(
            p -> p.info().arguments().map(a -> String.join(" ", a).contains(marker)).orElse(false))
        .forEach(p -> violations.add("container process " + p.pid() + " still runs"));
    return new Report(kills, elapsed, lostPods, runs, status, violations);
  }

  private static String uid(Pod pod) {
    return pod.getMetadata().getUid();
  }

  private static String terminatedReason(Pod pod) {
    List<ContainerStatus> statuses = pod.getStatus().getContainerStatuses();
    if (statuses == null || statuses.isEmpty() || statuses.get(0).getState() == null) {
      return null;
    }
    return statuses.get(0).getState().getTerminated() == null
        ? null
        : statuses.get(0).getState().getTerminated().getReason();
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
