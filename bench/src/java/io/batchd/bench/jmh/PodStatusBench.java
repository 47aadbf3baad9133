package io.batchd.bench.jmh;

import io.batchd.api.codec.Codecs;
import io.batchd.node.PodStatusForBench;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.util.List;
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
 * The node agent's pod status computation ({@code PodStatusComputer}, through {@link
 * PodStatusForBench}) for the first pod of P1's Job (one container, {@code /bin/true}), as created
 * by the registry and bound to a node, in two states: {@code RUNNING} (its container started; the
 * stored status is the scheduler's Pending) and {@code SUCCEEDED} (the container exited 0; the
 * stored status is the Running one the agent wrote).
 *
 * <ul>
 *   <li>{@code compute}: the status from the agent's container records and the stored status.
 *   <li>{@code computeAndCompare}: the same and the agent's check that it differs from the status
 *       last written in more than transition times (here it does not): what the agent does on each
 *       container change before it decides to write.
 *   <li>{@code baselineCopy}: a deep copy ({@code PodStatusBuilder}) of the computed status, the
 *       cost of building an object of that shape with nothing to decide.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PodStatusBench {
  @Param({"RUNNING", "SUCCEEDED"})
  public PodStatusForBench.State state;

  private PodStatusForBench scene;
  private PodStatus written;

  @Setup
  public void setUp() {
    Pod pod;
    try (BenchApi api = BenchApi.open()) {
      Pod request = Codecs.JSON.readValue(SampleObjects.make().podRequest(), Pod.class);
      pod = api.pods().create(SampleObjects.NAMESPACE, request, false).object();
    }
    Instant scheduled = Instant.now();
    pod.getSpec().setNodeName("bench-node");
    pod.getStatus()
        .setConditions(
            List.of(
                new PodConditionBuilder()
                    .withType("PodScheduled")
                    .withStatus("True")
                    .withLastTransitionTime(scheduled.toString())
                    .build()));
    scene = new PodStatusForBench(pod, state, scheduled.plusMillis(3));
    written = scene.compute();
  }

  @Benchmark
  @ComparedTo("baselineCopy")
  public PodStatus compute() {
    return scene.compute();
  }

  @Benchmark
  @ComparedTo("baselineCopy")
  public boolean computeAndCompare() {
    return PodStatusForBench.sameAsWritten(written, scene.compute());
  }

  @Benchmark
  public PodStatus baselineCopy() {
    return new PodStatusBuilder(written).build();
  }
}
