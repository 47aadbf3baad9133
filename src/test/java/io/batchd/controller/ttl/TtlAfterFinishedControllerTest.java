package io.batchd.controller.ttl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchd.client.InProcessClient;
import io.batchd.client.ResourceClient;
import io.batchd.controller.gc.GarbageCollector;
import io.batchd.registry.ApiResources;
import io.batchd.registry.Registries;
import io.batchd.store.sqlite.SqliteOptions;
import io.batchd.store.sqlite.SqliteStore;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TtlAfterFinishedControllerTest {
  @TempDir Path dir;
  private SqliteStore store;
  private Registries registries;
  private ResourceClient<Job> jobs;
  private TtlAfterFinishedController controller;
  // The controller deletes in the foreground, so the garbage collector finishes the deletions.
  private GarbageCollector gc;

  @BeforeEach
  void start() {
    store = SqliteStore.open(dir.resolve("store.db"), SqliteOptions.defaults());
    registries = ApiResources.register(new Registries(store, Clock.systemUTC()));
    registries.bootstrap();
    InProcessClient client = new InProcessClient(registries);
    jobs = client.resources(Job.class);
    controller = new TtlAfterFinishedController(client, Clock.systemUTC()).start();
    gc = new GarbageCollector(client, 1).start();
  }

  @AfterEach
  void stop() {
    gc.close();
    controller.close();
    registries.close();
    store.close();
  }

  /** A job that completed at {@code finished}, as the job controller would have recorded it. */
  private Job finishedJob(String name, Integer ttl, Instant finished) {
    Job job =
        jobs.create(
            new JobBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace("default")
                .endMetadata()
                .withNewSpec()
                .withTtlSecondsAfterFinished(ttl)
                .withNewTemplate()
                .withNewSpec()
                .withRestartPolicy("Never")
                .addNewContainer()
                .withName("c")
                .withImage("busybox")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build());
    String at = finished.truncatedTo(ChronoUnit.SECONDS).toString();
    String started = finished.minusSeconds(1).truncatedTo(ChronoUnit.SECONDS).toString();
    job.getStatus().setStartTime(started);
    job.getStatus().setCompletionTime(at);
    job.getStatus().setSucceeded(1);
    job.getStatus()
        .setConditions(
            List.of(
                condition("SuccessCriteriaMet", "CompletionsReached", at),
                condition("Complete", "CompletionsReached", at)));
    return jobs.updateStatus(job);
  }

  private static JobCondition condition(String type, String reason, String at) {
    JobCondition c = new JobCondition();
    c.setType(type);
    c.setStatus("True");
    c.setReason(reason);
    c.setMessage("Reached expected number of succeeded pods");
    c.setLastTransitionTime(at);
    c.setLastProbeTime(at);
    return c;
  }

  @Test
  void deletesAJobWhoseTtlHasPassed() {
    finishedJob("expired", 5, Instant.now().minusSeconds(60));
    await().atMost(Duration.ofSeconds(10)).until(() -> jobs.get("default", "expired").isEmpty());
  }

  @Test
  void keepsAJobUntilItsTtlRunsOut() {
    finishedJob("soon", 2, Instant.now());
    assertThat(jobs.get("default", "soon")).isPresent();
    await().atMost(Duration.ofSeconds(10)).until(() -> jobs.get("default", "soon").isEmpty());
  }

  @Test
  void keepsJobsWithoutATtl() {
    finishedJob("kept", null, Instant.now().minusSeconds(3600));
    finishedJob("marker", 0, Instant.now().minusSeconds(60));
    // Once the later job with a TTL is gone, the controller has looked at the earlier one too.
    await().atMost(Duration.ofSeconds(10)).until(() -> jobs.get("default", "marker").isEmpty());
    assertThat(jobs.get("default", "kept")).isPresent();
  }
}
