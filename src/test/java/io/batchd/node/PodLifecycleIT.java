package io.batchd.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchd.testing.RunningServerExtension;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bare pods and Job pods through their lives on the server's own node agent, seen via fabric8. */
class PodLifecycleIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  @RegisterExtension static final RunningServerExtension server = new RunningServerExtension();

  private static Container sh(String name, String script) {
    return new ContainerBuilder()
        .withName(name)
        .withImage("busybox")
        .withCommand("/bin/sh", "-c", script)
        .build();
  }

  private static Pod create(
      String name, String policy, UnaryOperator<PodBuilder> edit, Container... containers) {
    PodBuilder b =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .endMetadata()
            .withNewSpec()
            .withRestartPolicy(policy)
            .withTerminationGracePeriodSeconds(1L)
            .withContainers(containers)
            .endSpec();
    return server.client().pods().resource(edit.apply(b).build()).create();
  }

  private static Pod get(String name) {
    return server.client().pods().withName(name).get();
  }

  private static Pod awaitPod(String name, Predicate<Pod> condition) {
    await()
        .atMost(WAIT)
        .until(
            () -> {
              Pod p = get(name);
              return p != null && p.getStatus() != null && condition.test(p);
            });
    return get(name);
  }

  private static Predicate<Pod> phase(String phase) {
    return p -> phase.equals(p.getStatus().getPhase());
  }

  private static boolean running(Pod pod, String name) {
    return pod.getStatus().getContainerStatuses().stream()
        .anyMatch(s -> s.getName().equals(name) && s.getState().getRunning() != null);
  }

  private static ContainerStatus container(Pod pod, String name) {
    List<ContainerStatus> all = new java.util.ArrayList<>(pod.getStatus().getContainerStatuses());
    all.addAll(pod.getStatus().getInitContainerStatuses());
    return all.stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
  }

  private static Optional<PodCondition> condition(Pod pod, String type) {
    return pod.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst();
  }

  private static String log(String pod) {
    return server.client().pods().withName(pod).getLog();
  }

  private static List<Event> events(String pod) {
    return server.client().v1().events().list().getItems().stream()
        .filter(e -> e.getInvolvedObject().getName().equals(pod))
        .toList();
  }

  /** The STATUS column kubectl shows, from the server's Table. */
  private static String tableStatus(String pod) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(server.url() + "/api/v1/namespaces/default/pods/" + pod))
                    .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    var table = io.batchd.api.codec.Codecs.JSON.readTree(response.body());
    int column = 0;
    var columns = table.get("columnDefinitions");
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).get("name").asText().equals("Status")) {
        column = i;
      }
    }
    return table.get("rows").get(0).get("cells").get(column).asText();
  }

  @Test
  void theNodeSaysThatContainerProcessesAreStartedWithPosixSpawn() {
    // The test JVM has native access (as the jar's manifest gives the server): no fallback here.
    io.fabric8.kubernetes.api.model.NodeCondition spawn =
        await()
            .atMost(WAIT)
            .until(
                () ->
                    server.client().nodes().list().getItems().stream()
                        .flatMap(n -> n.getStatus().getConditions().stream())
                        .filter(c -> c.getType().equals("NativeProcessSpawn"))
                        .findFirst(),
                java.util.Optional::isPresent)
            .orElseThrow();
    assertThat(spawn.getStatus()).isEqualTo("True");
    assertThat(spawn.getReason()).isEqualTo("PosixSpawn");
    assertThat(spawn.getMessage()).contains("posix_spawn");
  }

  @Test
  void initContainersRunInOrderBeforeTheContainers() throws Exception {
    create(
        "init-order",
        "Never",
        b ->
            b.editSpec()
                .addNewVolume()
                .withName("shared")
                .withNewEmptyDir()
                .endEmptyDir()
                .endVolume()
                .withInitContainers(
                    mounted(sh("first", "sleep 2; echo one >> /shared/order")),
                    mounted(sh("second", "echo two >> /shared/order")))
                .endSpec(),
        mounted(sh("main", "cat /shared/order")));

    awaitPod(
        "init-order",
        p ->
            p.getStatus().getInitContainerStatuses().stream()
                .anyMatch(s -> s.getName().equals("first") && s.getState().getRunning() != null));
    assertThat(tableStatus("init-order")).isEqualTo("Init:0/2");
    Pod pending = get("init-order");
    assertThat(pending.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(condition(pending, "Initialized").orElseThrow().getStatus()).isEqualTo("False");
    assertThat(container(pending, "second").getState().getWaiting()).isNotNull();

    Pod done = awaitPod("init-order", phase("Succeeded"));
    assertThat(log("init-order")).isEqualTo("one\ntwo\n");
    assertThat(container(done, "first").getState().getTerminated().getReason())
        .isEqualTo("Completed");
    assertThat(condition(done, "Initialized").orElseThrow().getStatus()).isEqualTo("True");
  }

  private static Container mounted(Container c) {
    c.setVolumeMounts(
        List.of(
            new io.fabric8.kubernetes.api.model.VolumeMountBuilder()
                .withName("shared")
                .withMountPath("/shared")
                .build()));
    return c;
  }

  @Test
  void neverFailsThePodWithTheExitCode() {
    create("never", "Never", b -> b, sh("main", "echo failing; exit 3"));

    Pod failed = awaitPod("never", phase("Failed"));
    ContainerStateTerminated t = container(failed, "main").getState().getTerminated();
    assertThat(t.getExitCode()).isEqualTo(3);
    assertThat(t.getReason()).isEqualTo("Error");
    assertThat(container(failed, "main").getRestartCount()).isZero();
    assertThat(condition(failed, "Ready").orElseThrow().getReason()).isEqualTo("PodFailed");
  }

  @Test
  void onFailureRestartsInPlaceWithCrashLoopBackOff() {
    create("on-failure", "OnFailure", b -> b, sh("main", "echo attempt; exit 1"));

    Pod looping =
        awaitPod(
            "on-failure",
            p ->
                container(p, "main").getRestartCount() >= 1
                    && container(p, "main").getState().getWaiting() != null);
    ContainerStatus status = container(looping, "main");
    assertThat(looping.getStatus().getPhase()).isEqualTo("Running");
    assertThat(status.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
    assertThat(status.getState().getWaiting().getMessage())
        .startsWith("back-off ")
        .contains("restarting failed container=main pod=on-failure_default(");
    assertThat(status.getLastState().getTerminated().getExitCode()).isEqualTo(1);
    assertThat(events("on-failure")).anyMatch(e -> e.getReason().equals("BackOff"));
    // Waiting to restart, the container shows the log of its last attempt, as the kubelet does.
    assertThat(log("on-failure")).isEqualTo("attempt\n");
    assertThat(server.client().pods().withName("on-failure").terminated().getLog())
        .isEqualTo("attempt\n");
  }

  @Test
  void onFailureSucceedsOnceTheContainerSucceeds() {
    // The first attempt fails, the second finds the marker in the shared volume and succeeds.
    create(
        "on-failure-ok",
        "OnFailure",
        b ->
            b.editSpec()
                .addNewVolume()
                .withName("shared")
                .withNewEmptyDir()
                .endEmptyDir()
                .endVolume()
                .endSpec(),
        mounted(
            sh(
                "main",
                "if [ -f /shared/tried ]; then echo second; exit 0; fi; touch /shared/tried; exit 1")));

    Pod done = awaitPod("on-failure-ok", phase("Succeeded"));
    assertThat(container(done, "main").getRestartCount()).isEqualTo(1);
    assertThat(container(done, "main").getLastState().getTerminated().getExitCode()).isEqualTo(1);
    assertThat(log("on-failure-ok")).isEqualTo("second\n");
    assertThat(server.client().pods().withName("on-failure-ok").terminated().getLog()).isEmpty();
  }

  @Test
  void alwaysRestartsEvenAContainerThatSucceeded() {
    create("always", "Always", b -> b, sh("main", "echo run; exit 0"));

    Pod restarted = awaitPod("always", p -> container(p, "main").getRestartCount() >= 1);
    assertThat(restarted.getStatus().getPhase()).isEqualTo("Running");
    assertThat(container(restarted, "main").getLastState().getTerminated().getReason())
        .isEqualTo("Completed");
  }

  @Test
  void activeDeadlineFailsThePod() {
    create(
        "deadline",
        "Never",
        b -> b.editSpec().withActiveDeadlineSeconds(1L).endSpec(),
        sh("main", "sleep 60"));

    Pod failed = awaitPod("deadline", phase("Failed"));
    assertThat(failed.getStatus().getReason()).isEqualTo("DeadlineExceeded");
    assertThat(failed.getStatus().getMessage())
        .isEqualTo("Pod was active on the node longer than the specified deadline");
    assertThat(events("deadline")).anyMatch(e -> e.getReason().equals("DeadlineExceeded"));
  }

  @Test
  void deletionWaitsOutTheGracePeriodOfAContainerThatIgnoresSigterm() {
    create(
        "stubborn",
        "Never",
        b -> b.editSpec().withTerminationGracePeriodSeconds(3L).endSpec(),
        sh("main", "trap '' TERM; while true; do sleep 0.2; done"));
    awaitPod("stubborn", p -> running(p, "main"));

    long started = System.nanoTime();
    server.client().pods().withName("stubborn").delete();
    Pod deleting = get("stubborn");
    assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();
    await().atMost(WAIT).until(() -> get("stubborn") == null);

    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(2500));
    assertThat(events("stubborn"))
        .anyMatch(
            e ->
                e.getReason().equals("Killing")
                    && e.getMessage().equals("Stopping container main"));
  }

  @Test
  void deletionEndsAContainerThatHonoursSigtermAtOnce() {
    create(
        "polite",
        "Never",
        b -> b.editSpec().withTerminationGracePeriodSeconds(30L).endSpec(),
        sh("main", "sleep 60"));
    awaitPod("polite", p -> running(p, "main"));

    server.client().pods().withName("polite").delete();

    await().atMost(Duration.ofSeconds(15)).until(() -> get("polite") == null);
  }

  @Test
  void terminationMessagesFromTheFileOrTheLog() {
    Container file = sh("file", "echo bye > /dev/termination-log; exit 0");
    Container logs = sh("logs", "echo last words; exit 2");
    logs.setTerminationMessagePolicy("FallbackToLogsOnError");
    create("messages", "Never", b -> b, file, logs);

    Pod failed = awaitPod("messages", phase("Failed"));
    assertThat(container(failed, "file").getState().getTerminated().getMessage())
        .isEqualTo("bye\n");
    assertThat(container(failed, "logs").getState().getTerminated().getMessage())
        .isEqualTo("last words\n");
  }

  @Test
  void commandsExpandVariablesAndSeeTheDownwardApi() {
    Container c =
        new ContainerBuilder()
            .withName("main")
            .withImage("busybox")
            .withCommand("/bin/sh", "-c")
            .withArgs("echo '$(POD) $(NS) $(GREETING) $$(GREETING) $(UNKNOWN)'; echo $POD")
            .addNewEnv()
            .withName("GREETING")
            .withValue("hi-$(POD)")
            .endEnv()
            .build();
    c.getEnv()
        .add(
            0,
            new io.fabric8.kubernetes.api.model.EnvVarBuilder()
                .withName("POD")
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath("metadata.name")
                .endFieldRef()
                .endValueFrom()
                .build());
    c.getEnv()
        .add(
            1,
            new io.fabric8.kubernetes.api.model.EnvVarBuilder()
                .withName("NS")
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath("metadata.namespace")
                .endFieldRef()
                .endValueFrom()
                .build());
    create("expansion", "Never", b -> b, c);

    awaitPod("expansion", phase("Succeeded"));
    assertThat(log("expansion"))
        .isEqualTo("expansion default hi-expansion $(GREETING) $(UNKNOWN)\nexpansion\n");
  }

  @Test
  void indexedJobPodsSeeTheirCompletionIndex() {
    Job job =
        new JobBuilder()
            .withNewMetadata()
            .withName("indexed")
            .endMetadata()
            .withNewSpec()
            .withCompletionMode("Indexed")
            .withCompletions(2)
            .withParallelism(2)
            .withNewTemplate()
            .withNewSpec()
            .withRestartPolicy("Never")
            .addToContainers(sh("main", "echo index=$JOB_COMPLETION_INDEX pod=$(hostname)"))
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    server.client().batch().v1().jobs().resource(job).create();

    await()
        .atMost(WAIT)
        .until(
            () -> {
              Job j = server.client().batch().v1().jobs().withName("indexed").get();
              return j.getStatus() != null
                  && Integer.valueOf(2).equals(j.getStatus().getSucceeded());
            });
    List<Pod> pods = server.client().pods().withLabel("job-name", "indexed").list().getItems();
    assertThat(pods).hasSize(2);
    for (Pod pod : pods) {
      String index =
          pod.getMetadata().getAnnotations().get("batch.kubernetes.io/job-completion-index");
      assertThat(log(pod.getMetadata().getName())).startsWith("index=" + index + " ");
    }
  }

  @Test
  void aContainerWithoutCommandWaitsWithCreateContainerConfigError() {
    create(
        "no-command",
        "Never",
        b -> b,
        new ContainerBuilder().withName("main").withImage("busybox").build());

    Pod waiting =
        awaitPod(
            "no-command",
            p ->
                !p.getStatus().getContainerStatuses().isEmpty()
                    && container(p, "main").getState().getWaiting() != null
                    && "CreateContainerConfigError"
                        .equals(container(p, "main").getState().getWaiting().getReason()));
    assertThat(container(waiting, "main").getState().getWaiting().getMessage())
        .isEqualTo(
            "container \"main\" has no command: the process runtime runs containers as host"
                + " processes and does not read images, so the image's entrypoint is unknown; set"
                + " command (and args)");
    assertThat(waiting.getStatus().getPhase()).isEqualTo("Pending");
  }

  @Test
  void aPodRequestingMoreCpuThanTheNodeHasIsUnschedulable() {
    Container big = sh("main", "true");
    big.setResources(
        new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
            .withRequests(Map.of("cpu", new Quantity("100000")))
            .build());
    create("too-big", "Never", b -> b, big);

    Pod pending =
        awaitPod(
            "too-big",
            p ->
                condition(p, "PodScheduled").map(c -> c.getStatus().equals("False")).orElse(false));
    PodCondition scheduled = condition(pending, "PodScheduled").orElseThrow();
    assertThat(scheduled.getReason()).isEqualTo("Unschedulable");
    String message =
        "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No"
            + " preemption victims found for incoming pod.";
    assertThat(scheduled.getMessage()).isEqualTo(message);
    assertThat(pending.getSpec().getNodeName()).isNull();
    await()
        .atMost(WAIT)
        .until(
            () ->
                events("too-big").stream()
                    .anyMatch(
                        e ->
                            e.getReason().equals("FailedScheduling")
                                && e.getMessage().equals(message)));
  }
}
