package io.batchd.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The READY, STATUS and RESTARTS cells of {@code kubectl get pods}, as upstream prints them. */
class PodColumnsTest {
  private static final Instant NOW = Instant.parse("2024-01-02T03:10:00Z");
  private final PodColumns columns = new PodColumns(Clock.fixed(NOW, ZoneOffset.UTC));

  private static Pod pod(int initContainers) {
    PodBuilder b =
        new PodBuilder()
            .withNewMetadata()
            .withName("p")
            .withCreationTimestamp("2024-01-02T03:00:00Z")
            .endMetadata()
            .withNewSpec()
            .addToContainers(new ContainerBuilder().withName("main").withImage("x").build())
            .endSpec()
            .withNewStatus()
            .withPhase("Pending")
            .endStatus();
    Pod pod = b.build();
    for (int i = 0; i < initContainers; i++) {
      pod.getSpec().getInitContainers().add(new ContainerBuilder().withName("init" + i).build());
    }
    return pod;
  }

  private static ContainerStatus status(String name, ContainerState state, boolean ready) {
    return new ContainerStatusBuilder()
        .withName(name)
        .withState(state)
        .withReady(ready)
        .withRestartCount(0)
        .build();
  }

  private static ContainerState waiting(String reason) {
    return new ContainerStateBuilder().withNewWaiting().withReason(reason).endWaiting().build();
  }

  private static ContainerState terminated(int code, String reason) {
    return new ContainerStateBuilder()
        .withNewTerminated()
        .withExitCode(code)
        .withReason(reason)
        .endTerminated()
        .build();
  }

  private static ContainerState running() {
    return new ContainerStateBuilder().withNewRunning().endRunning().build();
  }

  record Row(
      String name, int inits, Consumer<Pod> change, String ready, String status, String restarts) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Row> rows() {
    return Stream.of(
        new Row("a new pod is Pending", 0, p -> {}, "0/1", "Pending", "0"),
        new Row(
            "a waiting container shows its reason",
            0,
            p ->
                p.getStatus()
                    .setContainerStatuses(
                        List.of(status("main", waiting("ContainerCreating"), false))),
            "0/1",
            "ContainerCreating",
            "0"),
        new Row(
            "init progress counts finished init containers",
            2,
            p ->
                p.getStatus()
                    .setInitContainerStatuses(
                        List.of(
                            status("init0", terminated(0, "Completed"), false),
                            status("init1", running(), false))),
            "0/1",
            "Init:1/2",
            "0"),
        new Row(
            "a failed init container shows Init and its reason",
            1,
            p ->
                p.getStatus()
                    .setInitContainerStatuses(
                        List.of(status("init0", terminated(1, "Error"), false))),
            "0/1",
            "Init:Error",
            "0"),
        new Row(
            "a failed init container without a reason shows its exit code",
            1,
            p ->
                p.getStatus()
                    .setInitContainerStatuses(List.of(status("init0", terminated(3, null), false))),
            "0/1",
            "Init:ExitCode:3",
            "0"),
        new Row(
            "a ready running container",
            0,
            p -> {
              p.getStatus().setPhase("Running");
              p.getStatus().setContainerStatuses(List.of(status("main", running(), true)));
            },
            "1/1",
            "Running",
            "0"),
        new Row(
            "a finished container shows Completed",
            0,
            p -> {
              p.getStatus().setPhase("Succeeded");
              p.getStatus()
                  .setContainerStatuses(List.of(status("main", terminated(0, "Completed"), false)));
            },
            "0/1",
            "Completed",
            "0"),
        new Row(
            "restarts say when the last one was",
            0,
            p -> {
              p.getStatus().setPhase("Running");
              ContainerStatus s = status("main", running(), true);
              s.setRestartCount(3);
              s.setLastState(
                  new ContainerStateBuilder()
                      .withNewTerminated()
                      .withExitCode(1)
                      .withFinishedAt("2024-01-02T03:05:00Z")
                      .endTerminated()
                      .build());
              p.getStatus().setContainerStatuses(List.of(s));
            },
            "1/1",
            "Running",
            "3 (5m ago)"),
        new Row(
            "a deleted running pod is Terminating",
            0,
            p -> {
              p.getStatus().setPhase("Running");
              p.getMetadata().setDeletionTimestamp("2024-01-02T03:10:30Z");
            },
            "0/1",
            "Terminating",
            "0"),
        new Row(
            "a gated pod shows SchedulingGated",
            0,
            p ->
                p.getStatus()
                    .setConditions(
                        List.of(
                            new PodConditionBuilder()
                                .withType("PodScheduled")
                                .withStatus("False")
                                .withReason("SchedulingGated")
                                .build())),
            "0/1",
            "SchedulingGated",
            "0"),
        new Row(
            "a status reason wins over the phase",
            0,
            p -> {
              p.getStatus().setPhase("Failed");
              p.getStatus().setReason("DeadlineExceeded");
            },
            "0/1",
            "DeadlineExceeded",
            "0"));
  }

  @ParameterizedTest
  @MethodSource("rows")
  void cellsAreUpstreams(Row row) {
    Pod pod = pod(row.inits());
    row.change().accept(pod);

    List<Object> cells = columns.cells(pod);

    assertThat(cells.subList(0, 5))
        .containsExactly("p", row.ready(), row.status(), row.restarts(), "10m");
    assertThat(cells.subList(5, 9)).containsExactly("<none>", "<none>", "<none>", "<none>");
  }
}
