package io.batchd.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import io.batchd.testing.InProcessServer;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobList;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** batch/v1 Jobs through the fabric8 client, against an in-process server (no controller). */
class JobApiIT {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  private InProcessServer server;
  private KubernetesClient client;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    server = new InProcessServer(dir);
    client = server.client();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  /** A valid Job in the shape upstream's e2e tests use: 4 completions, 2 at a time. */
  private static JobBuilder job(String name) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withParallelism(2)
        .withCompletions(4)
        .withNewTemplate()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("c")
        .withImage("busybox")
        .withCommand("sh", "-c", "exit 0")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec();
  }

  private Job create(Job job) {
    return client.batch().v1().jobs().resource(job).create();
  }

  private Job get(String name) {
    return client.batch().v1().jobs().withName(name).get();
  }

  private static long rv(Job job) {
    return Long.parseLong(job.getMetadata().getResourceVersion());
  }

  private static KubernetesClientException failure(Runnable call) {
    try {
      call.run();
    } catch (KubernetesClientException e) {
      return e;
    }
    throw new AssertionError("expected the server to refuse the request");
  }

  @Test
  void pagesOfAListAreOneSnapshotWhileJobsChangeBetweenThem() {
    for (int i = 0; i < 5; i++) {
      create(
          job("page-" + i)
              .editMetadata()
              .addToLabels("even", i % 2 == 0 ? "yes" : "no")
              .endMetadata()
              .build());
    }
    var jobs = client.batch().v1().jobs();
    JobList first =
        jobs.list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(2L).build());
    create(job("page-9").build());
    client.batch().v1().jobs().withName("page-0").delete();

    List<String> names = new java.util.ArrayList<>();
    first.getItems().forEach(j -> names.add(j.getMetadata().getName()));
    JobList page = first;
    while (page.getMetadata().getContinue() != null) {
      page =
          jobs.list(
              new io.fabric8.kubernetes.api.model.ListOptionsBuilder()
                  .withLimit(2L)
                  .withContinue(page.getMetadata().getContinue())
                  .build());
      assertThat(page.getMetadata().getResourceVersion())
          .isEqualTo(first.getMetadata().getResourceVersion());
      page.getItems().forEach(j -> names.add(j.getMetadata().getName()));
    }
    assertThat(names).containsExactly("page-0", "page-1", "page-2", "page-3", "page-4");

    JobList even =
        jobs.withLabel("even", "yes")
            .list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(1L).build());
    assertThat(even.getItems()).hasSize(1);
    assertThat(even.getItems().get(0).getMetadata().getLabels()).containsEntry("even", "yes");
    assertThat(even.getMetadata().getContinue()).isNotNull();
  }

  private HttpResponse<String> send(String method, String path, String contentType, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .header("Accept", "application/json");
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", contentType);
      request.method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  record Event(Watcher.Action action, Job job) {
    @Override
    public String toString() {
      return action + " " + job.getMetadata().getName();
    }
  }

  /** A watcher that records every event with its object. */
  private static final class Recorder implements Watcher<Job> {
    final List<Event> received = new CopyOnWriteArrayList<>();

    @Override
    public void eventReceived(Action action, Job job) {
      received.add(new Event(action, job));
    }

    @Override
    public void onClose(WatcherException cause) {}

    /** "TYPE name" for each event so far. */
    List<String> events() {
      return received.stream().map(Event::toString).toList();
    }
  }

  // ---------------------------------------------------------------------------------------------

  @Test
  void createDefaultsTheJobAndGetReturnsWhatCreateReturned() {
    Job created = create(job("defaults").build());

    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(created.getMetadata().getNamespace()).isEqualTo("default");
    assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(created.getMetadata().getCreationTimestamp()).endsWith("Z");
    assertThat(rv(created)).isPositive();
    String uid = created.getMetadata().getUid();
    assertThat(created.getMetadata().getLabels())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "batch.kubernetes.io/controller-uid",
                uid,
                "batch.kubernetes.io/job-name",
                "defaults",
                "controller-uid",
                uid,
                "job-name",
                "defaults"));
    assertThat(created.getSpec().getSelector().getMatchLabels())
        .containsExactly(Map.entry("batch.kubernetes.io/controller-uid", uid));
    assertThat(created.getSpec().getTemplate().getMetadata().getLabels())
        .isEqualTo(created.getMetadata().getLabels());
    assertThat(created.getSpec().getBackoffLimit()).isEqualTo(6);
    assertThat(created.getSpec().getCompletionMode()).isEqualTo("NonIndexed");
    assertThat(created.getSpec().getSuspend()).isFalse();
    assertThat(created.getSpec().getManualSelector()).isFalse();
    assertThat(created.getSpec().getPodReplacementPolicy()).isEqualTo("TerminatingOrFailed");
    assertThat(created.getSpec().getTemplate().getSpec().getDnsPolicy()).isEqualTo("ClusterFirst");
    assertThat(created.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
        .isEqualTo(30L);
    assertThat(created.getSpec().getTemplate().getSpec().getContainers().getFirst())
        .satisfies(
            c -> {
              assertThat(c.getImagePullPolicy()).isEqualTo("Always");
              assertThat(c.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
              assertThat(c.getTerminationMessagePolicy()).isEqualTo("File");
            });
    assertThat(created.getStatus()).isEqualTo(new JobStatus());

    assertThat(get("defaults")).isEqualTo(created);
  }

  @Test
  void statusSentOnCreateIsDropped() {
    Job created =
        create(job("fresh").withStatus(new JobStatusBuilder().withSucceeded(3).build()).build());

    assertThat(created.getStatus()).isEqualTo(new JobStatus());
    assertThat(get("fresh").getStatus()).isEqualTo(new JobStatus());
  }

  @Test
  void duplicatesMissingJobsAndStaleResourceVersionsGetUpstreamsStatus() {
    Job created = create(job("once").build());

    KubernetesClientException exists = failure(() -> create(job("once").build()));
    assertThat(exists.getCode()).isEqualTo(409);
    assertThat(exists.getStatus().getReason()).isEqualTo("AlreadyExists");
    assertThat(exists.getStatus().getMessage()).isEqualTo("jobs.batch \"once\" already exists");
    assertThat(exists.getStatus().getDetails().getKind()).isEqualTo("jobs");
    assertThat(exists.getStatus().getDetails().getGroup()).isEqualTo("batch");

    assertThat(get("never")).isNull();
    KubernetesClientException missing =
        failure(() -> client.batch().v1().jobs().withName("never").edit(j -> j));
    assertThat(missing.getCode()).isEqualTo(404);

    Job newer =
        client
            .batch()
            .v1()
            .jobs()
            .withName("once")
            .edit(
                j -> new JobBuilder(j).editMetadata().addToLabels("v", "1").endMetadata().build());
    assertThat(rv(newer)).isGreaterThan(rv(created));

    Job stale = new JobBuilder(created).editSpec().withParallelism(3).endSpec().build();
    KubernetesClientException conflict =
        failure(() -> client.batch().v1().jobs().resource(stale).update());
    assertThat(conflict.getCode()).isEqualTo(409);
    assertThat(conflict.getStatus().getReason()).isEqualTo("Conflict");
    assertThat(conflict.getStatus().getMessage())
        .isEqualTo(
            "Operation cannot be fulfilled on jobs.batch \"once\": the object has been modified;"
                + " please apply your changes to the latest version and try again");
    assertThat(get("once").getSpec().getParallelism()).isEqualTo(2);
    assertThat(get("once").getMetadata().getResourceVersion())
        .isEqualTo(newer.getMetadata().getResourceVersion());
  }

  @Test
  void invalidJobsAreRefusedWith422AndOneCausePerField() {
    Job invalid =
        job("invalid")
            .editSpec()
            .withCompletions(-1)
            .editTemplate()
            .editSpec()
            .withRestartPolicy(null)
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();

    KubernetesClientException e = failure(() -> create(invalid));

    assertThat(e.getCode()).isEqualTo(422);
    assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
    assertThat(e.getStatus().getMessage())
        .isEqualTo(
            "Job.batch \"invalid\" is invalid: [spec.completions: Invalid value: -1: must be greater"
                + " than or equal to 0, spec.template.spec.restartPolicy: Required value: valid"
                + " values: \"OnFailure\", \"Never\"]");
    assertThat(e.getStatus().getDetails().getKind()).isEqualTo("Job");
    assertThat(e.getStatus().getDetails().getGroup()).isEqualTo("batch");
    assertThat(e.getStatus().getDetails().getName()).isEqualTo("invalid");
    assertThat(e.getStatus().getDetails().getCauses())
        .extracting(StatusCause::getReason, StatusCause::getField, StatusCause::getMessage)
        .containsExactly(
            tuple(
                "FieldValueInvalid",
                "spec.completions",
                "Invalid value: -1: must be greater than or equal to 0"),
            tuple(
                "FieldValueRequired",
                "spec.template.spec.restartPolicy",
                "Required value: valid values: \"OnFailure\", \"Never\""));
    assertThat(get("invalid")).isNull();
  }

  @Test
  void updatesThatBreakTheRulesAreRefusedAndChangeNothing() {
    create(job("rules").build());

    KubernetesClientException immutable =
        failure(
            () ->
                client
                    .batch()
                    .v1()
                    .jobs()
                    .withName("rules")
                    .edit(j -> new JobBuilder(j).editSpec().withCompletions(5).endSpec().build()));
    assertThat(immutable.getCode()).isEqualTo(422);
    assertThat(immutable.getStatus().getMessage())
        .isEqualTo(
            "Job.batch \"rules\" is invalid: spec.completions: Invalid value: 5: field is"
                + " immutable");

    KubernetesClientException template =
        failure(
            () ->
                client
                    .batch()
                    .v1()
                    .jobs()
                    .withName("rules")
                    .edit(
                        j ->
                            new JobBuilder(j)
                                .editSpec()
                                .editTemplate()
                                .editSpec()
                                .editFirstContainer()
                                .withImage("alpine")
                                .endContainer()
                                .endSpec()
                                .endTemplate()
                                .endSpec()
                                .build()));
    assertThat(template.getCode()).isEqualTo(422);
    assertThat(template.getStatus().getDetails().getCauses())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getField()).isEqualTo("spec.template");
              assertThat(c.getReason()).isEqualTo("FieldValueInvalid");
              assertThat(c.getMessage())
                  .startsWith("Invalid value: ")
                  .endsWith(": field is immutable");
            });

    Job unchanged = get("rules");
    assertThat(unchanged.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(unchanged.getSpec().getCompletions()).isEqualTo(4);
    assertThat(unchanged.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
        .isEqualTo("busybox");
  }

  @Test
  void listsCoverOneNamespaceOrAll() {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("team-a").endMetadata().build())
        .create();
    create(job("here").build());
    client.batch().v1().jobs().inNamespace("team-a").resource(job("there").build()).create();

    assertThat(client.batch().v1().jobs().list().getItems())
        .extracting(j -> j.getMetadata().getName())
        .containsExactly("here");
    assertThat(client.batch().v1().jobs().inNamespace("team-a").list().getItems())
        .extracting(j -> j.getMetadata().getNamespace() + "/" + j.getMetadata().getName())
        .containsExactly("team-a/there");
    JobList all = client.batch().v1().jobs().inAnyNamespace().list();
    assertThat(all.getItems())
        .extracting(j -> j.getMetadata().getNamespace() + "/" + j.getMetadata().getName())
        .containsExactly("default/here", "team-a/there");
    assertThat(Long.parseLong(all.getMetadata().getResourceVersion()))
        .isGreaterThanOrEqualTo(rv(get("here")));
  }

  @Test
  void labelAndFieldSelectorsFilterLists() {
    create(
        job("a")
            .editMetadata()
            .addToLabels("app", "x")
            .addToLabels("tier", "1")
            .endMetadata()
            .build());
    create(job("b").editMetadata().addToLabels("app", "x").endMetadata().build());
    create(job("c").editMetadata().addToLabels("app", "y").endMetadata().build());
    Job done = get("c");
    done.setStatus(new JobStatusBuilder().withSucceeded(2).build());
    client.batch().v1().jobs().resource(done).updateStatus();

    assertThat(names(client.batch().v1().jobs().withLabel("app", "x").list()))
        .containsExactly("a", "b");
    assertThat(names(client.batch().v1().jobs().withLabel("app", "x").withoutLabel("tier").list()))
        .containsExactly("b");
    assertThat(names(client.batch().v1().jobs().withLabelIn("app", "x", "y").list()))
        .containsExactly("a", "b", "c");
    assertThat(names(client.batch().v1().jobs().withLabelNotIn("app", "x").list()))
        .containsExactly("c");
    assertThat(names(client.batch().v1().jobs().withLabelSelector("tier").list()))
        .containsExactly("a");

    assertThat(names(client.batch().v1().jobs().withField("status.successful", "2").list()))
        .containsExactly("c");
    assertThat(names(client.batch().v1().jobs().withField("status.successful", "0").list()))
        .containsExactly("a", "b");
    assertThat(names(client.batch().v1().jobs().withField("metadata.name", "b").list()))
        .containsExactly("b");
    assertThat(
            names(
                client
                    .batch()
                    .v1()
                    .jobs()
                    .withoutField("metadata.name", "b")
                    .withLabel("app", "x")
                    .list()))
        .containsExactly("a");
    assertThat(
            names(
                client
                    .batch()
                    .v1()
                    .jobs()
                    .inAnyNamespace()
                    .withField("metadata.namespace", "default")
                    .withLabel("app")
                    .list()))
        .containsExactly("a", "b", "c");

    KubernetesClientException unsupported =
        failure(() -> client.batch().v1().jobs().withField("status.failed", "0").list());
    assertThat(unsupported.getCode()).isEqualTo(400);
    assertThat(unsupported.getStatus().getReason()).isEqualTo("BadRequest");
    assertThat(unsupported.getStatus().getMessage())
        .isEqualTo("field label \"status.failed\" not supported for batchv1.Job");
  }

  private static List<String> names(JobList list) {
    return list.getItems().stream().map(j -> j.getMetadata().getName()).toList();
  }

  @Test
  void watchesDeliverAddedModifiedAndDeletedForTheSelectedJobs() {
    Recorder recorder = new Recorder();
    try (Watch watch = client.batch().v1().jobs().withLabel("watched").watch(recorder)) {
      create(job("w1").editMetadata().addToLabels("watched", "yes").endMetadata().build());
      create(job("unwatched").build());
      client
          .batch()
          .v1()
          .jobs()
          .withName("w1")
          .edit(j -> new JobBuilder(j).editSpec().withParallelism(1).endSpec().build());
      client.batch().v1().jobs().withName("w1").delete();

      await().atMost(WAIT).until(() -> recorder.received.size() >= 3);
      assertThat(recorder.events()).containsExactly("ADDED w1", "MODIFIED w1", "DELETED w1");
      assertThat(recorder.received.get(1).job().getSpec().getParallelism()).isEqualTo(1);
      assertThat(recorder.received.get(2).job().getSpec().getParallelism()).isEqualTo(1);
    }
  }

  @Test
  void aWatchFromAResourceVersionReplaysOnlyLaterChanges() {
    create(job("before").build());
    String listRv = client.batch().v1().jobs().list().getMetadata().getResourceVersion();
    create(job("after").build());

    Recorder recorder = new Recorder();
    try (Watch watch =
        client
            .batch()
            .v1()
            .jobs()
            .watch(new ListOptionsBuilder().withResourceVersion(listRv).build(), recorder)) {
      client.batch().v1().jobs().withName("before").delete();

      await().atMost(WAIT).until(() -> recorder.received.size() >= 2);
      assertThat(recorder.events()).containsExactly("ADDED after", "DELETED before");
    }
  }

  @Test
  void patchesOfEachTypeApplyToTheSpecAndMetadata() {
    create(job("patched").editSpec().withSuspend(true).endSpec().build());

    Job merged =
        client
            .batch()
            .v1()
            .jobs()
            .withName("patched")
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"m\":\"1\"}},\"spec\":{\"parallelism\":3}}");
    assertThat(merged.getSpec().getParallelism()).isEqualTo(3);
    assertThat(merged.getMetadata().getLabels()).containsEntry("m", "1").containsKey("job-name");
    assertThat(merged.getMetadata().getGeneration()).isEqualTo(2L);

    Job jsonPatched =
        client
            .batch()
            .v1()
            .jobs()
            .withName("patched")
            .patch(
                PatchContext.of(PatchType.JSON),
                "[{\"op\":\"replace\",\"path\":\"/spec/backoffLimit\",\"value\":1},"
                    + "{\"op\":\"remove\",\"path\":\"/metadata/labels/m\"}]");
    assertThat(jsonPatched.getSpec().getBackoffLimit()).isEqualTo(1);
    assertThat(jsonPatched.getMetadata().getLabels()).doesNotContainKey("m");
    assertThat(jsonPatched.getMetadata().getGeneration()).isEqualTo(3L);

    // Strategic merge: maps merge, so the generated template labels stay (a suspended Job that
    // never started may change its template's labels and node selector).
    Job strategic =
        client
            .batch()
            .v1()
            .jobs()
            .withName("patched")
            .patch(
                PatchContext.of(PatchType.STRATEGIC_MERGE),
                "{\"spec\":{\"template\":{\"metadata\":{\"labels\":{\"queue\":\"q\"}},"
                    + "\"spec\":{\"nodeSelector\":{\"disk\":\"ssd\"}}}}}");
    assertThat(strategic.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("queue", "q")
        .containsEntry("job-name", "patched");
    assertThat(strategic.getSpec().getTemplate().getSpec().getNodeSelector())
        .containsExactly(Map.entry("disk", "ssd"));
    assertThat(strategic.getMetadata().getGeneration()).isEqualTo(4L);

    // A strategic patch of a container merges into the container of that name: the command and
    // image stay, the env var joins; the template is immutable, so the answer is a 422 whose
    // value is the merged template.
    KubernetesClientException env =
        failure(
            () ->
                client
                    .batch()
                    .v1()
                    .jobs()
                    .withName("patched")
                    .patch(
                        PatchContext.of(PatchType.STRATEGIC_MERGE),
                        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\","
                            + "\"env\":[{\"name\":\"MODE\",\"value\":\"fast\"}]}]}}}}"));
    assertThat(env.getCode()).isEqualTo(422);
    assertThat(env.getStatus().getMessage())
        .contains(
            "\"containers\":[{\"command\":[\"sh\",\"-c\",\"exit 0\"],\"env\":[{\"name\":\"MODE\","
                + "\"value\":\"fast\"}],\"image\":\"busybox\"")
        .endsWith(": field is immutable");

    // Server-side apply with force: parallelism goes back to the applied 2; the labels and node
    // selector other managers set stay, since the applier never owned them.
    Job applied =
        client
            .batch()
            .v1()
            .jobs()
            .resource(job("patched").build())
            .fieldManager("test")
            .forceConflicts()
            .serverSideApply();
    assertThat(applied.getSpec().getParallelism()).isEqualTo(2);
    assertThat(applied.getSpec().getTemplate().getSpec().getNodeSelector())
        .containsExactly(Map.entry("disk", "ssd"));
    assertThat(applied.getMetadata().getGeneration()).isEqualTo(5L);
    assertThat(applied.getMetadata().getManagedFields())
        .extracting(f -> f.getManager() + "/" + f.getOperation())
        .contains("test/Apply");
  }

  @Test
  void editReadsModifiesAndWritesBack() {
    create(job("edited").build());

    Job edited =
        client
            .batch()
            .v1()
            .jobs()
            .withName("edited")
            .edit(
                j ->
                    new JobBuilder(j)
                        .editMetadata()
                        .addToAnnotations("note", "x")
                        .endMetadata()
                        .editSpec()
                        .withActiveDeadlineSeconds(60L)
                        .withTtlSecondsAfterFinished(30)
                        .endSpec()
                        .build());

    assertThat(edited.getMetadata().getAnnotations()).containsEntry("note", "x");
    assertThat(edited.getSpec().getActiveDeadlineSeconds()).isEqualTo(60L);
    assertThat(edited.getSpec().getTtlSecondsAfterFinished()).isEqualTo(30);
    assertThat(edited.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(get("edited")).isEqualTo(edited);
  }

  @Test
  void theGenerationCountsSpecChangesOnly() {
    Job created = create(job("counted").build());

    Job relabelled =
        client
            .batch()
            .v1()
            .jobs()
            .resource(
                new JobBuilder(created).editMetadata().addToLabels("a", "b").endMetadata().build())
            .update();
    assertThat(relabelled.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(rv(relabelled)).isGreaterThan(rv(created));

    Job unchanged = client.batch().v1().jobs().resource(relabelled).update();
    assertThat(unchanged.getMetadata().getGeneration()).isEqualTo(1L);

    Job respecced =
        client
            .batch()
            .v1()
            .jobs()
            .resource(new JobBuilder(unchanged).editSpec().withParallelism(1).endSpec().build())
            .update();
    assertThat(respecced.getMetadata().getGeneration()).isEqualTo(2L);

    Job withStatus =
        new JobBuilder(respecced).withStatus(new JobStatusBuilder().withActive(1).build()).build();
    Job statusWritten = client.batch().v1().jobs().resource(withStatus).updateStatus();
    assertThat(statusWritten.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(statusWritten.getStatus().getActive()).isEqualTo(1);
  }

  @Test
  void aPutToTheStatusSubresourceChangesStatusButNotSpec() throws Exception {
    Job created = create(job("status").build());
    String startTime = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();

    Job sent =
        new JobBuilder(created)
            .editSpec()
            .withParallelism(1)
            .endSpec()
            .withStatus(
                new JobStatusBuilder().withStartTime(startTime).withActive(2).withReady(1).build())
            .build();
    Job written = client.batch().v1().jobs().resource(sent).updateStatus();

    assertThat(written.getStatus().getActive()).isEqualTo(2);
    assertThat(written.getStatus().getReady()).isEqualTo(1);
    assertThat(written.getStatus().getStartTime()).isEqualTo(startTime);
    assertThat(written.getSpec().getParallelism()).isEqualTo(2);
    assertThat(written.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(rv(written)).isGreaterThan(rv(created));
    assertThat(get("status")).isEqualTo(written);

    HttpResponse<String> status =
        send("GET", "/apis/batch/v1/namespaces/default/jobs/status/status", null, null);
    assertThat(status.statusCode()).isEqualTo(200);
    Job viaSubresource = Serialization.unmarshal(status.body(), Job.class);
    assertThat(viaSubresource).isEqualTo(written);

    // An invalid status is refused like an invalid spec.
    Job tooReady =
        new JobBuilder(written)
            .withStatus(new JobStatusBuilder(written.getStatus()).withReady(3).build())
            .build();
    KubernetesClientException e =
        failure(() -> client.batch().v1().jobs().resource(tooReady).updateStatus());
    assertThat(e.getCode()).isEqualTo(422);
    assertThat(e.getStatus().getMessage())
        .isEqualTo(
            "Job.batch \"status\" is invalid: status.ready: Invalid value: 3: cannot set more ready"
                + " pods than active");
  }

  @Test
  void aPutToTheMainResourceIgnoresStatus() {
    Job created = create(job("main").build());
    Job withStatus =
        client
            .batch()
            .v1()
            .jobs()
            .resource(
                new JobBuilder(created)
                    .withStatus(new JobStatusBuilder().withActive(1).build())
                    .build())
            .updateStatus();

    Job sent =
        new JobBuilder(withStatus)
            .editMetadata()
            .addToLabels("put", "main")
            .endMetadata()
            .withStatus(new JobStatusBuilder().withActive(2).withSucceeded(1).build())
            .build();
    Job written = client.batch().v1().jobs().resource(sent).update();

    assertThat(written.getMetadata().getLabels()).containsEntry("put", "main");
    assertThat(written.getStatus()).isEqualTo(withStatus.getStatus());
    assertThat(get("main").getStatus().getActive()).isEqualTo(1);
    assertThat(get("main").getStatus().getSucceeded()).isNull();
  }

  @Test
  void aStatusPatchAppliesMetadataAndStatusAsTheConformanceTestExpects() {
    create(job("conditions").build());
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();

    Job patched =
        client
            .batch()
            .v1()
            .jobs()
            .withName("conditions")
            .subresource("status")
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"annotations\":{\"patchedstatus\":\"true\"}},\"status\":"
                    + "{\"conditions\":[{\"type\":\"CustomConditionType\",\"status\":\"True\","
                    + "\"lastTransitionTime\":\""
                    + now
                    + "\"}]},\"spec\":{\"parallelism\":7}}");

    assertThat(patched.getMetadata().getAnnotations()).containsEntry("patchedstatus", "true");
    assertThat(patched.getStatus().getConditions())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getType()).isEqualTo("CustomConditionType");
              assertThat(c.getLastTransitionTime()).isEqualTo(now);
            });
    assertThat(patched.getSpec().getParallelism()).isEqualTo(2);
  }

  @Test
  void dryRunValidatesAndDefaultsButStoresNothing() {
    Job dry = client.batch().v1().jobs().resource(job("dry").build()).dryRun().create();

    assertThat(dry.getSpec().getBackoffLimit()).isEqualTo(6);
    assertThat(dry.getSpec().getSelector().getMatchLabels())
        .containsKey("batch.kubernetes.io/controller-uid");
    assertThat(get("dry")).isNull();
    assertThat(client.batch().v1().jobs().list().getItems()).isEmpty();

    KubernetesClientException invalid =
        failure(
            () ->
                client
                    .batch()
                    .v1()
                    .jobs()
                    .resource(job("dry").editSpec().withParallelism(-1).endSpec().build())
                    .dryRun()
                    .create());
    assertThat(invalid.getCode()).isEqualTo(422);

    Job real = create(job("wet").build());
    Job dryUpdate =
        client
            .batch()
            .v1()
            .jobs()
            .resource(new JobBuilder(real).editSpec().withParallelism(1).endSpec().build())
            .dryRun()
            .update();
    assertThat(dryUpdate.getSpec().getParallelism()).isEqualTo(1);
    assertThat(get("wet")).isEqualTo(real);

    client.batch().v1().jobs().withName("wet").dryRun().delete();
    assertThat(get("wet")).isEqualTo(real);
  }

  @Test
  void deleteCollectionRemovesOnlyTheSelectedJobs() throws Exception {
    create(job("x1").editMetadata().addToLabels("app", "x").endMetadata().build());
    create(job("x2").editMetadata().addToLabels("app", "x").endMetadata().build());
    create(job("y1").editMetadata().addToLabels("app", "y").endMetadata().build());

    HttpResponse<String> response =
        send(
            "DELETE",
            "/apis/batch/v1/namespaces/default/jobs?labelSelector=app%3Dx",
            "application/json",
            "{\"propagationPolicy\":\"Background\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    JobList deleted = Serialization.unmarshal(response.body(), JobList.class);
    assertThat(deleted.getKind()).isEqualTo("JobList");
    assertThat(names(deleted)).containsExactlyInAnyOrder("x1", "x2");
    assertThat(names(client.batch().v1().jobs().list())).containsExactly("y1");
  }

  @Test
  void deleteByNameReturnsTheDeletedJobsDetails() {
    Job created = create(job("gone").build());

    var details =
        client
            .batch()
            .v1()
            .jobs()
            .withName("gone")
            .withPropagationPolicy(DeletionPropagation.BACKGROUND)
            .delete();

    assertThat(details)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getName()).isEqualTo("gone");
              assertThat(d.getGroup()).isEqualTo("batch");
              assertThat(d.getKind()).isEqualTo("jobs");
              assertThat(d.getUid()).isEqualTo(created.getMetadata().getUid());
            });
    assertThat(get("gone")).isNull();
    assertThat(client.batch().v1().jobs().withName("gone").delete()).isEmpty();
  }

  /**
   * Upstream's conformance test "should manage the lifecycle of a job", in our words. Without a
   * controller the Job never runs, so this test writes the finished status as the job controller
   * would, through /status.
   */
  @Test
  void theLifecycleOfAJobAsTheConformanceTestWalksIt() throws Exception {
    String name = "e2e-life";
    Map<String, String> label = Map.of("e2e-job-label", name);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName("conformance").endMetadata().build())
        .create();
    var jobs = client.batch().v1().jobs().inNamespace("conformance");

    JobList before = jobs.withLabels(label).list();
    assertThat(before.getItems()).isEmpty();
    Recorder recorder = new Recorder();
    try (Watch watch =
        jobs.withLabels(label)
            .watch(
                new ListOptionsBuilder()
                    .withResourceVersion(before.getMetadata().getResourceVersion())
                    .build(),
                recorder)) {
      // A suspended Job with the label.
      Job created =
          jobs.resource(
                  job(name)
                      .editMetadata()
                      .withLabels(label)
                      .endMetadata()
                      .editSpec()
                      .withSuspend(true)
                      .withBackoffLimit(6)
                      .endSpec()
                      .build())
              .create();
      assertThat(created.getMetadata().getResourceVersion()).matches("[1-9][0-9]*");

      // A strategic merge patch adds a label; the watch sees it.
      Job patched =
          jobs.withName(name)
              .patch(
                  PatchContext.of(PatchType.STRATEGIC_MERGE),
                  "{\"metadata\":{\"labels\":{\"" + name + "\":\"patched\"}}}");
      assertThat(rv(patched)).isGreaterThan(rv(created));
      assertThat(patched.getMetadata().getLabels()).containsEntry(name, "patched");
      awaitEvent(
          recorder,
          Watcher.Action.MODIFIED,
          j -> assertThat(j.getMetadata().getLabels()).containsEntry(name, "patched"));

      // An update resumes it and adds an annotation; the watch sees it.
      Job current = jobs.withName(name).get();
      current.getSpec().setSuspend(false);
      current.getMetadata().setAnnotations(Map.of("updated", "true"));
      Job updated = jobs.resource(current).update();
      assertThat(updated.getMetadata().getAnnotations()).containsEntry("updated", "true");
      assertThat(updated.getSpec().getSuspend()).isFalse();
      awaitEvent(
          recorder,
          Watcher.Action.MODIFIED,
          j -> assertThat(j.getMetadata().getAnnotations()).containsEntry("updated", "true"));

      // Listed across all namespaces by the label: exactly this Job.
      JobList listed = client.batch().v1().jobs().inAnyNamespace().withLabels(label).list();
      assertThat(listed.getItems())
          .singleElement()
          .satisfies(
              j -> assertThat(j.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid()));

      // The job controller would finish it; write that status, then read it through /status.
      String start = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS).toString();
      String end = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
      Job finished = jobs.withName(name).get();
      finished.setStatus(
          new JobStatusBuilder()
              .withStartTime(start)
              .withCompletionTime(end)
              .withSucceeded(4)
              .withActive(0)
              .withReady(0)
              .withTerminating(0)
              .withNewUncountedTerminatedPods()
              .endUncountedTerminatedPods()
              .withConditions(condition("SuccessCriteriaMet", end), condition("Complete", end))
              .build());
      Job complete = jobs.resource(finished).updateStatus();
      assertThat(complete.getStatus().getSucceeded()).isEqualTo(4);
      HttpResponse<String> status =
          send("GET", "/apis/batch/v1/namespaces/conformance/jobs/" + name + "/status", null, null);
      assertThat(status.statusCode()).isEqualTo(200);
      Job read = Serialization.unmarshal(status.body(), Job.class);
      assertThat(read.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
      assertThat(read.getStatus().getConditions())
          .extracting(JobCondition::getType, JobCondition::getStatus, JobCondition::getReason)
          .containsExactly(
              tuple("SuccessCriteriaMet", "True", "CompletionsReached"),
              tuple("Complete", "True", "CompletionsReached"));

      // Delete the collection by the label; the watch sees the Job go.
      jobs.withLabels(label).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
      awaitEvent(
          recorder,
          Watcher.Action.DELETED,
          j -> assertThat(j.getMetadata().getLabels()).containsEntry("e2e-job-label", name));

      assertThat(client.batch().v1().jobs().inAnyNamespace().withLabels(label).list().getItems())
          .isEmpty();
      assertThat(recorder.events())
          .containsExactly(
              "ADDED " + name,
              "MODIFIED " + name,
              "MODIFIED " + name,
              "MODIFIED " + name,
              "DELETED " + name);
    }
  }

  private static JobCondition condition(String type, String time) {
    return new JobConditionBuilder()
        .withType(type)
        .withStatus("True")
        .withReason("CompletionsReached")
        .withMessage("Reached expected number of succeeded pods")
        .withLastProbeTime(time)
        .withLastTransitionTime(time)
        .build();
  }

  /** Waits until the watch has delivered an event of this type whose object passes the check. */
  private static void awaitEvent(Recorder recorder, Watcher.Action type, Consumer<Job> check) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(recorder.received)
                    .anySatisfy(
                        e -> {
                          assertThat(e.action()).isEqualTo(type);
                          check.accept(e.job());
                        }));
  }

  @Test
  void strictFieldValidationNamesTheKindAsUpstreamDoes() throws Exception {
    HttpResponse<String> response =
        send(
            "POST",
            "/apis/batch/v1/namespaces/default/jobs?fieldValidation=Strict",
            "application/json",
            "{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"name\":\"strict\"},"
                + "\"spec\":{\"bogus\":1,\"template\":{\"spec\":{\"restartPolicy\":\"Never\","
                + "\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}}}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Serialization.unmarshal(response.body(), Status.class).getMessage())
        .isEqualTo(
            "Job in version \"v1\" cannot be handled as a Job: strict decoding error: unknown field"
                + " \"spec.bogus\"");
    assertThat(get("strict")).isNull();
  }

  @Test
  void anUnknownDryRunValueIsInvalidOptions() throws Exception {
    HttpResponse<String> response =
        send(
            "POST",
            "/apis/batch/v1/namespaces/default/jobs?dryRun=Some",
            "application/json",
            Serialization.asJson(job("dry").build()));

    assertThat(response.statusCode()).isEqualTo(422);
    Status status = Serialization.unmarshal(response.body(), Status.class);
    assertThat(status.getReason()).isEqualTo("Invalid");
    assertThat(status.getMessage())
        .isEqualTo(
            "CreateOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value:"
                + " []string{\"Some\"}: supported values: \"All\"");
    assertThat(get("dry")).isNull();
  }

  @Test
  void aJsonPatchRemovingAMissingPathIsRefused() {
    create(job("missing").build());

    KubernetesClientException e =
        failure(
            () ->
                client
                    .batch()
                    .v1()
                    .jobs()
                    .withName("missing")
                    .patch(
                        PatchContext.of(PatchType.JSON),
                        "[{\"op\":\"remove\",\"path\":\"/spec/activeDeadlineSeconds\"}]"));
    assertThat(e.getCode()).isEqualTo(422);
    assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
  }
}
