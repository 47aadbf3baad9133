package io.batchd.controller.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchd.testing.RunningServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs really run: pods are created, scheduled, run as processes, counted and finished. */
class JobsRunIT {
  @TempDir static Path dir;
  private static RunningServer server;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    server = new RunningServer(dir);
    client = server.client();
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  private static Job job(String name, int completions, int parallelism, String script) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withCompletions(completions)
        .withParallelism(parallelism)
        .withBackoffLimit(0)
        .withNewTemplate()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("main")
        .withImage("busybox")
        .withCommand("/bin/sh", "-c", script)
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static boolean hasCondition(Job job, String type) {
    if (job == null || job.getStatus() == null) {
      return false;
    }
    for (JobCondition c : job.getStatus().getConditions()) {
      if (c.getType().equals(type) && c.getStatus().equals("True")) {
        return true;
      }
    }
    return false;
  }

  @Test
  void aJobWithFiveCompletionsTwoAtATimeCompletes() {
    client.batch().v1().jobs().resource(job("five", 5, 2, "echo done")).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> hasCondition(client.batch().v1().jobs().withName("five").get(), "Complete"));
    Job done = client.batch().v1().jobs().withName("five").get();
    assertThat(done.getStatus().getSucceeded()).isEqualTo(5);
    assertThat(done.getStatus().getFailed()).isNull();
    assertThat(done.getStatus().getCompletionTime()).isNotNull();
    List<Pod> pods = client.pods().withLabel("job-name", "five").list().getItems();
    assertThat(pods)
        .hasSize(5)
        .allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Succeeded"));
    assertThat(pods).allSatisfy(p -> assertThat(p.getMetadata().getFinalizers()).isNullOrEmpty());
    assertThat(client.batch().v1().jobs().withName("five").getLog()).contains("done");
  }

  @Test
  void aJobWhosePodFailsFailsWithBackoffLimitExceeded() {
    client.batch().v1().jobs().resource(job("fails", 1, 1, "exit 3")).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> hasCondition(client.batch().v1().jobs().withName("fails").get(), "Failed"));
    Job failed = client.batch().v1().jobs().withName("fails").get();
    assertThat(failed.getStatus().getFailed()).isEqualTo(1);
    JobCondition condition =
        failed.getStatus().getConditions().stream()
            .filter(c -> c.getType().equals("Failed"))
            .findFirst()
            .orElseThrow();
    assertThat(condition.getReason()).isEqualTo("BackoffLimitExceeded");
    Pod pod = client.pods().withLabel("job-name", "fails").list().getItems().get(0);
    assertThat(
            pod.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode())
        .isEqualTo(3);
  }
}
