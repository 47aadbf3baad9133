package io.batchd.controller.job;

import static io.batchd.controller.job.Fixtures.NOW;
import static io.batchd.controller.job.Fixtures.nz;
import static io.batchd.controller.job.Fixtures.pod;
import static io.batchd.controller.job.Fixtures.pods;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One sync of a Job over a set of pods: the scenarios of upstream's {@code TestControllerSyncJob},
 * in batchd's words, with every Job feature on (so the terminal condition is first FailureTarget or
 * SuccessCriteriaMet, and the final one waits for terminating pods).
 */
class JobSyncControllerTableTest {

  /** A scenario: the Job, its pods, and what one sync must decide. */
  static final class Case {
    final String name;
    JobBuilder job;
    Function<Job, List<Pod>> pods = j -> List.of();
    boolean expectationsSatisfied = true;
    PodBackoffRecord backoff = PodBackoffRecord.NONE;
    JobControllerOptions options = JobControllerOptions.defaults();
    int creations;
    int deletions;
    int active;
    int ready;
    int succeeded;
    int failed;
    int terminating;
    String completedIndexes;
    List<String> conditions = List.of();
    Set<Integer> createdIndexes = Set.of();
    int finalizerPatches;
    Optional<Duration> requeue;

    Case(String name, JobBuilder job) {
      this.name = name;
      this.job = job;
    }

    Case pods(Function<Job, List<Pod>> pods) {
      this.pods = pods;
      return this;
    }

    Case expect(int creations, int deletions, int active, int ready) {
      this.creations = creations;
      this.deletions = deletions;
      this.active = active;
      this.ready = ready;
      return this;
    }

    Case counts(int succeeded, int failed, int terminating) {
      this.succeeded = succeeded;
      this.failed = failed;
      this.terminating = terminating;
      return this;
    }

    Case patches(int finalizerPatches) {
      this.finalizerPatches = finalizerPatches;
      return this;
    }

    Case conditions(String... conditions) {
      this.conditions = List.of(conditions);
      return this;
    }

    Case completedIndexes(String completed) {
      this.completedIndexes = completed;
      return this;
    }

    Case createdIndexes(Integer... indexes) {
      this.createdIndexes = Set.of(indexes);
      return this;
    }

    Case unsatisfiedExpectations() {
      this.expectationsSatisfied = false;
      return this;
    }

    Case backoff(PodBackoffRecord record) {
      this.backoff = record;
      return this;
    }

    Case options(JobControllerOptions options) {
      this.options = options;
      return this;
    }

    Case requeue(Duration after) {
      this.requeue = Optional.of(after);
      return this;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static JobBuilder job(int parallelism, Integer completions, int backoffLimit) {
    return Fixtures.job(parallelism, completions, backoffLimit);
  }

  static JobBuilder indexed(int parallelism, int completions, int backoffLimit) {
    return Fixtures.indexedJob(parallelism, completions, backoffLimit);
  }

  static List<Pod> concat(List<Pod>... lists) {
    List<Pod> all = new ArrayList<>();
    for (List<Pod> list : lists) {
      all.addAll(list);
    }
    return all;
  }

  static JobStatus status(int active, int succeeded, int failed) {
    JobStatus status = new JobStatus();
    status.setActive(active);
    status.setSucceeded(succeeded);
    status.setFailed(failed);
    status.setStartTime(Times.format(NOW));
    return status;
  }

  static JobCondition condition(String type, String status, String reason) {
    return new JobConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage("Testing")
        .build();
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("job start", job(2, 5, 6)).expect(2, 0, 2, 0),
        new Case("work queue job start", job(2, null, 6)).expect(2, 0, 2, 0),
        new Case("pending pods", job(2, 5, 6))
            .pods(j -> pods(j, 2, p -> p.pending()))
            .expect(0, 0, 2, 0),
        new Case("correct number of pods", job(3, 5, 6))
            .pods(j -> concat(pods(j, 2, p -> p.ready()), pods(j, 1, p -> p.running())))
            .expect(0, 0, 3, 2),
        new Case("work queue job with the right number of pods", job(2, null, 6))
            .pods(j -> pods(j, 2, p -> p.running()))
            .expect(0, 0, 2, 0),
        new Case("too few active pods", job(2, 5, 6))
            .pods(j -> concat(pods(j, 1, p -> p.running()), pods(j, 1, p -> p.succeeded())))
            .expect(1, 0, 2, 0)
            .counts(1, 0, 0)
            .patches(1),
        new Case(
                "work queue job recreates pods once failed under podReplacementPolicy Failed",
                job(1, null, 6).editSpec().withPodReplacementPolicy("Failed").endSpec())
            .pods(
                j ->
                    concat(
                        pods(j, 1, p -> p.running()),
                        pods(j, 1, p -> p.failed()),
                        pods(j, 1, p -> p.terminating())))
            .expect(0, 0, 1, 0)
            .counts(0, 1, 1)
            .patches(1),
        new Case(
                "terminating pods count as failed under the default TerminatingOrFailed",
                job(1, 1, 6))
            .pods(
                j ->
                    concat(
                        pods(j, 1, p -> p.running()),
                        pods(j, 1, p -> p.failed()),
                        pods(j, 1, p -> p.terminating())))
            .expect(0, 0, 1, 0)
            .counts(0, 2, 1)
            .patches(2),
        new Case(
                "more terminating pods than parallelism under podReplacementPolicy Failed",
                job(1, 1, 6).editSpec().withPodReplacementPolicy("Failed").endSpec())
            .pods(j -> concat(pods(j, 2, p -> p.running()), pods(j, 4, p -> p.terminating())))
            .expect(0, 1, 1, 0)
            .counts(0, 0, 5)
            .patches(1),
        new Case(
                "more terminating pods than parallelism with a podFailurePolicy",
                job(1, 1, 6)
                    .editSpec()
                    .withPodFailurePolicy(new PodFailurePolicyBuilder().build())
                    .endSpec())
            .pods(j -> concat(pods(j, 2, p -> p.running()), pods(j, 4, p -> p.terminating())))
            .expect(0, 1, 1, 0)
            .counts(0, 0, 5)
            .patches(1),
        new Case(
                "too few active pods while the pod backoff runs",
                job(1, 1, 6).withNewStatus().withStartTime(Times.format(NOW)).endStatus())
            .backoff(new PodBackoffRecord(1, Optional.of(NOW)))
            .expect(0, 0, 0, 0)
            .requeue(Duration.ofSeconds(10)),
        new Case("too few active pods and no backoff", job(1, 1, 6))
            .backoff(new PodBackoffRecord(0, Optional.of(NOW)))
            .expect(1, 0, 1, 0),
        new Case("too few active pods in a work queue job", job(2, null, 6))
            .pods(j -> pods(j, 1, p -> p.running()))
            .expect(1, 0, 2, 0),
        new Case("too many active pods", job(2, 5, 6))
            .pods(j -> pods(j, 3, p -> p.running()))
            .expect(0, 1, 2, 0)
            .counts(0, 0, 1)
            .patches(1),
        new Case("ready pods are recounted when too many pods are active", job(2, 5, 6))
            .pods(j -> pods(j, 3, p -> p.ready()))
            .expect(0, 1, 2, 2)
            .counts(0, 0, 1)
            .patches(1),
        new Case("a failed and a succeeded pod", job(2, 5, 6))
            .pods(
                j ->
                    concat(
                        pods(j, 1, p -> p.running()),
                        pods(j, 1, p -> p.succeeded()),
                        pods(j, 1, p -> p.failed())))
            .expect(1, 0, 2, 0)
            .counts(1, 1, 0)
            .patches(2),
        new Case("a new failed pod", job(2, 5, 6))
            .pods(j -> concat(pods(j, 1, p -> p.running()), pods(j, 1, p -> p.failed())))
            .expect(1, 0, 2, 0)
            .counts(0, 1, 0)
            .patches(1),
        new Case(
                "no new pod when the failure is already counted",
                job(1, 1, 6).withStatus(status(1, 0, 1)))
            .pods(j -> pods(j, 1, p -> p.running()))
            .expect(0, 0, 1, 0)
            .counts(0, 1, 0),
        new Case("job finish", job(2, 5, 6))
            .pods(j -> pods(j, 5, p -> p.succeeded()))
            .counts(5, 0, 0)
            .conditions("SuccessCriteriaMet:CompletionsReached", "Complete:CompletionsReached")
            .patches(5),
        new Case("work queue job finishing", job(2, null, 6))
            .pods(j -> concat(pods(j, 1, p -> p.running()), pods(j, 1, p -> p.succeeded())))
            .expect(0, 0, 1, 0)
            .counts(1, 0, 0)
            .patches(1),
        new Case("work queue job all finished", job(2, null, 6))
            .pods(j -> pods(j, 2, p -> p.succeeded()))
            .counts(2, 0, 0)
            .conditions("SuccessCriteriaMet:CompletionsReached", "Complete:CompletionsReached")
            .patches(2),
        new Case("work queue job all finished despite one failure", job(2, null, 6))
            .pods(j -> concat(pods(j, 1, p -> p.succeeded()), pods(j, 1, p -> p.failed())))
            .counts(1, 1, 0)
            .conditions("SuccessCriteriaMet:CompletionsReached", "Complete:CompletionsReached")
            .patches(2),
        new Case("more active pods than parallelism", job(2, 5, 6))
            .pods(j -> pods(j, 10, p -> p.running()))
            .expect(0, 8, 2, 0)
            .counts(0, 0, 8)
            .patches(8),
        new Case("more active pods than remaining completions", job(3, 4, 6))
            .pods(j -> concat(pods(j, 3, p -> p.running()), pods(j, 2, p -> p.succeeded())))
            .expect(0, 1, 2, 0)
            .counts(2, 0, 1)
            .patches(3),
        new Case("status change", job(2, 5, 6))
            .pods(j -> concat(pods(j, 2, p -> p.running()), pods(j, 2, p -> p.succeeded())))
            .expect(0, 0, 2, 0)
            .counts(2, 0, 0)
            .patches(2),
        new Case(
                "a Job being deleted gets no pods and lets go of every finalizer",
                job(2, 5, 6).editMetadata().withDeletionTimestamp(Times.format(NOW)).endMetadata())
            .pods(
                j ->
                    concat(
                        pods(j, 1, p -> p.pending()),
                        pods(j, 1, p -> p.running()),
                        pods(j, 1, p -> p.succeeded())))
            .expect(0, 0, 2, 0)
            .counts(1, 0, 0)
            .patches(3),
        new Case("pod creations are limited per sync", job(100, 200, 6))
            .options(JobControllerOptions.defaults().withMaxPodCreateDeletePerSync(10))
            .expect(10, 0, 10, 0),
        new Case(
                "too many job failures",
                job(2, 5, 0).editMetadata().withDeletionTimestamp(Times.format(NOW)).endMetadata())
            .pods(j -> pods(j, 1, p -> p.failed()))
            .counts(0, 1, 0)
            .conditions("FailureTarget:BackoffLimitExceeded", "Failed:BackoffLimitExceeded")
            .patches(1),
        new Case(
                "job failures with unsatisfied expectations do not finish the Job",
                job(2, 5, 0).editMetadata().withDeletionTimestamp(Times.format(NOW)).endMetadata())
            .pods(j -> pods(j, 1, p -> p.failed()))
            .unsatisfiedExpectations()
            .counts(0, 1, 0)
            .patches(1),
        new Case("indexed job start", indexed(2, 5, 6)).expect(2, 0, 2, 0).createdIndexes(0, 1),
        new Case(
                "indexed job with a pod being deleted under podReplacementPolicy Failed",
                indexed(2, 5, 6).editSpec().withPodReplacementPolicy("Failed").endSpec())
            .pods(j -> pods(j, 1, p -> p.terminating()))
            .expect(1, 0, 1, 0)
            .counts(0, 0, 1)
            .createdIndexes(0),
        new Case(
                "indexed job with a pod being deleted under podReplacementPolicy TerminatingOrFailed",
                indexed(2, 5, 6)
                    .editSpec()
                    .withPodReplacementPolicy("TerminatingOrFailed")
                    .endSpec())
            .pods(j -> pods(j, 1, p -> p.terminating()))
            .expect(2, 0, 2, 0)
            .counts(0, 0, 1)
            .createdIndexes(0, 1)
            .patches(1),
        new Case("indexed job completed", indexed(2, 3, 6))
            .pods(
                j ->
                    List.of(
                        pod(j).index(0).succeeded().build(),
                        pod(j).index(1).failed().build(),
                        pod(j).index(1).succeeded().build(),
                        pod(j).index(2).succeeded().build()))
            .counts(3, 1, 0)
            .completedIndexes("0-2")
            .conditions("SuccessCriteriaMet:CompletionsReached", "Complete:CompletionsReached")
            .patches(4),
        new Case(
                "indexed job failed, the final condition waits for the terminating pod",
                indexed(2, 3, 0))
            .pods(
                j ->
                    List.of(
                        pod(j).index(0).succeeded().build(),
                        pod(j).index(1).failed().build(),
                        pod(j).index(2).running().build()))
            .expect(0, 1, 0, 0)
            .counts(1, 2, 1)
            .completedIndexes("0")
            .conditions("FailureTarget:BackoffLimitExceeded")
            .patches(3),
        new Case("ready pods are recounted when the Job fails", job(2, 3, 0))
            .pods(j -> concat(pods(j, 2, p -> p.ready()), pods(j, 1, p -> p.failed())))
            .expect(0, 2, 0, 0)
            .counts(0, 3, 2)
            .conditions("FailureTarget:BackoffLimitExceeded")
            .patches(3),
        new Case("indexed job with a repeated completed index", indexed(2, 3, 6))
            .pods(
                j ->
                    List.of(
                        pod(j).index(0).succeeded().build(),
                        pod(j).index(1).succeeded().build(),
                        pod(j).index(1).succeeded().build()))
            .expect(1, 0, 1, 0)
            .counts(2, 0, 0)
            .completedIndexes("0,1")
            .createdIndexes(2)
            .patches(3),
        new Case("indexed job with some running and completed pods", indexed(8, 20, 6))
            .pods(
                j ->
                    List.of(
                        pod(j).index(0).running().build(),
                        pod(j).index(2).succeeded().build(),
                        pod(j).index(3).pending().build(),
                        pod(j).index(4).succeeded().build(),
                        pod(j).index(5).succeeded().build(),
                        pod(j).index(7).succeeded().build(),
                        pod(j).index(8).succeeded().build(),
                        pod(j).index(9).succeeded().build()))
            .expect(6, 0, 8, 0)
            .counts(6, 0, 0)
            .completedIndexes("2,4,5,7-9")
            .createdIndexes(1, 6, 10, 11, 12, 13)
            .patches(6),
        new Case("indexed job with some failed pods", indexed(3, 4, 6))
            .pods(
                j ->
                    List.of(
                        pod(j).index(0).failed().build(),
                        pod(j).index(1).pending().build(),
                        pod(j).index(2).failed().build()))
            .expect(2, 0, 3, 0)
            .counts(0, 2, 0)
            .createdIndexes(0, 2)
            .patches(2),
        new Case("indexed job with some pods without an index", indexed(2, 5, 6))
            .pods(
                j ->
                    concat(
                        pods(j, 1, p -> p.running()),
                        pods(j, 1, p -> p.succeeded()),
                        pods(j, 1, p -> p.failed()),
                        List.of(
                            pod(j).index("invalid").running().build(),
                            pod(j).index("invalid").succeeded().build(),
                            pod(j).index("invalid").failed().build(),
                            pod(j).index("invalid").pending().build(),
                            pod(j).index(0).succeeded().build(),
                            pod(j).index(1).running().build(),
                            pod(j).index(2).running().build())))
            .expect(0, 3, 2, 0)
            .counts(1, 0, 3)
            .completedIndexes("0")
            .patches(8),
        new Case("indexed job with repeated indexes", indexed(5, 5, 6))
            .pods(
                j ->
                    concat(
                        pods(j, 1, p -> p.succeeded()),
                        pods(j, 1, p -> p.failed()),
                        List.of(
                            pod(j).index("invalid").running().build(),
                            pod(j).index(0).succeeded().build(),
                            pod(j).index(1).running().build(),
                            pod(j).index(2).running().build(),
                            pod(j).index(2).pending().build())))
            .expect(0, 2, 2, 0)
            .counts(1, 0, 2)
            .completedIndexes("0")
            .patches(5),
        new Case("indexed job with indexes outside the range", indexed(2, 5, 6))
            .pods(
                j ->
                    List.of(
                        pod(j).index(0).succeeded().build(),
                        pod(j).index(5).running().build(),
                        pod(j).index(6).succeeded().build(),
                        pod(j).index(7).pending().build(),
                        pod(j).index(8).failed().build()))
            .expect(0, 2, 0, 0)
            .counts(1, 0, 2)
            .completedIndexes("0")
            .patches(5),
        new Case(
                "suspending a job deletes its active pods",
                job(2, 4, 6).editSpec().withSuspend(true).endSpec())
            .pods(j -> pods(j, 2, p -> p.ready()))
            .expect(0, 2, 0, 0)
            .counts(0, 0, 2)
            .conditions("Suspended:JobSuspended")
            .patches(2),
        new Case(
                "suspending with unsatisfied expectations waits",
                job(2, 4, 6).editSpec().withSuspend(true).endSpec())
            .pods(j -> pods(j, 3, p -> p.ready()))
            .unsatisfiedExpectations()
            .expect(0, 0, 3, 3),
        new Case(
                "resuming a suspended job",
                job(2, 4, 6)
                    .withNewStatus()
                    .addToConditions(condition("Suspended", "True", "JobSuspended"))
                    .endStatus())
            .expect(2, 0, 2, 0)
            .conditions("Suspended:JobResumed"),
        new Case(
                "suspending a Job being deleted changes nothing but the finalizers",
                job(2, 4, 6)
                    .editSpec()
                    .withSuspend(true)
                    .endSpec()
                    .editMetadata()
                    .withDeletionTimestamp(Times.format(NOW))
                    .endMetadata())
            .pods(j -> pods(j, 2, p -> p.running()))
            .expect(0, 0, 2, 0)
            .patches(2),
        new Case(
                "a FailureTarget=False condition added by hand is ignored",
                job(1, 1, 6)
                    .withStatus(status(1, 0, 0))
                    .editStatus()
                    .addToConditions(condition("FailureTarget", "False", "ConditionAddedManually"))
                    .endStatus())
            .pods(j -> pods(j, 1, p -> p.ready()))
            .expect(0, 0, 1, 1)
            .conditions("FailureTarget:ConditionAddedManually"),
        new Case(
                "a SuccessCriteriaMet=False condition added by hand is ignored",
                job(1, 1, 6)
                    .withStatus(status(1, 0, 0))
                    .editStatus()
                    .addToConditions(
                        condition("SuccessCriteriaMet", "False", "ConditionAddedManually"))
                    .endStatus())
            .pods(j -> pods(j, 1, p -> p.ready()))
            .expect(0, 0, 1, 1)
            .conditions("SuccessCriteriaMet:ConditionAddedManually"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void syncDecidesAsUpstream(Case c) {
    Job job = c.job.build();
    List<Pod> pods = c.pods.apply(job);
    JobSyncInput input =
        JobSyncInput.of(job, pods, NOW)
            .withBackoff(c.backoff)
            .withExpectationsSatisfied(c.expectationsSatisfied);

    JobSyncResult result = new JobSync(c.options).sync(input);

    assertThat(result.decision()).isEqualTo(JobSyncResult.Decision.SYNCED);
    assertThat(result.podsToCreate()).as("creations").hasSize(c.creations);
    assertThat(result.podsToDelete()).as("deletions").hasSize(c.deletions);
    for (Pod created : result.podsToCreate()) {
      assertThat(created.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(
              ref -> {
                assertThat(ref.getApiVersion()).isEqualTo("batch/v1");
                assertThat(ref.getKind()).isEqualTo("Job");
                assertThat(ref.getName()).isEqualTo("foobar");
                assertThat(ref.getUid()).isEqualTo("job-uid");
                assertThat(ref.getController()).isTrue();
                assertThat(ref.getBlockOwnerDeletion()).isTrue();
              });
      assertThat(created.getMetadata().getFinalizers()).contains(JobPods.TRACKING_FINALIZER);
    }
    if (JobSpecs.isIndexed(job)) {
      TreeSet<Integer> created = new TreeSet<>();
      for (Pod p : result.podsToCreate()) {
        int index = CompletionIndexes.of(p);
        created.add(index);
        assertThat(p.getSpec().getHostname()).isEqualTo("foobar-" + index);
        assertThat(p.getMetadata().getGenerateName()).isEqualTo("foobar-" + index + "-");
        assertThat(p.getMetadata().getLabels())
            .containsEntry(CompletionIndexes.INDEX_KEY, Integer.toString(index));
      }
      assertThat(created).as("created indexes").isEqualTo(new TreeSet<>(c.createdIndexes));
    } else {
      for (Pod p : result.podsToCreate()) {
        assertThat(p.getMetadata().getGenerateName()).isEqualTo("foobar-");
        assertThat(p.getSpec().getHostname()).isNull();
      }
    }

    JobStatus status = Fixtures.statusOf(result, job);
    assertThat(nz(status.getActive())).as("active").isEqualTo(c.active);
    assertThat(status.getReady()).as("ready").isEqualTo(c.ready);
    assertThat(nz(status.getSucceeded())).as("succeeded").isEqualTo(c.succeeded);
    assertThat(nz(status.getFailed())).as("failed").isEqualTo(c.failed);
    assertThat(status.getTerminating()).as("terminating").isEqualTo(c.terminating);
    assertThat(status.getCompletedIndexes()).as("completedIndexes").isEqualTo(c.completedIndexes);
    List<String> conditions =
        status.getConditions() == null
            ? List.of()
            : status.getConditions().stream().map(x -> x.getType() + ":" + x.getReason()).toList();
    assertThat(conditions).as("conditions").isEqualTo(c.conditions);
    if (JobSpecs.suspended(job)) {
      assertThat(status.getStartTime()).as("startTime of a suspended Job").isNull();
    } else {
      assertThat(status.getStartTime()).as("startTime").isNotNull();
    }
    long patches =
        result.podsToDelete().stream()
                .filter(d -> d.removeFinalizerFirst() && JobPods.hasTrackingFinalizer(d.pod()))
                .count()
            + result.finalizersToRemove().size();
    assertThat(patches).as("finalizer patches").isEqualTo(c.finalizerPatches);
    if (c.requeue != null) {
      assertThat(result.requeueAfter()).as("requeue").isEqualTo(c.requeue);
    }
  }
}
