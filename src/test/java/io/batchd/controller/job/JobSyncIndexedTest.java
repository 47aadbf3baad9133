package io.batchd.controller.job;

import static io.batchd.controller.job.Fixtures.NOW;
import static io.batchd.controller.job.Fixtures.nz;
import static io.batchd.controller.job.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicyRuleBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Indexed Jobs: backoffLimitPerIndex, maxFailedIndexes, FailIndex, successPolicy, elasticity. */
class JobSyncIndexedTest {
  private static final JobControllerOptions NO_BACKOFF =
      JobControllerOptions.defaults().withPodFailureBackoff(Duration.ZERO, Duration.ZERO);

  private static Job perIndex(int parallelism, int completions, int limitPerIndex) {
    return Fixtures.indexedJob(parallelism, completions, Integer.MAX_VALUE)
        .editSpec()
        .withBackoffLimitPerIndex(limitPerIndex)
        .endSpec()
        .build();
  }

  @Test
  void oddIndexesFailingTwiceFailTheJobWithFailedIndexes() {
    FakeCluster cluster = new FakeCluster(perIndex(2, 4, 1), NO_BACKOFF, NOW);

    cluster.runToEnd(
        (pod, attempt) -> CompletionIndexes.of(pod) % 2 == 1 ? "Failed" : "Succeeded",
        round -> -1,
        50);

    JobStatus status = cluster.status();
    assertThat(status.getFailedIndexes()).isEqualTo("1,3");
    assertThat(status.getCompletedIndexes()).isEqualTo("0,2");
    assertThat(status.getFailed()).isEqualTo(4);
    assertThat(status.getSucceeded()).isEqualTo(2);
    assertThat(Fixtures.condition(status, "FailureTarget").orElseThrow().getReason())
        .isEqualTo("FailedIndexes");
    assertThat(Fixtures.condition(status, "Failed").orElseThrow().getMessage())
        .isEqualTo("Job has failed indexes");
    assertThat(cluster.events())
        .contains(new JobEvent("Warning", "FailedIndexes", "Job has failed indexes"));
  }

  @Test
  void moreFailedIndexesThanAllowedFailTheJobAtOnce() {
    Job job =
        Fixtures.indexedJob(1, 3, Integer.MAX_VALUE)
            .editSpec()
            .withBackoffLimitPerIndex(0)
            .withMaxFailedIndexes(0)
            .endSpec()
            .build();
    FakeCluster cluster = new FakeCluster(job, NO_BACKOFF, NOW);

    cluster.runToEnd((pod, attempt) -> "Failed", round -> -1, 20);

    JobStatus status = cluster.status();
    assertThat(status.getFailedIndexes()).isEqualTo("0");
    assertThat(status.getFailed()).isEqualTo(1);
    assertThat(Fixtures.condition(status, "Failed").orElseThrow().getReason())
        .isEqualTo("MaxFailedIndexesExceeded");
    assertThat(Fixtures.condition(status, "Failed").orElseThrow().getMessage())
        .isEqualTo("Job has exceeded the specified maximal number of failed indexes");
  }

  @Test
  void aFailIndexRuleFailsTheIndexWithoutRetry() {
    Job job =
        Fixtures.indexedJob(2, 2, Integer.MAX_VALUE)
            .editSpec()
            .withBackoffLimitPerIndex(1)
            .withPodFailurePolicy(
                JobSyncPodFailurePolicyTest.policy(
                    JobSyncPodFailurePolicyTest.onExitCodes("FailIndex", null, "In", 1)))
            .endSpec()
            .build();
    FakeCluster cluster = new FakeCluster(job, NO_BACKOFF, NOW);

    cluster.runToEnd(
        (pod, attempt) -> CompletionIndexes.of(pod) == 1 ? "Failed" : "Succeeded", round -> -1, 20);

    JobStatus status = cluster.status();
    assertThat(status.getFailedIndexes()).isEqualTo("1");
    assertThat(status.getCompletedIndexes()).isEqualTo("0");
    assertThat(status.getFailed()).isEqualTo(1);
    assertThat(status.getSucceeded()).isEqualTo(1);
  }

  @Test
  void theReplacementCarriesTheFailureCountAndTheFailedPodWaitsForIt() {
    Job job = perIndex(1, 1, 2);
    Pod failed = pod(job).index(0).failed().failureCount(0).build();

    JobSyncResult result = new JobSync(NO_BACKOFF).sync(job, List.of(failed), NOW);

    assertThat(result.podsToCreate())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.getMetadata().getAnnotations())
                    .containsEntry(CompletionIndexes.INDEX_KEY, "0")
                    .containsEntry(CompletionIndexes.FAILURE_COUNT_KEY, "1")
                    .doesNotContainKey(CompletionIndexes.IGNORED_FAILURE_COUNT_KEY));
    assertThat(result.finalizersToRemove()).isEmpty();
    assertThat(nz(Fixtures.statusOf(result, job).getFailed())).isZero();

    Pod replacement = pod(job).index(0).running().failureCount(1).build();
    JobSyncResult next = new JobSync(NO_BACKOFF).sync(job, List.of(failed, replacement), NOW);
    assertThat(next.finalizersToRemove())
        .extracting(JobPods::uid)
        .containsExactly(JobPods.uid(failed));
    assertThat(Fixtures.statusOf(next, job).getFailed()).isEqualTo(1);
  }

  @Test
  void anIgnoredFailureIsCarriedAsTheIgnoredCount() {
    Job job =
        Fixtures.indexedJob(1, 1, Integer.MAX_VALUE)
            .editSpec()
            .withBackoffLimitPerIndex(0)
            .withPodFailurePolicy(
                JobSyncPodFailurePolicyTest.policy(
                    JobSyncPodFailurePolicyTest.onCondition("Ignore", "DisruptionTarget")))
            .endSpec()
            .build();
    Pod evicted = pod(job).index(0).failed().withCondition("DisruptionTarget", "True").build();

    JobSyncResult result = new JobSync(NO_BACKOFF).sync(job, List.of(evicted), NOW);

    assertThat(result.podsToCreate().getFirst().getMetadata().getAnnotations())
        .containsEntry(CompletionIndexes.FAILURE_COUNT_KEY, "0")
        .containsEntry(CompletionIndexes.IGNORED_FAILURE_COUNT_KEY, "1");
  }

  @Test
  void aFailedIndexWaitsForItsOwnBackoff() {
    Job job = perIndex(1, 1, 3);
    Pod failed = pod(job).index(0).failedAt(NOW.minusSeconds(5)).failureCount(0).build();

    JobSyncResult result =
        new JobSync(JobControllerOptions.defaults()).sync(job, List.of(failed), NOW);

    assertThat(result.podsToCreate()).isEmpty();
    assertThat(result.requeueAfter()).contains(Duration.ofSeconds(5));
  }

  @Test
  void theSuccessPolicyEndsTheJobAndStopsTheLingeringPodsUncounted() {
    Job job =
        Fixtures.indexedJob(3, 3, 6)
            .editSpec()
            .withNewSuccessPolicy()
            .withRules(new SuccessPolicyRuleBuilder().withSucceededIndexes("0").build())
            .endSuccessPolicy()
            .endSpec()
            .build();
    Pod leader = pod(job).index(0).succeeded().build();
    Pod worker = pod(job).index(1).ready().build();

    JobSyncResult result = new JobSync(NO_BACKOFF).sync(job, List.of(leader, worker), NOW);

    assertThat(result.podsToDelete())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.reason()).isEqualTo(PodDeletion.Reason.JOB_SUCCEEDED);
              assertThat(d.removeFinalizerFirst()).isFalse();
            });
    JobStatus status = Fixtures.statusOf(result, job);
    assertThat(Fixtures.condition(status, "SuccessCriteriaMet").orElseThrow().getMessage())
        .isEqualTo("Matched rules at index 0");
    assertThat(Fixtures.condition(status, "SuccessCriteriaMet").orElseThrow().getReason())
        .isEqualTo("SuccessPolicy");
    assertThat(Fixtures.condition(status, "Complete")).as("the worker still terminates").isEmpty();
    assertThat(nz(status.getFailed())).as("stopped pods are not failures").isZero();

    Job after =
        new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder(job).withStatus(status).build();
    JobSyncResult done = new JobSync(NO_BACKOFF).sync(after, List.of(), NOW.plusSeconds(3));
    JobStatus finalStatus = Fixtures.statusOf(done, after);
    assertThat(Fixtures.condition(finalStatus, "Complete").orElseThrow().getReason())
        .isEqualTo("SuccessPolicy");
    assertThat(finalStatus.getCompletionTime()).isEqualTo(Times.format(NOW.plusSeconds(3)));
    assertThat(done.events()).containsExactly(new JobEvent("Normal", "Completed", "Job completed"));
  }

  @Test
  void successPolicyRulesMatchByIndexesCountOrBoth() {
    OrderedIntervals succeeded = OrderedIntervals.parse("0,2-4", 10);
    assertThat(match(succeeded, null, 4)).contains("Matched rules at index 0");
    assertThat(match(succeeded, null, 5)).isEmpty();
    assertThat(match(succeeded, "2-4", null)).contains("Matched rules at index 0");
    assertThat(match(succeeded, "1-3", null)).isEmpty();
    assertThat(match(succeeded, "1-3", 2)).contains("Matched rules at index 0");
    assertThat(match(succeeded, "1-3", 3)).isEmpty();
  }

  private static Optional<String> match(OrderedIntervals succeeded, String indexes, Integer count) {
    return SuccessPolicies.match(
        new io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicyBuilder()
            .withRules(
                new SuccessPolicyRuleBuilder()
                    .withSucceededIndexes(indexes)
                    .withSucceededCount(count)
                    .build())
            .build(),
        10,
        succeeded);
  }

  @Test
  void scalingDownAnElasticIndexedJobDropsHigherIndexes() {
    Job job =
        Fixtures.indexedJob(3, 3, 6)
            .withNewStatus()
            .withCompletedIndexes("0-1,4")
            .withSucceeded(3)
            .withStartTime(Times.format(NOW))
            .endStatus()
            .build();
    Pod outOfRange = pod(job).index(3).running().build();
    Pod running = pod(job).index(2).running().build();

    JobSyncResult result = new JobSync(NO_BACKOFF).sync(job, List.of(outOfRange, running), NOW);

    assertThat(result.podsToDelete())
        .singleElement()
        .satisfies(d -> assertThat(d.reason()).isEqualTo(PodDeletion.Reason.INVALID_INDEX));
    JobStatus status = Fixtures.statusOf(result, job);
    assertThat(status.getCompletedIndexes()).isEqualTo("0,1");
    assertThat(status.getSucceeded()).isEqualTo(2);
  }

  @Test
  void indexedPodsGetTheIndexEnvUnlessAContainerSetsItAndACutGenerateName() {
    String longName = "a".repeat(60);
    Job job =
        Fixtures.indexedJob(1, 12, 6)
            .editMetadata()
            .withName(longName)
            .endMetadata()
            .editSpec()
            .editTemplate()
            .editSpec()
            .addNewInitContainer()
            .withName("init")
            .addNewEnv()
            .withName("JOB_COMPLETION_INDEX")
            .withValue("mine")
            .endEnv()
            .endInitContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();

    Pod pod = JobPodFactory.newPod(job, 11, null);

    assertThat(pod.getMetadata().getGenerateName()).hasSize(58).endsWith("a-11-");
    assertThat(pod.getSpec().getContainers().getFirst().getEnv())
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("metadata.labels['batch.kubernetes.io/job-completion-index']"));
    assertThat(pod.getSpec().getInitContainers().getFirst().getEnv())
        .singleElement()
        .satisfies(e -> assertThat(e.getValue()).isEqualTo("mine"));
    assertThat(pod.getMetadata().getLabels())
        .containsEntry("foo", "bar")
        .containsEntry(CompletionIndexes.INDEX_KEY, "11");
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
        .as("the Job's template is not touched")
        .isEmpty();
  }
}
