package io.batchd.controller.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchd.testing.RunningServerExtension;
import io.batchd.testing.ShellJobs;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Jobs really run: pods are created, scheduled, run as processes, counted and finished. */
class JobsRunIT {
  @RegisterExtension static final RunningServerExtension server = new RunningServerExtension();

  private static Job job(String name, int completions, int parallelism, String script) {
    return ShellJobs.job(
        name,
        script,
        spec -> spec.withCompletions(completions).withParallelism(parallelism).withBackoffLimit(0));
  }

  @Test
  void aJobWithFiveCompletionsTwoAtATimeCompletes() {
    server.client().batch().v1().jobs().resource(job("five", 5, 2, "echo done")).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                ShellJobs.hasCondition(
                    server.client().batch().v1().jobs().withName("five").get(), "Complete"));
    Job done = server.client().batch().v1().jobs().withName("five").get();
    assertThat(done.getStatus().getSucceeded()).isEqualTo(5);
    assertThat(done.getStatus().getFailed()).isNull();
    assertThat(done.getStatus().getCompletionTime()).isNotNull();
    List<Pod> pods = server.client().pods().withLabel("job-name", "five").list().getItems();
    assertThat(pods)
        .hasSize(5)
        .allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Succeeded"));
    assertThat(pods).allSatisfy(p -> assertThat(p.getMetadata().getFinalizers()).isNullOrEmpty());
    assertThat(server.client().batch().v1().jobs().withName("five").getLog()).contains("done");
  }

  @Test
  void aJobWhosePodFailsFailsWithBackoffLimitExceeded() {
    server.client().batch().v1().jobs().resource(job("fails", 1, 1, "exit 3")).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                ShellJobs.hasCondition(
                    server.client().batch().v1().jobs().withName("fails").get(), "Failed"));
    Job failed = server.client().batch().v1().jobs().withName("fails").get();
    assertThat(failed.getStatus().getFailed()).isEqualTo(1);
    JobCondition condition =
        failed.getStatus().getConditions().stream()
            .filter(c -> c.getType().equals("Failed"))
            .findFirst()
            .orElseThrow();
    assertThat(condition.getReason()).isEqualTo("BackoffLimitExceeded");
    Pod pod = server.client().pods().withLabel("job-name", "fails").list().getItems().get(0);
    assertThat(
            pod.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode())
        .isEqualTo(3);
  }
}
