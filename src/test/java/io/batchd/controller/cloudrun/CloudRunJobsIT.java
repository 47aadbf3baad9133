package io.batchd.controller.cloudrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.run.v1.CloudRun;
import com.google.api.services.run.v1.model.CancelExecutionRequest;
import com.google.api.services.run.v1.model.Container;
import com.google.api.services.run.v1.model.ContainerOverride;
import com.google.api.services.run.v1.model.EnvVar;
import com.google.api.services.run.v1.model.Execution;
import com.google.api.services.run.v1.model.ExecutionSpec;
import com.google.api.services.run.v1.model.ExecutionTemplateSpec;
import com.google.api.services.run.v1.model.GoogleCloudRunV1Condition;
import com.google.api.services.run.v1.model.Job;
import com.google.api.services.run.v1.model.JobSpec;
import com.google.api.services.run.v1.model.ObjectMeta;
import com.google.api.services.run.v1.model.Overrides;
import com.google.api.services.run.v1.model.RunJobRequest;
import com.google.api.services.run.v1.model.Task;
import com.google.api.services.run.v1.model.TaskSpec;
import com.google.api.services.run.v1.model.TaskTemplateSpec;
import io.batchd.testing.RunningServerExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Cloud Run jobs through Google's Java client for the Run v1 API, pointed at batchd. */
class CloudRunJobsIT {
  private static final String PROJECT = "namespaces/proj";
  @RegisterExtension static final RunningServerExtension server = new RunningServerExtension();

  private static CloudRun run;

  @BeforeAll
  static void start() {
    run =
        new CloudRun.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(), null)
            .setRootUrl(server.url() + "/")
            .setApplicationName("batchd-it")
            .build();
  }

  private static Job job(String name, int tasks, int maxRetries, String script) {
    TaskSpec task =
        new TaskSpec()
            .setMaxRetries(maxRetries)
            .setContainers(
                List.of(
                    new Container()
                        .setImage("busybox")
                        .setCommand(List.of("/bin/sh", "-c", script))
                        .setEnv(List.of(new EnvVar().setName("GREETING").setValue("hi")))));
    return new Job()
        .setApiVersion("run.googleapis.com/v1")
        .setKind("Job")
        .setMetadata(new ObjectMeta().setName(name))
        .setSpec(
            new JobSpec()
                .setTemplate(
                    new ExecutionTemplateSpec()
                        .setSpec(
                            new ExecutionSpec()
                                .setTaskCount(tasks)
                                .setParallelism(2)
                                .setTemplate(new TaskTemplateSpec().setSpec(task)))));
  }

  private static Execution execution(String name) throws IOException {
    return run.namespaces().executions().get(PROJECT + "/executions/" + name).execute();
  }

  private static GoogleCloudRunV1Condition condition(Execution e, String type) {
    if (e.getStatus() == null || e.getStatus().getConditions() == null) {
      return null;
    }
    return e.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElse(null);
  }

  private static Execution awaitCompleted(String name, String status) {
    Execution[] last = new Execution[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              last[0] = execution(name);
              GoogleCloudRunV1Condition c = condition(last[0], "Completed");
              return c != null && status.equals(c.getStatus());
            });
    return last[0];
  }

  @Test
  void createdJobGetsDefaultsAndIsReadyForItsGeneration() throws IOException {
    Job created = run.namespaces().jobs().create(PROJECT, job("defaults", 1, 3, "true")).execute();
    assertThat(created.getSpec().getTemplate().getSpec().getTaskCount()).isEqualTo(1);
    assertThat(
            created.getSpec().getTemplate().getSpec().getTemplate().getSpec().getTimeoutSeconds())
        .isEqualTo(600L);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Job j = run.namespaces().jobs().get(PROJECT + "/jobs/defaults").execute();
              assertThat(j.getStatus().getObservedGeneration())
                  .isEqualTo(j.getMetadata().getGeneration());
              assertThat(j.getStatus().getConditions())
                  .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
            });
    assertThat(run.namespaces().jobs().list(PROJECT).execute().getItems())
        .extracting(j -> j.getMetadata().getName())
        .contains("defaults");
  }

  @Test
  void multiTaskExecutionSucceedsWithTheTaskEnvironment() throws IOException {
    run.namespaces()
        .jobs()
        .create(
            PROJECT,
            job(
                "multi",
                3,
                0,
                "test \"$CLOUD_RUN_TASK_COUNT\" = 3 && test \"$CLOUD_RUN_JOB\" = multi"
                    + " && test \"$CLOUD_RUN_EXECUTION\" = \"$HOSTNAME\" -o -n \"$CLOUD_RUN_EXECUTION\""
                    + " && test \"$CLOUD_RUN_TASK_ATTEMPT\" = 0 && test -n \"$CLOUD_RUN_TASK_INDEX\""))
        .execute();
    Execution started =
        run.namespaces().jobs().run(PROJECT + "/jobs/multi", new RunJobRequest()).execute();
    assertThat(started.getMetadata().getLabels()).containsEntry("run.googleapis.com/job", "multi");

    Execution done = awaitCompleted(started.getMetadata().getName(), "True");
    assertThat(done.getStatus().getSucceededCount()).isEqualTo(3);
    assertThat(done.getStatus().getCompletionTime()).isNotNull();
    assertThat(condition(done, "Started").getStatus()).isEqualTo("True");

    List<Task> tasks =
        run.namespaces()
            .tasks()
            .list(PROJECT)
            .setLabelSelector("run.googleapis.com/execution=" + started.getMetadata().getName())
            .execute()
            .getItems();
    assertThat(tasks).extracting(t -> t.getStatus().getIndex()).containsExactly(0, 1, 2);
    assertThat(tasks)
        .allMatch(
            t ->
                "Succeeded"
                    .equals(t.getMetadata().getLabels().get("run.googleapis.com/runningState")));
    assertThat(tasks).allMatch(t -> t.getStatus().getLastAttemptResult().getExitCode() == 0);

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Job j = run.namespaces().jobs().get(PROJECT + "/jobs/multi").execute();
              assertThat(j.getStatus().getExecutionCount()).isEqualTo(1);
              assertThat(j.getStatus().getLatestCreatedExecution().getCompletionTimestamp())
                  .isNotNull();
            });
    var batch =
        server
            .client()
            .batch()
            .v1()
            .jobs()
            .inNamespace("proj")
            .withName(started.getMetadata().getName())
            .get();
    assertThat(batch.getSpec().getCompletionMode()).isEqualTo("Indexed");
    assertThat(batch.getMetadata().getOwnerReferences().get(0).getKind()).isEqualTo("Execution");
  }

  @Test
  void failingTaskFailsTheExecutionAfterItsRetries() throws IOException {
    run.namespaces().jobs().create(PROJECT, job("failing", 1, 1, "exit 3")).execute();
    Execution started =
        run.namespaces().jobs().run(PROJECT + "/jobs/failing", new RunJobRequest()).execute();
    Execution done = awaitCompleted(started.getMetadata().getName(), "False");
    assertThat(done.getStatus().getFailedCount()).isEqualTo(1);
    assertThat(done.getStatus().getRetriedCount()).isEqualTo(1);
    Task task =
        run.namespaces()
            .tasks()
            .get(PROJECT + "/tasks/" + started.getMetadata().getName() + "-task0")
            .execute();
    assertThat(task.getStatus().getLastAttemptResult().getExitCode()).isEqualTo(3);
    assertThat(task.getStatus().getRetried()).isEqualTo(1);
  }

  @Test
  void runOverridesTaskCountAndEnvironment() throws IOException {
    run.namespaces()
        .jobs()
        .create(PROJECT, job("override", 1, 0, "test \"$GREETING\" = bye"))
        .execute();
    Execution started =
        run.namespaces()
            .jobs()
            .run(
                PROJECT + "/jobs/override",
                new RunJobRequest()
                    .setOverrides(
                        new Overrides()
                            .setTaskCount(2)
                            .setContainerOverrides(
                                List.of(
                                    new ContainerOverride()
                                        .setEnv(
                                            List.of(
                                                new EnvVar()
                                                    .setName("GREETING")
                                                    .setValue("bye")))))))
            .execute();
    assertThat(started.getSpec().getTaskCount()).isEqualTo(2);
    Execution done = awaitCompleted(started.getMetadata().getName(), "True");
    assertThat(done.getStatus().getSucceededCount()).isEqualTo(2);
  }

  @Test
  void cancelStopsTheRunningTasks() throws IOException {
    run.namespaces().jobs().create(PROJECT, job("sleepy", 1, 0, "sleep 600")).execute();
    String name =
        run.namespaces()
            .jobs()
            .run(PROJECT + "/jobs/sleepy", new RunJobRequest())
            .execute()
            .getMetadata()
            .getName();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> execution(name).getStatus().getRunningCount() == Integer.valueOf(1));
    run.namespaces()
        .executions()
        .cancel(PROJECT + "/executions/" + name, new CancelExecutionRequest())
        .execute();
    Execution done = awaitCompleted(name, "False");
    assertThat(condition(done, "Completed").getReason()).isEqualTo("Cancelled");
    assertThat(done.getStatus().getCancelledCount()).isEqualTo(1);
  }

  @Test
  void executionsAreListedByJobWithSpacesInTheSelectorAndDeletedWithTheirBatchJob()
      throws IOException {
    run.namespaces().jobs().create(PROJECT, job("listed", 1, 0, "true")).execute();
    String name =
        run.namespaces()
            .jobs()
            .run(PROJECT + "/jobs/listed", new RunJobRequest())
            .execute()
            .getMetadata()
            .getName();
    List<Execution> listed =
        run.namespaces()
            .executions()
            .list(PROJECT)
            .setLabelSelector("run.googleapis.com/job = listed")
            .execute()
            .getItems();
    assertThat(listed).extracting(e -> e.getMetadata().getName()).containsExactly(name);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                server.client().batch().v1().jobs().inNamespace("proj").withName(name).get()
                    != null);

    run.namespaces().executions().delete(PROJECT + "/executions/" + name).execute();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                server.client().batch().v1().jobs().inNamespace("proj").withName(name).get()
                    == null);

    run.namespaces().jobs().delete(PROJECT + "/jobs/listed").execute();
    assertThatThrownBy(() -> run.namespaces().jobs().get(PROJECT + "/jobs/listed").execute())
        .isInstanceOfSatisfying(
            GoogleJsonResponseException.class,
            e -> {
              assertThat(e.getStatusCode()).isEqualTo(404);
              assertThat(e.getDetails().getMessage()).contains("'listed'");
            });
  }

  @Test
  void deletingAJobDeletesItsExecutions() throws IOException {
    run.namespaces().jobs().create(PROJECT, job("cascade", 1, 0, "true")).execute();
    String name =
        run.namespaces()
            .jobs()
            .run(PROJECT + "/jobs/cascade", new RunJobRequest())
            .execute()
            .getMetadata()
            .getName();
    run.namespaces().jobs().delete(PROJECT + "/jobs/cascade").execute();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThatThrownBy(() -> execution(name))
                    .isInstanceOf(GoogleJsonResponseException.class));
  }

  @Test
  void invalidJobIsRefusedWithGoogleError() {
    Job bad = job("Bad_Name", 0, 20, "true");
    assertThatThrownBy(() -> run.namespaces().jobs().create(PROJECT, bad).execute())
        .isInstanceOfSatisfying(
            GoogleJsonResponseException.class,
            e -> {
              assertThat(e.getStatusCode()).isEqualTo(400);
              assertThat(e.getContent()).contains("INVALID_ARGUMENT");
              assertThat(e.getDetails().getMessage())
                  .contains("metadata.name")
                  .contains("taskCount")
                  .contains("maxRetries");
            });
  }

  /** The job as read once its status has caught up with its generation. */
  private static Job settled(String name) {
    Job[] last = new Job[1];
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              last[0] = run.namespaces().jobs().get(PROJECT + "/jobs/" + name).execute();
              return last[0].getStatus().getObservedGeneration() != null
                  && last[0].getStatus().getObservedGeneration().longValue()
                      == last[0].getMetadata().getGeneration();
            });
    return last[0];
  }

  @Test
  void replaceJobBumpsTheGenerationAndRefusesAStaleVersion() throws IOException {
    run.namespaces().jobs().create(PROJECT, job("replaced", 1, 0, "true")).execute();
    Job read = settled("replaced");
    read.getSpec().getTemplate().getSpec().setTaskCount(3);
    Job replaced = run.namespaces().jobs().replaceJob(PROJECT + "/jobs/replaced", read).execute();
    assertThat(replaced.getMetadata().getGeneration()).isEqualTo(2);
    assertThatThrownBy(
            () -> run.namespaces().jobs().replaceJob(PROJECT + "/jobs/replaced", read).execute())
        .isInstanceOfSatisfying(
            GoogleJsonResponseException.class,
            e -> {
              assertThat(e.getStatusCode()).isEqualTo(409);
              assertThat(e.getContent()).contains("ABORTED");
            });
    assertThat(settled("replaced").getSpec().getTemplate().getSpec().getTaskCount()).isEqualTo(3);
  }

  @Test
  void theProjectNumberReachesTheSameJobsAsTheProjectId() throws IOException {
    run.namespaces().jobs().create(PROJECT, job("numbered", 2, 0, "true")).execute();
    String number =
        server
            .client()
            .namespaces()
            .withName("proj")
            .get()
            .getMetadata()
            .getLabels()
            .get("run.googleapis.com/project-number");
    assertThat(number).matches("[0-9]{12}");
    Job byNumber = run.namespaces().jobs().get("namespaces/" + number + "/jobs/numbered").execute();
    assertThat(byNumber.getSpec().getTemplate().getSpec().getTaskCount()).isEqualTo(2);
  }
}
