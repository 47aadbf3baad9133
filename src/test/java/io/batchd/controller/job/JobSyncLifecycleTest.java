package io.batchd.controller.job;

import static io.batchd.controller.job.Fixtures.NOW;
import static io.batchd.controller.job.Fixtures.nz;
import static io.batchd.controller.job.Fixtures.pod;
import static io.batchd.controller.job.Fixtures.pods;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Start, suspend, resume, deadlines, terminal conditions, skipped Jobs and the status writes. */
class JobSyncLifecycleTest {
  private static final JobSync SYNC = new JobSync(JobControllerOptions.defaults());

  private static Job withStatus(Job job, JobStatus status) {
    return new JobBuilder(job).withStatus(status).build();
  }

  @Test
  void aJobCreatedSuspendedGetsNoPodsNoStartTimeAndTheSuspendedCondition() {
    Job job = Fixtures.job(2, 4, 6).editSpec().withSuspend(true).endSpec().build();

    JobSyncResult result = SYNC.sync(job, List.of(), NOW);

    assertThat(result.podsToCreate()).isEmpty();
    JobStatus status = Fixtures.statusOf(result, job);
    assertThat(status.getStartTime()).isNull();
    assertThat(Fixtures.condition(status, "Suspended").orElseThrow())
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("JobSuspended");
              assertThat(c.getMessage()).isEqualTo("Job suspended");
              assertThat(c.getLastProbeTime()).isEqualTo(Times.format(NOW));
              assertThat(c.getLastTransitionTime()).isEqualTo(Times.format(NOW));
            });
    assertThat(result.events())
        .containsExactly(new JobEvent("Normal", "Suspended", "Job suspended"));
  }

  @Test
  void suspendingDeletesPodsWithoutCountingThemAndKeepsTheStartTime() {
    String started = Times.format(NOW.minusSeconds(600));
    Job job =
        Fixtures.job(2, 4, 6)
            .editSpec()
            .withSuspend(true)
            .endSpec()
            .withNewStatus()
            .withStartTime(started)
            .withActive(2)
            .endStatus()
            .build();
    List<Pod> running = pods(job, 2, p -> p.running());

    JobSyncResult result = SYNC.sync(job, running, NOW);

    assertThat(result.podsToDelete())
        .allSatisfy(
            d -> {
              assertThat(d.reason()).isEqualTo(PodDeletion.Reason.SUSPENDED);
              assertThat(d.removeFinalizerFirst()).isTrue();
            });
    JobStatus status = Fixtures.statusOf(result, job);
    assertThat(nz(status.getFailed())).isZero();
    assertThat(nz(status.getActive())).isZero();
    assertThat(status.getStartTime()).isEqualTo(started);
  }

  @Test
  void resumingResetsTheStartTime() {
    Job job =
        Fixtures.job(1, 1, 6)
            .withNewStatus()
            .withStartTime(Times.format(NOW.minusSeconds(600)))
            .addToConditions(
                new JobConditionBuilder()
                    .withType("Suspended")
                    .withStatus("True")
                    .withReason("JobSuspended")
                    .withMessage("Job suspended")
                    .build())
            .endStatus()
            .build();

    JobSyncResult result = SYNC.sync(job, List.of(), NOW);

    JobStatus status = Fixtures.statusOf(result, job);
    assertThat(status.getStartTime()).isEqualTo(Times.format(NOW));
    assertThat(Fixtures.condition(status, "Suspended").orElseThrow().getStatus())
        .isEqualTo("False");
    assertThat(result.events()).containsExactly(new JobEvent("Normal", "Resumed", "Job resumed"));
  }

  @Test
  void theActiveDeadlineFailsTheJobAndStopsItsPods() {
    Job job =
        Fixtures.job(1, 1, 6)
            .editSpec()
            .withActiveDeadlineSeconds(30L)
            .endSpec()
            .withNewStatus()
            .withStartTime(Times.format(NOW.minusSeconds(30)))
            .endStatus()
            .build();
    Pod running = pod(job).running().build();

    JobSyncResult result = SYNC.sync(job, List.of(running), NOW);

    assertThat(result.podsToDelete())
        .extracting(PodDeletion::reason)
        .containsExactly(PodDeletion.Reason.JOB_FAILED);
    JobStatus status = Fixtures.statusOf(result, job);
    assertThat(Fixtures.condition(status, "FailureTarget").orElseThrow().getMessage())
        .isEqualTo("Job was active longer than specified deadline");
    assertThat(Fixtures.condition(status, "FailureTarget").orElseThrow().getReason())
        .isEqualTo("DeadlineExceeded");
    assertThat(status.getFailed()).isEqualTo(1);

    Job next = withStatus(job, status);
    Pod gone = pod(job).running().terminating().withoutFinalizer().build();
    JobSyncResult later = SYNC.sync(next, List.of(gone), NOW.plusSeconds(1));
    assertThat(Fixtures.condition(Fixtures.statusOf(later, next), "Failed")).isEmpty();
    JobSyncResult done = SYNC.sync(next, List.of(), NOW.plusSeconds(2));
    JobStatus finalStatus = Fixtures.statusOf(done, next);
    assertThat(Fixtures.condition(finalStatus, "Failed").orElseThrow().getReason())
        .isEqualTo("DeadlineExceeded");
    assertThat(finalStatus.getCompletionTime()).isNull();
    assertThat(done.events())
        .containsExactly(
            new JobEvent(
                "Warning", "DeadlineExceeded", "Job was active longer than specified deadline"));
  }

  @Test
  void beforeTheDeadlineTheSyncIsRequeuedForIt() {
    Job job =
        Fixtures.job(1, 1, 6)
            .editSpec()
            .withActiveDeadlineSeconds(30L)
            .endSpec()
            .withNewStatus()
            .withStartTime(Times.format(NOW.minusSeconds(10)))
            .endStatus()
            .build();

    JobSyncResult result = SYNC.sync(job, List.of(pod(job).running().build()), NOW);

    assertThat(result.requeueAfter()).contains(Duration.ofSeconds(20));
  }

  @Test
  void theDeadlineDoesNotFireWhileSuspended() {
    Job job =
        Fixtures.job(1, 1, 6)
            .editSpec()
            .withActiveDeadlineSeconds(30L)
            .withSuspend(true)
            .endSpec()
            .withNewStatus()
            .withStartTime(Times.format(NOW.minusSeconds(300)))
            .endStatus()
            .build();

    JobSyncResult result = SYNC.sync(job, List.of(), NOW);

    assertThat(Fixtures.condition(Fixtures.statusOf(result, job), "FailureTarget")).isEmpty();
    assertThat(result.requeueAfter()).isEmpty();
  }

  @Test
  void containerRestartsCountTowardTheBackoffLimitUnderOnFailure() {
    Job job =
        Fixtures.job(1, 1, 2)
            .editSpec()
            .editTemplate()
            .editSpec()
            .withRestartPolicy("OnFailure")
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();

    JobSyncResult below = SYNC.sync(job, List.of(pod(job).running().restarts(1).build()), NOW);
    JobSyncResult at = SYNC.sync(job, List.of(pod(job).running().restarts(2).build()), NOW);

    assertThat(Fixtures.condition(Fixtures.statusOf(below, job), "FailureTarget")).isEmpty();
    assertThat(
            Fixtures.condition(Fixtures.statusOf(at, job), "FailureTarget")
                .orElseThrow()
                .getReason())
        .isEqualTo("BackoffLimitExceeded");
  }

  @Test
  void aRecordedFailureTargetBecomesFailedOnceNothingRuns() {
    Job job =
        Fixtures.job(1, 1, 6)
            .withNewStatus()
            .withStartTime(Times.format(NOW))
            .withFailed(1)
            .addToConditions(
                new JobConditionBuilder()
                    .withType("FailureTarget")
                    .withStatus("True")
                    .withReason("BackoffLimitExceeded")
                    .withMessage("Job has reached the specified backoff limit")
                    .build())
            .endStatus()
            .build();

    JobSyncResult result = SYNC.sync(job, List.of(), NOW);

    assertThat(result.podsToCreate()).isEmpty();
    JobStatus status = Fixtures.statusOf(result, job);
    assertThat(status.getConditions())
        .extracting(c -> c.getType())
        .containsExactly("FailureTarget", "Failed");
  }

  @Test
  void completionSetsCompletionTimeAndWarnsAboutTooManySucceededPods() {
    Job job = Fixtures.job(3, 2, 6).build();

    JobSyncResult result = SYNC.sync(job, pods(job, 3, p -> p.succeeded()), NOW);

    JobStatus status = result.statusAfterFinalizerRemoval().orElseThrow();
    assertThat(status.getSucceeded()).isEqualTo(3);
    assertThat(status.getCompletionTime()).isEqualTo(Times.format(NOW));
    assertThat(Fixtures.condition(status, "Complete").orElseThrow().getMessage())
        .isEqualTo("Reached expected number of succeeded pods");
    assertThat(
            result
                .statusBeforeFinalizerRemoval()
                .orElseThrow()
                .getUncountedTerminatedPods()
                .getSucceeded())
        .hasSize(3);
    assertThat(Fixtures.condition(result.statusBeforeFinalizerRemoval().orElseThrow(), "Complete"))
        .isEmpty();
    assertThat(result.events())
        .containsExactly(
            new JobEvent(
                "Warning",
                "TooManySucceededPods",
                "Too many succeeded pods running after completion count reached"),
            new JobEvent("Normal", "Completed", "Job completed"));
  }

  @Test
  void jobsManagedByAnotherControllerAreLeftAlone() {
    Job job = Fixtures.job(1, 1, 6).editSpec().withManagedBy("example.com/queue").endSpec().build();

    JobSyncResult result = SYNC.sync(job, List.of(pod(job).succeeded().build()), NOW);

    assertThat(result.decision()).isEqualTo(JobSyncResult.Decision.MANAGED_BY_OTHER);
    assertThat(result.podsToCreate()).isEmpty();
    assertThat(result.finalizersToRemove()).isEmpty();
    assertThat(result.statusUpdate().finalStatus()).isEmpty();
    assertThat(result.events()).isEmpty();
  }

  @Test
  void theBuiltInControllerNameIsOurs() {
    Job job =
        Fixtures.job(1, 1, 6)
            .editSpec()
            .withManagedBy("kubernetes.io/job-controller")
            .endSpec()
            .build();

    assertThat(SYNC.sync(job, List.of(), NOW).podsToCreate()).hasSize(1);
  }

  @Test
  void aFinishedJobIsNotSyncedAgain() {
    Job job =
        Fixtures.job(1, 1, 6)
            .withNewStatus()
            .addToConditions(
                new JobConditionBuilder().withType("Complete").withStatus("True").build())
            .endStatus()
            .build();

    JobSyncResult result = SYNC.sync(job, List.of(pod(job).succeeded().build()), NOW);

    assertThat(result.decision()).isEqualTo(JobSyncResult.Decision.ALREADY_FINISHED);
    assertThat(result.finalizersToRemove()).isEmpty();
  }

  @Test
  void anUnknownCompletionModeIsOnlyReported() {
    Job job = Fixtures.job(1, 1, 6).editSpec().withCompletionMode("Sometimes").endSpec().build();

    JobSyncResult result = SYNC.sync(job, List.of(), NOW);

    assertThat(result.decision()).isEqualTo(JobSyncResult.Decision.UNKNOWN_COMPLETION_MODE);
    assertThat(result.podsToCreate()).isEmpty();
    assertThat(result.events())
        .containsExactly(
            new JobEvent(
                "Warning",
                "UnknownCompletionMode",
                "Skipped Job sync because completion mode is unknown"));
  }

  @Test
  void theGlobalBackoffDoublesFromTheLastFailure() {
    Job job =
        Fixtures.job(1, 1, 6).withNewStatus().withStartTime(Times.format(NOW)).endStatus().build();
    Pod failed = pod(job).failedAt(NOW.minusSeconds(5)).build();
    PodBackoffRecord twoEarlier = new PodBackoffRecord(2, Optional.of(NOW.minusSeconds(60)));

    JobSyncResult result =
        SYNC.sync(JobSyncInput.of(job, List.of(failed), NOW).withBackoff(twoEarlier));

    // The third failure since the last success waits 10 s × 2² = 40 s from its finish.
    assertThat(result.podsToCreate()).isEmpty();
    assertThat(result.requeueAfter()).contains(Duration.ofSeconds(35));
    assertThat(result.statusUpdate().backoff())
        .isEqualTo(new PodBackoffRecord(3, Optional.of(NOW.minusSeconds(5))));
  }

  @Test
  void backoffGrowsToTheCapAndASuccessResetsIt() {
    JobControllerOptions options = JobControllerOptions.defaults();
    assertThat(PodBackoff.remaining(1, NOW, NOW, options)).isEqualTo(Duration.ofSeconds(10));
    assertThat(PodBackoff.remaining(4, NOW, NOW, options)).isEqualTo(Duration.ofSeconds(80));
    assertThat(PodBackoff.remaining(20, NOW, NOW, options)).isEqualTo(Duration.ofMinutes(10));
    assertThat(PodBackoff.remaining(1, NOW.minusSeconds(11), NOW, options)).isZero();

    Job job = Fixtures.job(1, 1, 6).build();
    Pod success = pod(job).succeededAt(NOW.minusSeconds(20)).build();
    Pod failureBefore = pod(job).failedAt(NOW.minusSeconds(30)).build();
    Pod failureAfter = pod(job).failedAt(NOW.minusSeconds(10)).build();
    assertThat(
            PodBackoff.next(
                new PodBackoffRecord(5, Optional.of(NOW.minusSeconds(40))),
                List.of(success),
                List.of(failureBefore, failureAfter)))
        .isEqualTo(new PodBackoffRecord(1, Optional.of(NOW.minusSeconds(10))));
  }

  @Test
  void atMostMaxUncountedPodsAreRecordedPerSyncAndTheJobIsNotFinishedThen() {
    Job job = Fixtures.job(5, 5, 6).build();
    JobSync sync = new JobSync(JobControllerOptions.defaults().withMaxUncountedPods(2));

    JobSyncResult result = sync.sync(job, pods(job, 5, p -> p.succeeded()), NOW);

    assertThat(result.finalizersToRemove()).hasSize(2);
    JobStatus status = Fixtures.statusOf(result, job);
    assertThat(status.getSucceeded()).isEqualTo(2);
    assertThat(Fixtures.condition(status, "Complete")).isEmpty();
  }

  @Test
  void podsWhoseFinalizerRemovalIsInFlightAreNotCountedAgain() {
    Job job =
        Fixtures.job(2, 2, 6)
            .withNewStatus()
            .withStartTime(Times.format(NOW))
            .withSucceeded(1)
            .endStatus()
            .build();
    Pod counted = pod(job).succeeded().build();
    Pod running = pod(job).running().build();

    JobSyncResult result =
        SYNC.sync(
            JobSyncInput.of(job, List.of(counted, running), NOW)
                .withFinalizerRemovalsInFlight(Set.of(JobPods.uid(counted))));

    assertThat(result.finalizersToRemove()).isEmpty();
    assertThat(Fixtures.statusOf(result, job).getSucceeded()).isEqualTo(1);
  }

  @Test
  void anUncountedPodThatIsGoneIsCounted() {
    Job job =
        Fixtures.job(2, 2, 6)
            .withNewStatus()
            .withStartTime(Times.format(NOW))
            .withNewUncountedTerminatedPods()
            .withSucceeded("gone-uid")
            .withFailed("gone-too")
            .endUncountedTerminatedPods()
            .endStatus()
            .build();

    JobSyncResult result = SYNC.sync(job, List.of(pod(job).running().build()), NOW);

    JobStatus status = result.statusBeforeFinalizerRemoval().orElseThrow();
    assertThat(status.getSucceeded()).isEqualTo(1);
    assertThat(status.getFailed()).isEqualTo(1);
    assertThat(status.getUncountedTerminatedPods().getSucceeded()).isEmpty();
  }

  @Test
  void failedCreationsAreNotReportedActive() {
    Job job = Fixtures.job(3, 3, 6).build();

    JobSyncResult result = SYNC.sync(job, List.of(), NOW);
    StatusUpdate partial = result.statusUpdate(new PodActionOutcome(2, Set.of()));

    assertThat(result.podsToCreate()).hasSize(3);
    assertThat(partial.finalStatus().orElseThrow().getActive()).isEqualTo(1);
  }

  @Test
  void aFailingJobWhosePodDeletionFailedIsNotMarkedFinished() {
    Job job = Fixtures.job(2, 2, 0).build();
    Pod failed = pod(job).failed().build();
    Pod running = pod(job).running().build();

    JobSyncResult result = SYNC.sync(job, List.of(failed, running), NOW);
    StatusUpdate partial =
        result.statusUpdate(new PodActionOutcome(0, Set.of(JobPods.uid(running))));

    assertThat(
            Fixtures.condition(result.statusUpdate().finalStatus().orElseThrow(), "FailureTarget"))
        .isPresent();
    JobStatus status = partial.finalStatus().orElseThrow();
    assertThat(Fixtures.condition(status, "FailureTarget")).isEmpty();
    assertThat(status.getActive()).isEqualTo(1);
    assertThat(status.getFailed()).isEqualTo(1);
    assertThat(partial.finalizersToRemove())
        .extracting(JobPods::uid)
        .containsExactly(JobPods.uid(failed));
  }

  @Test
  void syncDoesNotModifyItsInput() {
    Job job = Fixtures.indexedJob(2, 4, 6).build();
    List<Pod> pods = new ArrayList<>(List.of(pod(job).index(1).succeeded().build()));
    String before = job.toString() + pods;

    SYNC.sync(job, pods, NOW).statusUpdate();

    assertThat(job.toString() + pods).isEqualTo(before);
  }

  @Test
  void aSyncOverAnUnchangedJobWritesNothing() {
    Job job = Fixtures.job(2, 4, 6).build();
    List<Pod> running = pods(job, 2, p -> p.running());
    JobSyncResult first = SYNC.sync(job, running, NOW);
    Job written = withStatus(job, first.statusUpdate().finalStatus().orElseThrow());

    JobSyncResult again = SYNC.sync(written, running, NOW.plusSeconds(5));

    assertThat(again.podsToCreate()).isEmpty();
    assertThat(again.podsToDelete()).isEmpty();
    assertThat(again.statusUpdate().beforeFinalizerRemoval()).isEmpty();
    assertThat(again.statusUpdate().afterFinalizerRemoval()).isEmpty();
    assertThat(again.events()).isEmpty();
  }
}
