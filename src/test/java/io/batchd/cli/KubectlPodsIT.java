package io.batchd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchd.api.PodLogOptions;
import io.batchd.apiserver.PodLogSource;
import io.batchd.testing.InProcessServer;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed kubectl against an in-process server with a test log source: pods, nodes, events
 * and leases as a user sees them, with their exact output (normalised as in {@link
 * KubectlJobsE2E}). Plain HTTP without a token, so that kubectl needs no kubeconfig.
 */
class KubectlPodsIT {
  @TempDir Path dir;
  private InProcessServer server;
  private KubernetesClient client;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    PodLogSource logs =
        (Pod pod, PodLogOptions options, PodLogSource.LogSink sink) ->
            sink.write(
                ("hello from " + pod.getMetadata().getName() + "/" + options.container() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
    server = new InProcessServer(dir, logs);
    client = server.client();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  record Result(int exitCode, String stdout, String stderr) {}

  private Result kubectl(String... args) throws Exception {
    Path home = Files.createTempDirectory(dir, "home");
    Path stdout = Files.createTempFile(dir, "kubectl", ".out");
    Path stderr = Files.createTempFile(dir, "kubectl", ".err");
    List<String> command =
        new ArrayList<>(List.of("kubectl", "--server=" + server.url(), "--request-timeout=20s"));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    builder.environment().put("HOME", home.toString());
    builder.environment().remove("KUBECONFIG");
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("kubectl did not finish within 60 s: " + Files.readString(stderr));
    }
    return new Result(
        process.exitValue(),
        Files.readString(stdout, StandardCharsets.UTF_8),
        Files.readString(stderr, StandardCharsets.UTF_8));
  }

  /** kubectl ARGS succeeds and prints exactly {@code stdout}, normalised, and nothing else. */
  private void expect(String stdout, String... args) throws Exception {
    Result result = kubectl(args);
    assertThat(result.exitCode()).as("kubectl %s\n%s", String.join(" ", args), result).isZero();
    assertThat(KubectlJobsE2E.normalise(result.stdout()))
        .as("stdout of kubectl %s", String.join(" ", args))
        .isEqualTo(stdout);
    assertThat(result.stderr()).as("stderr of kubectl %s", String.join(" ", args)).isEmpty();
  }

  private void bind(String pod, String node) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        server.url() + "/api/v1/namespaces/default/pods/" + pod + "/binding"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\""
                            + pod
                            + "\"},\"target\":{\"name\":\""
                            + node
                            + "\"}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  /** What an agent reports once the container runs. */
  private void markRunning(String name) {
    Pod pod = client.pods().inNamespace("default").withName(name).get();
    pod.getStatus().setPhase("Running");
    pod.getStatus().setPodIPs(List.of(new PodIPBuilder().withIp("10.1.0.7").build()));
    pod.getStatus().setPodIP("10.1.0.7");
    pod.getStatus()
        .setContainerStatuses(
            List.of(
                new ContainerStatusBuilder()
                    .withName(name)
                    .withImage("busybox")
                    .withImageID("")
                    .withReady(true)
                    .withRestartCount(0)
                    .withStarted(true)
                    .withState(
                        new ContainerStateBuilder()
                            .withNewRunning()
                            .withStartedAt("2024-01-02T03:04:05Z")
                            .endRunning()
                            .build())
                    .build()));
    client.pods().inNamespace("default").resource(pod).updateStatus();
  }

  @Test
  void runGetAndLogAPod() throws Exception {
    expect("pod/hello created\n", "run", "hello", "--image=busybox", "--", "echo", "hi");
    expect(
        """
        NAME    READY   STATUS    RESTARTS   AGE
        hello   0/1     Pending   0          <age>
        """,
        "get",
        "pods");

    bind("hello", "node-a");
    markRunning("hello");

    expect(
        """
        NAME    READY   STATUS    RESTARTS   AGE   IP         NODE     NOMINATED NODE   READINESS GATES
        hello   1/1     Running   0          <age> 10.1.0.7   node-a   <none>           <none>
        """,
        "get",
        "pods",
        "-o",
        "wide");
    expect("hello from hello/hello\n", "logs", "hello");
    expect("hello from hello/hello\n", "logs", "pod/hello", "-c", "hello", "--tail=5");

    Result forced = kubectl("delete", "pod", "hello", "--grace-period=0", "--force");
    assertThat(forced.exitCode()).as(forced.toString()).isZero();
    assertThat(forced.stdout()).isEqualTo("pod \"hello\" force deleted\n");
    Result none = kubectl("get", "pods");
    assertThat(none.stderr()).isEqualTo("No resources found in default namespace.\n");
  }

  @Test
  void eventsPrintAsKubectlShowsThemAndDescribeFindsThem() throws Exception {
    expect("pod/web created\n", "run", "web", "--image=nginx");
    Pod pod = client.pods().inNamespace("default").withName("web").get();
    client
        .v1()
        .events()
        .inNamespace("default")
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withName("web.1")
                .endMetadata()
                .withNewInvolvedObject()
                .withKind("Pod")
                .withName("web")
                .withNamespace("default")
                .withUid(pod.getMetadata().getUid())
                .withApiVersion("v1")
                .endInvolvedObject()
                .withReason("Scheduled")
                .withMessage("Successfully assigned default/web to node-a")
                .withType("Normal")
                .withNewSource()
                .withComponent("default-scheduler")
                .endSource()
                .withFirstTimestamp(java.time.Instant.now().minusSeconds(5).toString())
                .withLastTimestamp(java.time.Instant.now().minusSeconds(5).toString())
                .withCount(1)
                .build())
        .create();

    // LAST SEEN starts the line, where the shared normaliser does not look for ages.
    Result events = kubectl("get", "events");
    assertThat(events.exitCode()).as(events.toString()).isZero();
    assertThat(events.stdout().replaceFirst("(?m)^\\d+s +(?=Normal)", "<age> "))
        .isEqualTo(
            """
            LAST SEEN   TYPE     REASON      OBJECT    MESSAGE
            <age> Normal   Scheduled   pod/web   Successfully assigned default/web to node-a
            """);

    Result describe = kubectl("describe", "pod", "web");
    assertThat(describe.exitCode()).as(describe.toString()).isZero();
    assertThat(describe.stdout())
        .containsPattern("(?m)^Name:\\s+web$")
        .containsPattern("(?m)^Namespace:\\s+default$")
        .containsPattern("(?m)^Service Account:\\s+default$")
        .containsPattern("(?m)^Status:\\s+Pending$")
        .containsPattern("(?m)^QoS Class:\\s+BestEffort$")
        .containsPattern("node.kubernetes.io/not-ready:NoExecute op=Exists for 300s")
        .containsPattern(
            "(?m)^  Normal  Scheduled  \\S+\\s+default-scheduler  Successfully assigned default/web"
                + " to node-a$");
  }

  @Test
  void nodesAndLeasesAsKubectlShowsThem() throws Exception {
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName("node-a")
                .addToLabels("node-role.kubernetes.io/worker", "")
                .endMetadata()
                .withNewStatus()
                .addToCapacity("cpu", new Quantity("2"))
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .addNewAddress()
                .withType("InternalIP")
                .withAddress("127.0.0.1")
                .endAddress()
                .withNewNodeInfo()
                .withKubeletVersion("v1.32.0")
                .withOsImage("Debian GNU/Linux 12 (bookworm)")
                .withKernelVersion("6.1.0")
                .withContainerRuntimeVersion("process://batchd")
                .endNodeInfo()
                .endStatus()
                .build())
        .create();

    expect(
        """
        NAME     STATUS   ROLES    AGE   VERSION
        node-a   Ready    worker   <age> v1.32.0
        """,
        "get",
        "nodes");
    expect("node/node-a cordoned\n", "cordon", "node-a");
    expect(
        """
        NAME     STATUS                     ROLES    AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION   CONTAINER-RUNTIME
        node-a   Ready,SchedulingDisabled   worker   <age> v1.32.0   127.0.0.1     <none>        Debian GNU/Linux 12 (bookworm)   6.1.0            process://batchd
        """,
        "get",
        "no",
        "-o",
        "wide");

    client
        .leases()
        .inNamespace("kube-node-lease")
        .resource(
            new io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder()
                .withNewMetadata()
                .withName("node-a")
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity("node-a")
                .withLeaseDurationSeconds(40)
                .endSpec()
                .build())
        .create();
    expect(
        """
        NAME     HOLDER   AGE
        node-a   node-a   <age>
        """,
        "get",
        "leases",
        "-n",
        "kube-node-lease");
  }
}
