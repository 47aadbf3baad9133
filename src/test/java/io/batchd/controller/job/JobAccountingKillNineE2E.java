package io.batchd.controller.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchd.testing.ChildServer;
import io.batchd.testing.KillNineScenario;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exact Job accounting across kill -9 of the server: the packaged jar runs in a child JVM that is
 * killed with SIGKILL and restarted on the same data dir. The full-size run (5,000 completions, 20
 * kills) is {@code scripts/bench crash}.
 */
class JobAccountingKillNineE2E {
  @TempDir Path work;

  @Test
  void anIndexedJobKilledAtRandomMomentsCountsEveryCompletionExactlyOnce() throws Exception {
    KillNineScenario.Report report =
        new KillNineScenario(
                work,
                new KillNineScenario.Settings(
                    60,
                    8,
                    3,
                    20261123L,
                    Duration.ofMillis(800),
                    Duration.ofMillis(2500),
                    "0.3",
                    Duration.ofSeconds(60)))
            .run();

    assertThat(report.violations()).isEmpty();
    assertThat(report.kills()).as("kills made before the Job completed").isPositive();
    assertThat(report.lostPods()).as("pods lost to a kill").isPositive();
    assertThat(report.status().getSucceeded()).isEqualTo(60);
    assertThat(report.status().getCompletedIndexes()).isEqualTo("0-59");
    // Every lost pod ran once more under a new pod: the log holds one run per success and per loss.
    assertThat(report.runs()).isGreaterThanOrEqualTo(60 + report.lostPods());
  }

  @Test
  void aContainerOrphanedByTheKillIsStoppedAndItsPodFailedAndReplaced() throws Exception {
    Path dataDir = work.resolve("data");
    java.nio.file.Files.createDirectories(dataDir);
    ChildServer server = ChildServer.start(dataDir, List.of("--node-name", "crash-node"));
    ProcessHandle orphan;
    String lostUid;
    try (KubernetesClient client = server.client()) {
      client.batch().v1().jobs().resource(sleeper()).create();
      Pod running =
          await("pod running")
              .atMost(Duration.ofSeconds(30))
              .until(() -> runningPod(client), Optional::isPresent)
              .orElseThrow();
      lostUid = running.getMetadata().getUid();
      long pid =
          Long.parseLong(
              running
                  .getStatus()
                  .getContainerStatuses()
                  .get(0)
                  .getContainerID()
                  .substring("process://".length()));
      orphan = ProcessHandle.of(pid).orElseThrow();
    }
    server.killDashNine();
    assertThat(orphan.isAlive()).as("the container outlives the server").isTrue();

    server = ChildServer.start(dataDir, List.of("--node-name", "crash-node"));
    try (KubernetesClient client = server.client()) {
      await("orphan stopped").atMost(Duration.ofSeconds(30)).until(() -> !orphan.isAlive());
      Pod lost =
          await("lost pod failed")
              .atMost(Duration.ofSeconds(30))
              .until(
                  () -> client.pods().withLabel("job-name", "sleeper").list().getItems(),
                  pods -> pods.stream().anyMatch(p -> isLostAndFailed(p, lostUid)))
              .stream()
              .filter(p -> p.getMetadata().getUid().equals(lostUid))
              .findFirst()
              .orElseThrow();
      ContainerStateTerminated terminated =
          lost.getStatus().getContainerStatuses().get(0).getState().getTerminated();
      assertThat(terminated.getReason()).isEqualTo("ContainerStatusUnknown");
      assertThat(terminated.getExitCode()).isEqualTo(137);
      assertThat(terminated.getMessage())
          .isEqualTo("The container could not be located when the pod was terminated");
      await("replacement running")
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> runningPod(client),
              p -> p.isPresent() && !p.get().getMetadata().getUid().equals(lostUid));
      await("lost pod counted as failed")
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> client.batch().v1().jobs().withName("sleeper").get().getStatus().getFailed(),
              failed -> failed != null && failed == 1);
      client.batch().v1().jobs().withName("sleeper").delete();
    } finally {
      server.close();
    }
  }

  private static boolean isLostAndFailed(Pod pod, String uid) {
    return pod.getMetadata().getUid().equals(uid)
        && pod.getStatus() != null
        && "Failed".equals(pod.getStatus().getPhase());
  }

  private static Optional<Pod> runningPod(KubernetesClient client) {
    return client.pods().withLabel("job-name", "sleeper").list().getItems().stream()
        .filter(
            p ->
                p.getStatus() != null
                    && "Running".equals(p.getStatus().getPhase())
                    && p.getStatus().getContainerStatuses() != null
                    && !p.getStatus().getContainerStatuses().isEmpty()
                    && p.getStatus().getContainerStatuses().get(0).getContainerID() != null)
        .findFirst();
  }

  private static Job sleeper() {
    return new JobBuilder()
        .withNewMetadata()
        .withName("sleeper")
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(3)
        .withNewTemplate()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withTerminationGracePeriodSeconds(0L)
        .addNewContainer()
        .withName("main")
        .withImage("busybox")
        .withCommand("/bin/sh", "-c", "sleep 300")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
