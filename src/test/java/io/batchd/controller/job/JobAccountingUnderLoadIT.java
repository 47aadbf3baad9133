package io.batchd.controller.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchd.testing.RunningServerExtension;
import io.batchd.testing.ShellJobs;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many Jobs at once on one server, each checked for exact accounting: never a pod more than the
 * Job's rules allow. A sync on a stale view of the Job or its pods shows up here as one pod too
 * many (a pod created after the backoff limit was reached, or an index run again after it
 * succeeded), which a single Job on an idle server rarely hits.
 */
class JobAccountingUnderLoadIT {
  private static final int JOBS = 12;

  @RegisterExtension static final RunningServerExtension server = new RunningServerExtension();

  @Test
  void failingJobsCreateExactlyBackoffLimitPlusOnePods() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < JOBS; i++) {
      String name = "fail-" + i;
      names.add(name);
      server.client().batch().v1().jobs().resource(job(name, 1, 1, 1, null, "exit 2")).create();
    }
    for (String name : names) {
      await(name + " failed")
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  ShellJobs.hasCondition(
                      server.client().batch().v1().jobs().withName(name).get(), "Failed"));
    }
    for (String name : names) {
      assertThat(podsOf(name)).as("pods of " + name).hasSize(2);
      assertThat(reasons(name))
          .as("events of " + name)
          .containsEntry("SuccessfulCreate", 2)
          .doesNotContainKey("SuccessfulDelete");
      Job job = server.client().batch().v1().jobs().withName(name).get();
      assertThat(job.getStatus().getFailed()).as("failed of " + name).isEqualTo(2);
    }
  }

  @Test
  void indexedJobsRunEachIndexExactlyOnce() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < JOBS; i++) {
      String name = "indexed-" + i;
      names.add(name);
      server.client().batch().v1().jobs().resource(job(name, 8, 3, 0, "Indexed", "true")).create();
    }
    for (String name : names) {
      await(name + " complete")
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  ShellJobs.hasCondition(
                      server.client().batch().v1().jobs().withName(name).get(), "Complete"));
    }
    for (String name : names) {
      Map<String, Integer> byIndex = new HashMap<>();
      for (Pod pod : podsOf(name)) {
        byIndex.merge(
            pod.getMetadata().getAnnotations().get("batch.kubernetes.io/job-completion-index"),
            1,
            Integer::sum);
      }
      assertThat(byIndex)
          .as("pods per index of " + name)
          .hasSize(8)
          .allSatisfy(
              (k, v) -> {
                assertThat(v).as("pods of index " + k).isEqualTo(1);
              });
      Job job = server.client().batch().v1().jobs().withName(name).get();
      assertThat(job.getStatus().getSucceeded()).isEqualTo(8);
      assertThat(job.getStatus().getCompletedIndexes()).isEqualTo("0-7");
    }
  }

  private static List<Pod> podsOf(String job) {
    return server.client().pods().withLabel("batch.kubernetes.io/job-name", job).list().getItems();
  }

  private static Map<String, Integer> reasons(String job) {
    Map<String, Integer> counts = new HashMap<>();
    for (Event e : server.client().v1().events().list().getItems()) {
      if (job.equals(e.getInvolvedObject().getName())
          && "Job".equals(e.getInvolvedObject().getKind())) {
        counts.merge(e.getReason(), e.getCount() == null ? 1 : e.getCount(), Integer::sum);
      }
    }
    return counts;
  }

  private static Job job(
      String name, int completions, int parallelism, int backoffLimit, String mode, String script) {
    return ShellJobs.job(
        name,
        script,
        spec ->
            spec.withCompletions(completions)
                .withParallelism(parallelism)
                .withBackoffLimit(backoffLimit)
                .withCompletionMode(mode));
  }
}
