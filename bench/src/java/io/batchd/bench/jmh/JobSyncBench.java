package io.batchd.bench.jmh;

import io.batchd.controller.job.JobControllerOptions;
import io.batchd.controller.job.JobSync;
import io.batchd.controller.job.JobSyncInput;
import io.batchd.controller.job.JobSyncInputsForBench;
import io.batchd.controller.job.JobSyncResult;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The Job controller's decision function ({@link JobSync#sync}) on P1's Job half-way: Indexed,
 * 10,000 completions, parallelism 64, 5,064 indexes done (5,000 in a row, the rest scattered), 64
 * pods active of which 8 have just succeeded and are not counted yet. The sync counts them, asks
 * for their finalizers to be removed and for 8 new pods. Inputs are built with the unit tests'
 * fixtures ({@link JobSyncInputsForBench}).
 *
 * <p>{@code keepFinishedPods}: whether the informer also holds the 5,064 finished pods (Succeeded,
 * finalizer removed), as it does during a real run until the Job is deleted.
 *
 * <p>The baseline, {@code baselineScan}, is the least any decision must do: one pass over the pods
 * reading each one's phase, completion index, finalizers and deletion mark.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class JobSyncBench {
  private static final String INDEX_ANNOTATION = "batch.kubernetes.io/job-completion-index";
  private static final String TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";

  @Param({"false", "true"})
  public boolean keepFinishedPods;

  private final JobSync jobSync = new JobSync(JobControllerOptions.defaults());
  private JobSyncInput input;

  @Setup
  public void setUp() {
    input = JobSyncInputsForBench.indexedMidRun(10_000, 64, 5_000, 8, keepFinishedPods);
    // The decision must be the one described above, and the same each time: sync must not
    // change its input, or later operations would measure another decision.
    for (int i = 0; i < 2; i++) {
      JobSyncResult result = jobSync.sync(input);
      if (result.podsToCreate().size() != 8 || result.finalizersToRemove().size() != 8) {
        throw new IllegalStateException(
            "unexpected decision: "
                + result.podsToCreate().size()
                + " pods to create, "
                + result.finalizersToRemove().size()
                + " finalizers to remove (8 and 8 expected)");
      }
    }
  }

  @Benchmark
  @ComparedTo("baselineScan")
  public JobSyncResult sync() {
    return jobSync.sync(input);
  }

  @Benchmark
  public long baselineScan() {
    List<Pod> pods = input.pods();
    long active = 0;
    long succeeded = 0;
    long indexSum = 0;
    for (Pod pod : pods) {
      Map<String, String> annotations = pod.getMetadata().getAnnotations();
      String index = annotations == null ? null : annotations.get(INDEX_ANNOTATION);
      if (index != null) {
        indexSum += Integer.parseInt(index);
      }
      String phase = pod.getStatus().getPhase();
      boolean tracked = pod.getMetadata().getFinalizers().contains(TRACKING_FINALIZER);
      if (pod.getMetadata().getDeletionTimestamp() == null
          && !"Succeeded".equals(phase)
          && !"Failed".equals(phase)) {
        active++;
      } else if ("Succeeded".equals(phase) && tracked) {
        succeeded++;
      }
    }
    return active + succeeded * 31 + indexSum;
  }
}
