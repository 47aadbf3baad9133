package io.batchd.controller.job;

import static io.batchd.controller.job.Fixtures.NOW;
import static io.batchd.controller.job.Fixtures.nz;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A crash between any two writes of a sync, followed by fresh syncs over what was persisted,
 * neither loses nor double-counts a pod.
 */
class JobSyncCrashConsistencyTest {
  private static final JobControllerOptions NO_BACKOFF =
      JobControllerOptions.defaults().withPodFailureBackoff(Duration.ZERO, Duration.ZERO);

  /** A Job with finished, running and excess pods: one sync makes many writes. */
  private static FakeCluster busyJob(boolean indexed) {
    Job job = indexed ? Fixtures.indexedJob(2, 6, 100).build() : Fixtures.job(2, 6, 100).build();
    FakeCluster cluster = new FakeCluster(job, NO_BACKOFF, NOW);
    cluster.sync(-1);
    cluster.runPods((pod, attempt) -> attempt % 2 == 0 ? "Failed" : "Succeeded");
    return cluster;
  }

  private static void settle(FakeCluster cluster) {
    for (int i = 0; i < 10; i++) {
      int before = cluster.writes;
      cluster.sync(-1);
      if (cluster.writes == before) {
        return;
      }
    }
  }

  private static void assertAccountedExactly(FakeCluster cluster) {
    JobStatus status = cluster.status();
    assertThat(nz(status.getSucceeded())).as("succeeded").isEqualTo(cluster.kubeletSucceeded);
    assertThat(nz(status.getFailed())).as("failed").isEqualTo(cluster.kubeletFailed);
    assertThat(status.getUncountedTerminatedPods().getSucceeded()).isEmpty();
    assertThat(status.getUncountedTerminatedPods().getFailed()).isEmpty();
    for (Pod pod : cluster.pods()) {
      if (JobPods.isTerminal(pod)) {
        assertThat(JobPods.hasTrackingFinalizer(pod))
            .as("finalizer of counted pod %s", pod.getMetadata().getName())
            .isFalse();
      }
    }
  }

  static List<Boolean> modes() {
    return List.of(false, true);
  }

  @ParameterizedTest(name = "indexed={0}")
  @MethodSource("modes")
  void aCrashAfterAnyWriteOfASyncLosesAndDoubleCountsNothing(boolean indexed) {
    Supplier<FakeCluster> start = () -> busyJob(indexed);
    FakeCluster reference = start.get();
    int before = reference.writes;
    reference.sync(-1);
    int writesOfOneSync = reference.writes - before;
    settle(reference);
    assertThat(writesOfOneSync).as("writes in the sync under test").isGreaterThanOrEqualTo(4);

    for (int crashAfter = 0; crashAfter < writesOfOneSync; crashAfter++) {
      FakeCluster cluster = start.get();
      assertThat(cluster.sync(crashAfter)).as("crashed after %d writes", crashAfter).isFalse();
      cluster.restartController();
      settle(cluster);
      assertAccountedExactly(cluster);
      assertThat(cluster.status().getSucceeded())
          .as("succeeded after a crash after %d writes", crashAfter)
          .isEqualTo(reference.status().getSucceeded());
      assertThat(cluster.status().getFailed()).isEqualTo(reference.status().getFailed());
      assertThat(cluster.status().getCompletedIndexes())
          .isEqualTo(reference.status().getCompletedIndexes());
    }
  }

  static IntStream seeds() {
    return IntStream.range(0, 25);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aNonIndexedJobWithRandomCrashesEndsWithExactCounts(int seed) {
    Random random = new Random(seed);
    FakeCluster cluster = new FakeCluster(Fixtures.job(5, 30, 1000).build(), NO_BACKOFF, NOW);

    cluster.runToEnd(
        (pod, attempt) -> attempt % 4 == 0 ? "Failed" : "Succeeded",
        round -> random.nextInt(3) == 0 ? random.nextInt(8) : -1,
        500);

    assertThat(cluster.finished()).isTrue();
    assertThat(Fixtures.condition(cluster.status(), "Complete")).isPresent();
    assertAccountedExactly(cluster);
    assertThat(cluster.status().getSucceeded()).isGreaterThanOrEqualTo(30);
    assertThat(cluster.status().getCompletionTime()).isNotNull();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void anIndexedJobWithRandomCrashesRunsEveryIndexToSuccessExactlyOnce(int seed) {
    Random random = new Random(seed);
    FakeCluster cluster =
        new FakeCluster(Fixtures.indexedJob(4, 25, 1000).build(), NO_BACKOFF, NOW);

    cluster.runToEnd(
        (pod, attempt) ->
            attempt == 1 && CompletionIndexes.of(pod) % 3 == 0 ? "Failed" : "Succeeded",
        round -> random.nextInt(3) == 0 ? random.nextInt(8) : -1,
        500);

    assertThat(cluster.finished()).isTrue();
    assertAccountedExactly(cluster);
    assertThat(cluster.status().getSucceeded()).isEqualTo(25);
    assertThat(cluster.kubeletSucceeded).as("no index succeeded twice").isEqualTo(25);
    assertThat(cluster.status().getCompletedIndexes()).isEqualTo("0-24");
    assertThat(cluster.status().getFailed()).as("indexes 0,3,...,24 failed once").isEqualTo(9);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aJobThatExceedsItsBackoffLimitAcrossCrashesCountsEveryFailureOnce(int seed) {
    Random random = new Random(seed);
    FakeCluster cluster = new FakeCluster(Fixtures.job(1, 1, 3).build(), NO_BACKOFF, NOW);

    cluster.runToEnd(
        (pod, attempt) -> "Failed", round -> random.nextInt(2) == 0 ? random.nextInt(5) : -1, 200);

    assertThat(cluster.finished()).isTrue();
    assertThat(cluster.status().getFailed()).isEqualTo(4);
    assertThat(cluster.kubeletFailed).isEqualTo(4);
    assertThat(Fixtures.condition(cluster.status(), "Failed").orElseThrow().getReason())
        .isEqualTo("BackoffLimitExceeded");
    assertThat(Fixtures.condition(cluster.status(), "FailureTarget")).isPresent();
  }

  @Test
  void removingFinalizersBeforeRecordingThePodsWouldLoseThem() {
    // The oracle must be able to fail: a reconciler that strips finalizers before the first status
    // write and then crashes loses the pods it stripped.
    FakeCluster cluster = busyJob(false);
    JobSyncResult result =
        new JobSync(NO_BACKOFF).sync(JobSyncInput.of(cluster.job(), cluster.pods(), NOW));
    assertThat(result.finalizersToRemove()).isNotEmpty();
    for (Pod pod : result.finalizersToRemove()) {
      cluster.removeFinalizer(JobPods.uid(pod));
    }
    cluster.restartController();
    settle(cluster);

    int counted = nz(cluster.status().getSucceeded()) + nz(cluster.status().getFailed());
    assertThat(counted).isLessThan(cluster.kubeletSucceeded + cluster.kubeletFailed);
  }
}
