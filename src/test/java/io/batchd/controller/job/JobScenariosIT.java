package io.batchd.controller.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.batchd.testing.RunningServerExtension;
import io.batchd.testing.ShellJobs;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The scenarios of upstream's Job e2e and integration tests, end to end through fabric8 against a
 * whole server: real pods run as processes on the test node, and every count, condition, reason,
 * message and event is upstream's.
 *
 * <p>Pods that must stay running wait for a gate file of their own test ({@code until [ -f gate ]})
 * instead of sleeping, so that each scenario decides when they may finish. The tests run at once on
 * one server, each with Jobs of its own names.
 */
@Execution(ExecutionMode.CONCURRENT)
class JobScenariosIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String NS = "default";

  @TempDir static Path gates;

  @RegisterExtension static final RunningServerExtension server = new RunningServerExtension();

  // ---------------------------------------------------------------------------------------------
  // Helpers.

  private static Job job(String name, String script, UnaryOperator<JobSpecBuilder> spec) {
    return ShellJobs.job(name, script, spec);
  }

  /** A shell loop that waits until the gate file exists (checked ten times a second). */
  private static String waitForGate(Path gate) {
    return "until [ -f '" + gate + "' ]; do sleep 0.1; done";
  }

  private static void open(Path gate) throws IOException {
    Files.writeString(gate, "open");
  }

  private static Job create(Job job) {
    return server.client().batch().v1().jobs().inNamespace(NS).resource(job).create();
  }

  private static Job get(String name) {
    return server.client().batch().v1().jobs().inNamespace(NS).withName(name).get();
  }

  private static Optional<JobCondition> condition(Job job, String type) {
    if (job == null || job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst();
  }

  private static boolean isTrue(Job job, String type) {
    return condition(job, type).map(c -> c.getStatus().equals("True")).orElse(false);
  }

  /** Waits until the Job has the condition with status True, and returns it then. */
  private static Job awaitCondition(String name, String type) {
    await().atMost(TIMEOUT).until(() -> isTrue(get(name), type));
    return get(name);
  }

  private static List<Pod> pods(String job) {
    return server.client().pods().inNamespace(NS).withLabel("job-name", job).list().getItems();
  }

  private static List<Pod> podsInPhase(String job, String phase) {
    return pods(job).stream().filter(p -> phase.equals(p.getStatus().getPhase())).toList();
  }

  private static boolean isRunning(Pod pod) {
    return "Running".equals(pod.getStatus().getPhase())
        && pod.getMetadata().getDeletionTimestamp() == null;
  }

  private static List<Pod> awaitRunningPods(String job, int count) {
    await()
        .atMost(TIMEOUT)
        .until(() -> pods(job).stream().filter(JobScenariosIT::isRunning).count() == count);
    return pods(job).stream().filter(JobScenariosIT::isRunning).toList();
  }

  private static String index(Pod pod) {
    return pod.getMetadata().getAnnotations().get("batch.kubernetes.io/job-completion-index");
  }

  /** The events of the Job, as (type, reason, message). */
  private static List<Event> events(String job) {
    return server.client().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> "Job".equals(e.getInvolvedObject().getKind()))
        .filter(e -> job.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  private static void awaitEvent(String job, String type, String reason, String message) {
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(events(job))
                    .extracting(Event::getType, Event::getReason, Event::getMessage)
                    .contains(tuple(type, reason, message)));
  }

  private static void assertCondition(Job job, String type, String reason, String message) {
    JobCondition c = condition(job, type).orElseThrow(() -> new AssertionError("no " + type));
    assertThat(c.getStatus()).as("status of %s", type).isEqualTo("True");
    assertThat(c.getReason()).as("reason of %s", type).isEqualTo(reason);
    assertThat(c.getMessage()).as("message of %s", type).isEqualTo(message);
  }

  private static ContainerStatus main(Pod pod) {
    return pod.getStatus().getContainerStatuses().get(0);
  }

  /**
   * Watches the pods of one Job from before it exists: which pods were seen running, the most seen
   * active (not terminal, not deleted) at once, and which were deleted.
   */
  private static final class PodRecorder implements Watcher<Pod>, AutoCloseable {
    final Set<String> active = ConcurrentHashMap.newKeySet();
    final Set<String> running = ConcurrentHashMap.newKeySet();
    final Set<String> deleted = ConcurrentHashMap.newKeySet();
    final AtomicInteger mostActiveAtOnce = new AtomicInteger();
    private final Watch watch;

    PodRecorder(String job) {
      watch = server.client().pods().inNamespace(NS).withLabel("job-name", job).watch(this);
    }

    @Override
    public synchronized void eventReceived(Action action, Pod pod) {
      String uid = pod.getMetadata().getUid();
      String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
      if ("Running".equals(phase)) {
        running.add(uid);
      }
      if (action == Action.DELETED) {
        deleted.add(uid);
      }
      if (action != Action.DELETED
          && pod.getMetadata().getDeletionTimestamp() == null
          && !"Succeeded".equals(phase)
          && !"Failed".equals(phase)) {
        active.add(uid);
      } else {
        active.remove(uid);
      }
      mostActiveAtOnce.accumulateAndGet(active.size(), Math::max);
    }

    @Override
    public void onClose(WatcherException cause) {}

    @Override
    public void close() {
      watch.close();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Scenarios.

  @Test
  void fiveCompletionsRunAtMostTwoPodsAtOnce() {
    try (PodRecorder recorder = new PodRecorder("five")) {
      create(
          job(
              "five",
              "sleep 0.3; echo done",
              s -> s.withCompletions(5).withParallelism(2).withBackoffLimit(0)));

      Job done = awaitCondition("five", "Complete");
      assertCondition(
          done,
          "SuccessCriteriaMet",
          "CompletionsReached",
          "Reached expected number of succeeded pods");
      assertCondition(
          done, "Complete", "CompletionsReached", "Reached expected number of succeeded pods");
      assertThat(done.getStatus().getSucceeded()).isEqualTo(5);
      assertThat(done.getStatus().getFailed()).isNull();
      assertThat(done.getStatus().getActive()).isNull();
      assertThat(done.getStatus().getReady()).isZero();
      assertThat(done.getStatus().getTerminating()).isZero();
      assertThat(done.getStatus().getCompletionTime())
          .isEqualTo(condition(done, "Complete").orElseThrow().getLastTransitionTime());
      assertThat(pods("five"))
          .hasSize(5)
          .allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Succeeded"))
          .allSatisfy(p -> assertThat(p.getMetadata().getFinalizers()).isEmpty());
      assertThat(recorder.mostActiveAtOnce.get()).isEqualTo(2);
      awaitEvent("five", "Normal", "Completed", "Job completed");
      assertThat(events("five"))
          .filteredOn(e -> e.getReason().equals("SuccessfulCreate"))
          .extracting(Event::getMessage)
          .containsExactlyInAnyOrderElementsOf(
              pods("five").stream().map(p -> "Created pod: " + p.getMetadata().getName()).toList());
    }
  }

  @Test
  void anIndexedJobsPodsKnowTheirIndex() {
    create(
        job(
            "indexed",
            "echo \"index=$JOB_COMPLETION_INDEX host=$HOSTNAME\"",
            s ->
                s.withCompletionMode("Indexed")
                    .withCompletions(5)
                    .withParallelism(3)
                    .withBackoffLimit(0)));

    Job done = awaitCondition("indexed", "Complete");
    assertThat(done.getStatus().getCompletedIndexes()).isEqualTo("0-4");
    assertThat(done.getStatus().getSucceeded()).isEqualTo(5);
    assertThat(done.getStatus().getFailed()).isNull();
    assertThat(done.getStatus().getFailedIndexes()).isNull();
    List<Pod> pods = pods("indexed");
    // Known issue (docs/controller.md): a sync that reads a Job older than its pods may run an
    // index again after its pod succeeded, so only the set of indexes is exact here.
    assertThat(pods)
        .extracting(JobScenariosIT::index)
        .containsOnly("0", "1", "2", "3", "4")
        .contains("0", "1", "2", "3", "4");
    for (Pod pod : pods) {
      String i = index(pod);
      assertThat(pod.getMetadata().getName()).startsWith("indexed-" + i + "-");
      assertThat(pod.getMetadata().getLabels())
          .containsEntry("batch.kubernetes.io/job-completion-index", i);
      assertThat(pod.getSpec().getHostname()).isEqualTo("indexed-" + i);
      assertThat(pod.getSpec().getContainers().get(0).getEnv())
          .anySatisfy(
              env -> {
                assertThat(env.getName()).isEqualTo("JOB_COMPLETION_INDEX");
                assertThat(env.getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("metadata.labels['batch.kubernetes.io/job-completion-index']");
              });
      assertThat(
              server.client().pods().inNamespace(NS).withName(pod.getMetadata().getName()).getLog())
          .isEqualTo("index=" + i + " host=indexed-" + i + "\n");
    }
  }

  @Test
  void aJobFailsOnceItsFailuresExceedTheBackoffLimit() {
    create(job("backoff", "echo failing; exit 3", s -> s.withBackoffLimit(2)));

    Job failed = awaitCondition("backoff", "Failed");
    String message = "Job has reached the specified backoff limit";
    assertCondition(failed, "FailureTarget", "BackoffLimitExceeded", message);
    assertCondition(failed, "Failed", "BackoffLimitExceeded", message);
    assertThat(isTrue(failed, "Complete")).isFalse();
    assertThat(failed.getStatus().getFailed()).isEqualTo(3);
    assertThat(failed.getStatus().getSucceeded()).isNull();
    assertThat(failed.getStatus().getActive()).isNull();
    assertThat(failed.getStatus().getCompletionTime()).isNull();
    assertThat(pods("backoff"))
        .hasSize(3)
        .allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Failed"))
        .allSatisfy(p -> assertThat(main(p).getState().getTerminated().getExitCode()).isEqualTo(3));
    awaitEvent("backoff", "Warning", "BackoffLimitExceeded", message);
  }

  @Test
  void restartsOfOnFailurePodsCountTowardTheBackoffLimit() {
    create(
        job(
            "onfailure",
            "exit 1",
            s -> {
              s.editTemplate().editSpec().withRestartPolicy("OnFailure").endSpec().endTemplate();
              return s.withBackoffLimit(2);
            }));

    Job failed = awaitCondition("onfailure", "Failed");
    String message = "Job has reached the specified backoff limit";
    assertCondition(failed, "FailureTarget", "BackoffLimitExceeded", message);
    assertCondition(failed, "Failed", "BackoffLimitExceeded", message);
    // The one pod restarted its container twice; deleted as the Job failed, it counts once.
    assertThat(failed.getStatus().getFailed()).isEqualTo(1);
    assertThat(failed.getStatus().getActive()).isNull();
    awaitEvent("onfailure", "Normal", "SuccessfulDelete", "Deleted pod: " + podName("onfailure"));
    awaitEvent("onfailure", "Warning", "BackoffLimitExceeded", message);
    await().atMost(TIMEOUT).untilAsserted(() -> assertThat(pods("onfailure")).isEmpty());
  }

  private static String podName(String job) {
    return events(job).stream()
        .filter(e -> e.getReason().equals("SuccessfulCreate"))
        .map(e -> e.getMessage().substring("Created pod: ".length()))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aJobActiveLongerThanItsDeadlineFailsAndItsPodsAreStopped() {
    try (PodRecorder recorder = new PodRecorder("deadline")) {
      create(
          job(
              "deadline",
              waitForGate(gates.resolve("deadline")),
              s -> s.withParallelism(2).withCompletions(2).withActiveDeadlineSeconds(3L)));

      Job failed = awaitCondition("deadline", "Failed");
      String message = "Job was active longer than specified deadline";
      assertCondition(failed, "FailureTarget", "DeadlineExceeded", message);
      assertCondition(failed, "Failed", "DeadlineExceeded", message);
      // Both pods ran until the deadline, then were deleted and counted as failed.
      assertThat(recorder.running).hasSize(2);
      assertThat(failed.getStatus().getFailed()).isEqualTo(2);
      assertThat(failed.getStatus().getActive()).isNull();
      assertThat(failed.getStatus().getTerminating()).isZero();
      assertThat(failed.getStatus().getCompletionTime()).isNull();
      awaitEvent("deadline", "Warning", "DeadlineExceeded", message);
      await().atMost(TIMEOUT).until(() -> recorder.deleted.containsAll(recorder.running));
      assertThat(pods("deadline")).isEmpty();
    }
  }

  @Test
  void aSuspendedJobsPodsAreDeletedAndItCompletesOnceResumed() throws Exception {
    Path gate = gates.resolve("suspend");
    create(
        job(
            "suspend",
            waitForGate(gate),
            s -> s.withCompletions(2).withParallelism(2).withBackoffLimit(0)));
    List<Pod> first = awaitRunningPods("suspend", 2);

    patchSpec("suspend", "{\"suspend\":true}");
    Job suspended = awaitCondition("suspend", "Suspended");
    assertCondition(suspended, "Suspended", "JobSuspended", "Job suspended");
    await().atMost(TIMEOUT).until(() -> pods("suspend").isEmpty());
    suspended = get("suspend");
    assertThat(suspended.getStatus().getActive()).isNull();
    assertThat(suspended.getStatus().getFailed()).isNull();
    assertThat(suspended.getStatus().getReady()).isZero();
    awaitEvent("suspend", "Normal", "Suspended", "Job suspended");
    for (Pod pod : first) {
      awaitEvent(
          "suspend", "Normal", "SuccessfulDelete", "Deleted pod: " + pod.getMetadata().getName());
    }

    open(gate);
    patchSpec("suspend", "{\"suspend\":false}");
    Job done = awaitCondition("suspend", "Complete");
    JobCondition resumed = condition(done, "Suspended").orElseThrow();
    assertThat(resumed.getStatus()).isEqualTo("False");
    assertThat(resumed.getReason()).isEqualTo("JobResumed");
    assertThat(resumed.getMessage()).isEqualTo("Job resumed");
    assertThat(done.getStatus().getSucceeded()).isEqualTo(2);
    assertThat(done.getStatus().getFailed()).isNull();
    assertThat(pods("suspend"))
        .hasSize(2)
        .allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Succeeded"));
    awaitEvent("suspend", "Normal", "Resumed", "Job resumed");
  }

  @Test
  void aFailJobRuleOnAnExitCodeFailsTheJobAtOnce() {
    create(
        job(
            "failjob",
            "exit 42",
            s ->
                s.withBackoffLimit(6)
                    .withNewPodFailurePolicy()
                    .addNewRule()
                    .withAction("FailJob")
                    .withNewOnExitCodes()
                    .withContainerName("main")
                    .withOperator("In")
                    .withValues(42)
                    .endOnExitCodes()
                    .endRule()
                    .endPodFailurePolicy()));

    Job failed = awaitCondition("failjob", "Failed");
    Pod pod = pods("failjob").getFirst();
    String message =
        "Container main for pod default/"
            + pod.getMetadata().getName()
            + " failed with exit code 42 matching FailJob rule at index 0";
    assertCondition(failed, "FailureTarget", "PodFailurePolicy", message);
    assertCondition(failed, "Failed", "PodFailurePolicy", message);
    assertThat(failed.getStatus().getFailed()).isEqualTo(1);
    assertThat(pods("failjob")).hasSize(1);
    awaitEvent("failjob", "Warning", "PodFailurePolicy", message);
  }

  @Test
  void anEvictedPodIsIgnoredByAnIgnoreRuleOnDisruptionTargetAndReplaced() throws Exception {
    Path gate = gates.resolve("evicted");
    create(
        job(
            "evicted",
            waitForGate(gate),
            s ->
                s.withBackoffLimit(0)
                    .withNewPodFailurePolicy()
                    .addNewRule()
                    .withAction("Ignore")
                    .addNewOnPodCondition()
                    .withType("DisruptionTarget")
                    .withStatus("True")
                    .endOnPodCondition()
                    .endRule()
                    .endPodFailurePolicy()));
    Pod first = awaitRunningPods("evicted", 1).getFirst();

    assertThat(
            server.client().pods().inNamespace(NS).withName(first.getMetadata().getName()).evict())
        .isTrue();

    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                pods("evicted").stream()
                    .anyMatch(
                        p ->
                            isRunning(p)
                                && !p.getMetadata().getUid().equals(first.getMetadata().getUid())));
    Optional<Pod> evicted =
        pods("evicted").stream()
            .filter(p -> p.getMetadata().getUid().equals(first.getMetadata().getUid()))
            .findFirst();
    // The evicted pod, if still listed, failed with the DisruptionTarget condition.
    evicted.ifPresent(
        p -> {
          assertThat(p.getStatus().getPhase()).isEqualTo("Failed");
          PodCondition disruption =
              p.getStatus().getConditions().stream()
                  .filter(c -> c.getType().equals("DisruptionTarget"))
                  .findFirst()
                  .orElseThrow();
          assertThat(disruption.getStatus()).isEqualTo("True");
          assertThat(disruption.getReason()).isEqualTo("EvictionByEvictionAPI");
          assertThat(disruption.getMessage()).isEqualTo("Eviction API: evicting");
        });
    open(gate);

    Job done = awaitCondition("evicted", "Complete");
    assertThat(done.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(done.getStatus().getFailed()).isNull();
    assertThat(isTrue(done, "FailureTarget")).isFalse();
    assertThat(podsInPhase("evicted", "Succeeded")).hasSize(1);
  }

  @Test
  void indexesThatExhaustTheirBackoffLimitPerIndexFailTheJobWithFailedIndexes() {
    create(
        job(
            "perindex",
            "exit $((JOB_COMPLETION_INDEX % 2))",
            s ->
                s.withCompletionMode("Indexed")
                    .withCompletions(4)
                    .withParallelism(2)
                    .withBackoffLimitPerIndex(1)
                    .withMaxFailedIndexes(2)));

    Job failed = awaitCondition("perindex", "Failed");
    String message = "Job has failed indexes";
    assertCondition(failed, "FailureTarget", "FailedIndexes", message);
    assertCondition(failed, "Failed", "FailedIndexes", message);
    assertThat(failed.getSpec().getBackoffLimit()).isEqualTo(Integer.MAX_VALUE);
    assertThat(failed.getStatus().getFailedIndexes()).isEqualTo("1,3");
    assertThat(failed.getStatus().getCompletedIndexes()).isEqualTo("0,2");
    assertThat(failed.getStatus().getFailed()).isEqualTo(4);
    assertThat(failed.getStatus().getSucceeded()).isEqualTo(2);
    // Each odd index ran twice; every pod carries the failures its index had before it.
    assertThat(podsInPhase("perindex", "Failed"))
        .extracting(
            JobScenariosIT::index,
            p ->
                p.getMetadata().getAnnotations().get("batch.kubernetes.io/job-index-failure-count"))
        .containsExactlyInAnyOrder(
            tuple("1", "0"), tuple("1", "1"), tuple("3", "0"), tuple("3", "1"));
    awaitEvent("perindex", "Warning", "FailedIndexes", message);
  }

  @Test
  void moreFailedIndexesThanMaxFailedIndexesFailTheJobAtOnce() {
    create(
        job(
            "maxfailed",
            "exit 1",
            s ->
                s.withCompletionMode("Indexed")
                    .withCompletions(3)
                    .withParallelism(1)
                    .withBackoffLimitPerIndex(0)
                    .withMaxFailedIndexes(0)));

    Job failed = awaitCondition("maxfailed", "Failed");
    String message = "Job has exceeded the specified maximal number of failed indexes";
    assertCondition(failed, "FailureTarget", "MaxFailedIndexesExceeded", message);
    assertCondition(failed, "Failed", "MaxFailedIndexesExceeded", message);
    assertThat(failed.getStatus().getFailedIndexes()).isEqualTo("0");
    assertThat(failed.getStatus().getFailed()).isEqualTo(1);
    assertThat(pods("maxfailed")).hasSize(1);
  }

  @Test
  void aMetSuccessPolicyCompletesTheJobAndStopsTheLingeringPods() {
    create(
        job(
            "success",
            "if [ \"$JOB_COMPLETION_INDEX\" = 0 ]; then exit 0; fi; "
                + waitForGate(gates.resolve("never")),
            s ->
                s.withCompletionMode("Indexed")
                    .withCompletions(3)
                    .withParallelism(3)
                    .withNewSuccessPolicy()
                    .addNewRule()
                    .withSucceededIndexes("0")
                    .endRule()
                    .endSuccessPolicy()));

    Job done = awaitCondition("success", "Complete");
    String message = "Matched rules at index 0";
    assertCondition(done, "SuccessCriteriaMet", "SuccessPolicy", message);
    assertCondition(done, "Complete", "SuccessPolicy", message);
    assertThat(done.getStatus().getCompletedIndexes()).isEqualTo("0");
    assertThat(done.getStatus().getSucceeded()).isEqualTo(1);
    assertThat(done.getStatus().getFailed()).isNull();
    assertThat(done.getStatus().getActive()).isNull();
    assertThat(done.getStatus().getTerminating()).isZero();
    // The pods of indexes 1 and 2 were deleted, not counted, and are gone.
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(pods("success")).extracting(JobScenariosIT::index).containsExactly("0"));
    awaitEvent("success", "Normal", "Completed", "Job completed");
  }

  @Test
  void aFinishedJobIsDeletedAfterItsTtl() {
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (Watch watch =
        server
            .client()
            .batch()
            .v1()
            .jobs()
            .inNamespace(NS)
            .withField("metadata.name", "ttl")
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Job job) {
                    seen.add(action + (isTrue(job, "Complete") ? " Complete" : ""));
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      create(job("ttl", "true", s -> s.withTtlSecondsAfterFinished(1)));

      await().atMost(TIMEOUT).untilAsserted(() -> assertThat(seen).contains("DELETED Complete"));
      assertThat(seen).first().isEqualTo("ADDED");
      assertThat(seen).contains("MODIFIED Complete").endsWith("DELETED Complete");
      assertThat(get("ttl")).isNull();
      // Removing the pods is the garbage collector's work; the Job controller lets go of them.
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(pods("ttl"))
                      .allSatisfy(p -> assertThat(p.getMetadata().getFinalizers()).isEmpty()));
    }
  }

  @Test
  void anIndexedJobScalesUpAndDownWithCompletionsAndParallelismTogether() throws Exception {
    Path gate = gates.resolve("elastic");
    create(
        job(
            "elastic",
            waitForGate(gate),
            s -> s.withCompletionMode("Indexed").withCompletions(2).withParallelism(2)));
    awaitRunningPods("elastic", 2);

    scale("elastic", 4);
    assertThat(awaitRunningPods("elastic", 4))
        .extracting(JobScenariosIT::index)
        .containsExactlyInAnyOrder("0", "1", "2", "3");

    scale("elastic", 3);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(pods("elastic"))
                    .extracting(JobScenariosIT::index)
                    .containsExactlyInAnyOrder("0", "1", "2"));

    open(gate);
    Job done = awaitCondition("elastic", "Complete");
    assertThat(done.getStatus().getCompletedIndexes()).isEqualTo("0-2");
    assertThat(done.getStatus().getSucceeded()).isEqualTo(3);
    // The pod of index 3 was removed by the scale-down, not failed.
    assertThat(done.getStatus().getFailed()).isNull();
  }

  private static void scale(String name, int size) {
    patchSpec(name, "{\"completions\":" + size + ",\"parallelism\":" + size + "}");
  }

  /**
   * A merge patch of the spec without a resourceVersion, as {@code kubectl patch} sends, so that
   * the controller's concurrent status writes do not make it conflict.
   */
  private static void patchSpec(String name, String spec) {
    server
        .client()
        .batch()
        .v1()
        .jobs()
        .inNamespace(NS)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":" + spec + "}");
  }
}
