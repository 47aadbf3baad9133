package io.batchd.controller.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchd.testing.RunningServerExtension;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Deleting owners through the API: what becomes of their pods under each propagation policy. */
class GarbageCollectorIT {
  @TempDir static Path dir;

  @RegisterExtension static final RunningServerExtension server = new RunningServerExtension();

  /** A Job of {@code parallelism} pods that record their pid and then sleep. */
  private static Job sleepingJob(String name, int parallelism, String script) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withParallelism(parallelism)
        .withCompletions(parallelism)
        .withNewTemplate()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withTerminationGracePeriodSeconds(2L)
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

  private static String recordPidThenSleep(String name) {
    // "$$" is how a command escapes "$" from the variable expansion of Kubernetes.
    return "echo $$$$ >> " + dir.resolve("pids-" + name) + "; exec sleep 300";
  }

  private static Job createRunning(String name, int parallelism) {
    Job job =
        server
            .client()
            .batch()
            .v1()
            .jobs()
            .resource(sleepingJob(name, parallelism, recordPidThenSleep(name)))
            .create();
    await().atMost(Duration.ofSeconds(20)).until(() -> pids(name).size() == parallelism);
    return job;
  }

  private static List<Long> pids(String name) throws Exception {
    Path file = dir.resolve("pids-" + name);
    if (!Files.exists(file)) {
      return List.of();
    }
    return Files.readAllLines(file).stream()
        .filter(l -> !l.isBlank())
        .map(Long::parseLong)
        .toList();
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static List<Pod> podsOf(String job) {
    return server.client().pods().withLabel("job-name", job).list().getItems();
  }

  private static HttpResponse<String> delete(String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path));
    request.method(
        "DELETE",
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  @Test
  void backgroundDeletionRemovesThePodsAndStopsTheirProcesses() throws Exception {
    createRunning("bg", 2);
    List<Long> pids = pids("bg");

    HttpResponse<String> response =
        delete("/apis/batch/v1/namespaces/default/jobs/bg?propagationPolicy=Background", null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().allValues("Warning")).isEmpty();
    assertThat(server.client().batch().v1().jobs().withName("bg").get()).isNull();
    await().atMost(Duration.ofSeconds(20)).until(() -> podsOf("bg").isEmpty());
    await().atMost(Duration.ofSeconds(10)).until(() -> pids.stream().noneMatch(p -> alive(p)));
  }

  @Test
  void orphanDeletionKeepsThePodsRunningWithoutTheirOwnerReference() throws Exception {
    createRunning("orphan", 2);
    List<Long> pids = pids("orphan");

    HttpResponse<String> response =
        delete(
            "/apis/batch/v1/namespaces/default/jobs/orphan",
            "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"propagationPolicy\":\"Orphan\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).contains("\"finalizers\":[\"orphan\"]");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> server.client().batch().v1().jobs().withName("orphan").get() == null);
    List<Pod> pods = podsOf("orphan");
    assertThat(pods).hasSize(2);
    assertThat(pods)
        .allSatisfy(
            p -> {
              assertThat(p.getMetadata().getOwnerReferences()).isEmpty();
              assertThat(p.getMetadata().getDeletionTimestamp()).isNull();
            });
    assertThat(pids).allSatisfy(p -> assertThat(alive(p)).isTrue());
    server.client().pods().withLabel("job-name", "orphan").withGracePeriod(0).delete();
  }

  @Test
  void aJobDeletedWithoutAPolicyKeepsItsPodsAndSaysSo() throws Exception {
    createRunning("default-policy", 1);

    HttpResponse<String> response =
        delete("/apis/batch/v1/namespaces/default/jobs/default-policy", null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().allValues("Warning"))
        .containsExactly(
            "299 - \"child pods are preserved by default when jobs are deleted; set"
                + " propagationPolicy=Background to remove them or set propagationPolicy=Orphan to"
                + " suppress this warning\"");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> server.client().batch().v1().jobs().withName("default-policy").get() == null);
    assertThat(podsOf("default-policy"))
        .singleElement()
        .satisfies(p -> assertThat(p.getMetadata().getOwnerReferences()).isEmpty());
    server.client().pods().withLabel("job-name", "default-policy").withGracePeriod(0).delete();
  }

  @Test
  void orphanDependentsFalseCascades() throws Exception {
    createRunning("legacy", 1);

    HttpResponse<String> response =
        delete(
            "/apis/batch/v1/namespaces/default/jobs/legacy",
            "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"orphanDependents\":false}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().allValues("Warning")).isEmpty();
    await().atMost(Duration.ofSeconds(20)).until(() -> podsOf("legacy").isEmpty());
  }

  @Test
  void orphanDependentsFalseOnAnObjectHeldByAFinalizerAnswersAccepted() throws Exception {
    Job held = sleepingJob("held", 1, "true");
    held.getSpec().setSuspend(true);
    held.getMetadata().setFinalizers(List.of("example.com/hold"));
    server.client().batch().v1().jobs().resource(held).create();

    HttpResponse<String> response =
        delete(
            "/apis/batch/v1/namespaces/default/jobs/held",
            "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"orphanDependents\":false}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    Job marked = server.client().batch().v1().jobs().withName("held").get();
    assertThat(marked.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(marked.getMetadata().getFinalizers()).containsExactly("example.com/hold");
    server
        .client()
        .batch()
        .v1()
        .jobs()
        .withName("held")
        .edit(
            j -> {
              j.getMetadata().setFinalizers(List.of());
              return j;
            });
    // Removing the last finalizer of a Job being deleted removes the Job.
    assertThat(server.client().batch().v1().jobs().withName("held").get()).isNull();
  }

  @Test
  void contradictoryDeleteOptionsAreRefusedBeforeTheObjectIsLookedUp() throws Exception {
    HttpResponse<String> both =
        delete(
            "/apis/batch/v1/namespaces/default/jobs/no-such-job",
            "{\"propagationPolicy\":\"Orphan\",\"orphanDependents\":true}");
    HttpResponse<String> unknown =
        delete("/api/v1/namespaces/default/pods/no-such-pod?propagationPolicy=Later", null);

    assertThat(both.statusCode()).isEqualTo(422);
    assertThat(both.body())
        .contains(
            "\"message\":\"DeleteOptions.meta.k8s.io \\\"\\\" is invalid: propagationPolicy:"
                + " Invalid value: \\\"Orphan\\\": orphanDependents and deletionPropagation"
                + " cannot be both set\"");
    assertThat(unknown.statusCode()).isEqualTo(422);
    assertThat(unknown.body())
        .contains(
            "propagationPolicy: Unsupported value: \\\"Later\\\": supported values:"
                + " \\\"Foreground\\\", \\\"Background\\\", \\\"Orphan\\\","
                + " \\\"nil\\\"");
  }

  @Test
  void deleteCollectionOfJobsWithoutAPolicyOrphansTheirPodsWithTheWarning() throws Exception {
    suspendedJob("collected-one");

    HttpResponse<String> response =
        delete(
            "/apis/batch/v1/namespaces/default/jobs?labelSelector=job-name%3Dcollected-one", null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().allValues("Warning"))
        .singleElement()
        .satisfies(w -> assertThat(w).contains("child pods are preserved by default"));
    assertThat(response.body()).contains("\"finalizers\":[\"orphan\"]");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> server.client().batch().v1().jobs().withName("collected-one").get() == null);
  }

  @Test
  void foregroundDeletionWaitsForTheBlockingPodsToGo() throws Exception {
    // The pods ignore SIGTERM, so each takes its whole grace period to stop.
    Job created =
        server
            .client()
            .batch()
            .v1()
            .jobs()
            .resource(
                sleepingJob(
                    "fg", 2, "trap '' TERM; " + recordPidThenSleep("fg").replace("exec ", "")))
            .create();
    await().atMost(Duration.ofSeconds(20)).until(() -> pids("fg").size() == 2);
    List<String> deletions = new CopyOnWriteArrayList<>();
    try (Watch pods =
            server.client().pods().withLabel("job-name", "fg").watch(recorder(deletions));
        Watch jobs =
            server.client().batch().v1().jobs().withName("fg").watch(recorder(deletions))) {
      HttpResponse<String> response =
          delete("/apis/batch/v1/namespaces/default/jobs/fg?propagationPolicy=Foreground", null);

      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      Job marked = server.client().batch().v1().jobs().withName("fg").get();
      assertThat(marked.getMetadata().getDeletionTimestamp()).isNotNull();
      assertThat(marked.getMetadata().getFinalizers()).containsExactly("foregroundDeletion");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> server.client().batch().v1().jobs().withName("fg").get() == null);
      await().atMost(Duration.ofSeconds(5)).until(() -> deletions.size() == 3);
    }
    // Two watches may deliver in either order: the store revisions of the deletions tell the order.
    long jobDeleted = revisionOf(deletions, "Job/" + created.getMetadata().getUid());
    assertThat(deletions.stream().filter(d -> d.startsWith("Pod/")))
        .hasSize(2)
        .allSatisfy(
            d ->
                assertThat(Long.parseLong(d.substring(d.lastIndexOf('@') + 1)))
                    .isLessThan(jobDeleted));
  }

  private static long revisionOf(List<String> deletions, String object) {
    String entry =
        deletions.stream().filter(d -> d.startsWith(object + "@")).findFirst().orElseThrow();
    return Long.parseLong(entry.substring(entry.lastIndexOf('@') + 1));
  }

  private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> Watcher<T> recorder(
      List<String> deletions) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, T object) {
        if (action == Action.DELETED) {
          deletions.add(
              object.getKind()
                  + "/"
                  + object.getMetadata().getUid()
                  + "@"
                  + object.getMetadata().getResourceVersion());
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }

  /** A Job that creates no pods: an owner for hand-made pods. */
  private static Job suspendedJob(String name) {
    Job job = sleepingJob(name, 1, "true");
    job.getSpec().setSuspend(true);
    return server.client().batch().v1().jobs().resource(job).create();
  }

  private static OwnerReference ownerRef(Job owner, boolean block) {
    return new OwnerReferenceBuilder()
        .withApiVersion("batch/v1")
        .withKind("Job")
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withBlockOwnerDeletion(block)
        .build();
  }

  private static Pod ownedPod(String name, OwnerReference... owners) {
    return server
        .client()
        .pods()
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withOwnerReferences(owners)
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withTerminationGracePeriodSeconds(1L)
                .addNewContainer()
                .withName("main")
                .withImage("busybox")
                .withCommand("sleep", "300")
                .endContainer()
                .endSpec()
                .build())
        .create();
  }

  @Test
  void aPodWithTwoOwnersOutlivesTheFirstAndGoesWithTheSecond() {
    Job first = suspendedJob("owner-one");
    Job second = suspendedJob("owner-two");
    ownedPod("shared", ownerRef(first, false), ownerRef(second, false));

    server
        .client()
        .batch()
        .v1()
        .jobs()
        .withName("owner-one")
        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
        .delete();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                server
                        .client()
                        .pods()
                        .withName("shared")
                        .get()
                        .getMetadata()
                        .getOwnerReferences()
                        .size()
                    == 1);
    Pod kept = server.client().pods().withName("shared").get();
    assertThat(kept.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(r -> assertThat(r.getUid()).isEqualTo(second.getMetadata().getUid()));
    assertThat(kept.getMetadata().getDeletionTimestamp()).isNull();

    server
        .client()
        .batch()
        .v1()
        .jobs()
        .withName("owner-two")
        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
        .delete();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> server.client().pods().withName("shared").get() == null);
  }

  @Test
  void aReferenceToAnOwnerOfAnotherUidIsDanglingAndThePodIsCollected() {
    Job owner = suspendedJob("renamed-owner");
    OwnerReference wrongUid = ownerRef(owner, false);
    wrongUid.setUid("00000000-0000-0000-0000-000000000000");

    ownedPod("stale-reference", wrongUid);

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> server.client().pods().withName("stale-reference").get() == null);
    assertThat(server.client().batch().v1().jobs().withName("renamed-owner").get()).isNotNull();
  }

  @Test
  void aPodWhoseOwnerKindIsNotServedIsKept() {
    ownedPod(
        "foreign-owner",
        new OwnerReferenceBuilder()
            .withApiVersion("apps/v1")
            .withKind("ReplicaSet")
            .withName("rs")
            .withUid("11111111-1111-1111-1111-111111111111")
            .build());
    Pod other =
        ownedPod(
            "witness",
            new OwnerReferenceBuilder()
                .withApiVersion("batch/v1")
                .withKind("Job")
                .withName("never-existed")
                .withUid("22222222-2222-2222-2222-222222222222")
                .build());

    // The witness shows the collector has looked at pods created at the same time.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> server.client().pods().withName(other.getMetadata().getName()).get() == null);
    assertThat(
            server
                .client()
                .pods()
                .withName("foreign-owner")
                .get()
                .getMetadata()
                .getDeletionTimestamp())
        .isNull();
    server.client().pods().withName("foreign-owner").withGracePeriod(0).delete();
  }

  @Test
  void foregroundDeletionRemovesTheReferenceOfADependentThatAnotherOwnerKeeps() {
    Job going = suspendedJob("fg-going");
    Job staying = suspendedJob("fg-staying");
    ownedPod("kept-by-other", ownerRef(going, true), ownerRef(staying, false));

    server
        .client()
        .batch()
        .v1()
        .jobs()
        .withName("fg-going")
        .withPropagationPolicy(DeletionPropagation.FOREGROUND)
        .delete();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> server.client().batch().v1().jobs().withName("fg-going").get() == null);
    Pod kept = server.client().pods().withName("kept-by-other").get();
    assertThat(kept.getMetadata().getDeletionTimestamp()).isNull();
    assertThat(kept.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(r -> assertThat(r.getUid()).isEqualTo(staying.getMetadata().getUid()));
    server.client().pods().withName("kept-by-other").withGracePeriod(0).delete();
  }
}
