package io.batchd.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchd.node.runtime.ContainerExit;
import io.batchd.node.runtime.RunningContainer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The kubelet's phase rules. Each container is written as one letter: w waiting (never run), r
 * running, s succeeded, f failed, b in crash-loop backoff after a failure.
 */
class PodPhaseTest {

  @ParameterizedTest(name = "{0} init={1} containers={2} -> {3}")
  @CsvSource({
    "Never, '', w, Pending",
    "Never, '', r, Running",
    "Never, '', s, Succeeded",
    "Never, '', f, Failed",
    "Never, '', sf, Failed",
    "Never, '', sr, Running",
    "Never, '', sw, Running",
    "OnFailure, '', f, Running",
    "OnFailure, '', b, Running",
    "OnFailure, '', ss, Succeeded",
    "Always, '', s, Running",
    "Never, w, w, Pending",
    "Never, r, w, Pending",
    "Never, f, w, Failed",
    "OnFailure, f, w, Pending",
    "OnFailure, b, w, Pending",
    "Never, s, w, Pending",
    "Never, s, r, Running",
    "Never, ss, s, Succeeded",
  })
  void phaseFollowsTheKubelet(String policy, String init, String containers, String phase) {
    assertThat(
            PodStatusComputer.phase(policy, records(init, true), records(containers, false), null))
        .isEqualTo(phase);
  }

  private static List<ContainerRecord> records(String letters, boolean init) {
    List<ContainerRecord> records = new ArrayList<>();
    for (char c : letters.toCharArray()) {
      ContainerRecord r = new ContainerRecord("c" + records.size(), "img", init);
      Instant t = Instant.parse("2026-01-01T00:00:00Z");
      switch (c) {
        case 'r' -> r.running = new Fake();
        case 's' -> {
          r.running = new Fake();
          r.exit = new ContainerExit(0, "Completed", null, t, null);
        }
        case 'f' -> {
          r.running = new Fake();
          r.exit = new ContainerExit(1, "Error", null, t, null);
        }
        case 'b' -> {
          r.running = new Fake();
          r.exit = new ContainerExit(1, "Error", null, t, null);
          r.prepareRestart();
        }
        default -> {}
      }
      records.add(r);
    }
    return records;
  }

  /** A container handle for phase arithmetic only: no process behind it. */
  private static final class Fake implements RunningContainer {
    @Override
    public long pid() {
      return 1;
    }

    @Override
    public Instant startedAt() {
      return Instant.EPOCH;
    }

    @Override
    public CompletableFuture<ContainerExit> exit() {
      return new CompletableFuture<>();
    }

    @Override
    public void stop(Duration grace) {}
  }
}
