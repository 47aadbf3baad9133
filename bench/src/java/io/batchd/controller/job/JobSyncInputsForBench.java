package io.batchd.controller.job;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * Inputs of the Job controller's decision function for the JMH benchmarks in {@code
 * io.batchd.bench.jmh}, built with the unit tests' {@link Fixtures} (package-private, as the tests'
 * helpers are).
 *
 * <p>The scene is DESIGN.md's P1 half-way: an Indexed Job of {@code completions}, parallelism
 * {@code parallelism}, whose first indexes have succeeded and been counted. The pods run out of
 * order, so the active indexes are scattered over the last {@code 2 * parallelism} indexes reached,
 * and the completed ones are a long interval followed by single indexes. Of the active pods, {@code
 * justSucceeded} have just succeeded and are not counted yet (their tracking finalizer is still
 * on): the pod events that trigger a sync during such a run.
 */
public final class JobSyncInputsForBench {
  private JobSyncInputsForBench() {}

  /**
   * @param completedBefore indexes below it have all succeeded
   * @param keepFinishedPods whether the informer still holds a pod (Succeeded, finalizer removed)
   *     for every completed index, as it does until the Job is deleted
   */
  public static JobSyncInput indexedMidRun(
      int completions,
      int parallelism,
      int completedBefore,
      int justSucceeded,
      boolean keepFinishedPods) {
    Random random = new Random(7);
    List<Integer> recent = new ArrayList<>();
    for (int i = completedBefore; i < completedBefore + 2 * parallelism; i++) {
      recent.add(i);
    }
    Collections.shuffle(recent, random);
    TreeSet<Integer> active = new TreeSet<>(recent.subList(0, parallelism));
    TreeSet<Integer> completed = new TreeSet<>(recent.subList(parallelism, recent.size()));
    for (int i = 0; i < completedBefore; i++) {
      completed.add(i);
    }

    Job job =
        Fixtures.indexedJob(parallelism, completions, 6)
            .withStatus(
                new JobStatusBuilder()
                    .withStartTime(Times.format(Fixtures.LONG_AGO))
                    .withActive(parallelism)
                    .withReady(parallelism)
                    .withTerminating(0)
                    .withSucceeded(completed.size())
                    .withFailed(0)
                    .withCompletedIndexes(OrderedIntervals.of(completed).toString())
                    .withNewUncountedTerminatedPods()
                    .endUncountedTerminatedPods()
                    .build())
            .build();

    List<Pod> pods = new ArrayList<>();
    if (keepFinishedPods) {
      for (int index : completed) {
        pods.add(Fixtures.pod(job).index(index).succeeded().withoutFinalizer().build());
      }
    }
    int n = 0;
    for (int index : active) {
      Fixtures.PodState pod = Fixtures.pod(job).index(index);
      pods.add((n++ < justSucceeded ? pod.succeeded() : pod.ready()).build());
    }
    return JobSyncInput.of(job, pods, Fixtures.NOW);
  }
}
