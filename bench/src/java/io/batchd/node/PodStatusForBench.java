package io.batchd.node;

import io.batchd.node.runtime.ContainerExit;
import io.batchd.node.runtime.RunningContainer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The node agent's status computation ({@link PodStatusComputer}, package-private) for the JMH
 * benchmarks in {@code io.batchd.bench.jmh}, with the agent's records of a pod's containers in one
 * of two states, built as the agent's pod worker leaves them.
 */
public final class PodStatusForBench {

  /** Where the pod's containers are. */
  public enum State {
    /** Every container started; the stored status is the scheduler's Pending. */
    RUNNING,
    /** Every container exited 0; the stored status is the Running one the agent wrote before. */
    SUCCEEDED
  }

  private static final String HOST_IP = "127.0.0.1";

  private final Pod pod;
  private final List<ContainerRecord> containers = new ArrayList<>();
  private final Instant startedAt;
  private final Instant now;

  /**
   * @param pod the pod as stored when the agent started it (bound, status Pending); it is changed
   *     in place for {@link State#SUCCEEDED}, whose stored status is the Running one
   */
  public PodStatusForBench(Pod pod, State state, Instant startedAt) {
    this.pod = pod;
    this.startedAt = startedAt;
    for (Container c : pod.getSpec().getContainers()) {
      ContainerRecord record = new ContainerRecord(c.getName(), c.getImage(), false);
      record.running = new StartedProcess(startedAt);
      record.startedAt = startedAt;
      containers.add(record);
    }
    if (state == State.SUCCEEDED) {
      pod.setStatus(compute(startedAt.plusMillis(5)));
      Instant finished = startedAt.plusMillis(20);
      for (ContainerRecord record : containers) {
        record.exit = new ContainerExit(0, ContainerExit.COMPLETED, null, finished, null);
      }
      this.now = finished;
    } else {
      this.now = startedAt.plusMillis(5);
    }
  }

  /** The pod as stored, whose status the computation starts from. */
  public Pod pod() {
    return pod;
  }

  /** The status the agent computes now: what {@code PodWorker} does on each container change. */
  public PodStatus compute() {
    return compute(now);
  }

  private PodStatus compute(Instant at) {
    return PodStatusComputer.compute(
        pod, List.of(), containers, true, HOST_IP, startedAt, at, null, null);
  }

  /**
   * Whether {@code next} differs from {@code written} in more than transition times: the agent's
   * check before it writes a status.
   */
  public static boolean sameAsWritten(PodStatus written, PodStatus next) {
    return PodStatusComputer.withoutTimes(written).equals(PodStatusComputer.withoutTimes(next));
  }

  /** A container handle with no process behind it: the computation reads only its pid. */
  private record StartedProcess(Instant startedAt) implements RunningContainer {
    @Override
    public long pid() {
      return 4242;
    }

    @Override
    public CompletableFuture<ContainerExit> exit() {
      return new CompletableFuture<>();
    }

    @Override
    public void stop(Duration grace) {
      throw new UnsupportedOperationException("a benchmark's container handle has no process");
    }
  }
}
