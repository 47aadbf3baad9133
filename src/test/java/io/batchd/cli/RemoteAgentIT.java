package io.batchd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchd.apiserver.ServingOptions;
import io.batchd.apiserver.security.Kubeconfig;
import io.batchd.apiserver.security.ServerCredentials;
import io.batchd.client.HttpApiClient;
import io.batchd.node.probes.TrustingAll;
import io.batchd.store.sqlite.SqliteOptions;
import io.batchd.store.sqlite.SqliteStore;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server with no node of its own over HTTPS, and an agent in the test's process that reaches it
 * only through HTTP with the server's kubeconfig: Jobs run on the agent's node, and their logs come
 * through the server from the agent's log endpoint.
 */
class RemoteAgentIT {
  private static final String NODE = "remote-node";
  @TempDir static Path dir;
  private static SqliteStore store;
  private static BatchdServer server;
  private static HttpApiClient agentClient;
  private static StandaloneAgent agent;
  private static KubernetesClient client;
  private static Path kubeconfig;
  private static String token;

  @BeforeAll
  static void start() throws Exception {
    Path serverDir = Files.createDirectories(dir.resolve("server"));
    ServerCredentials credentials = ServerCredentials.loadOrCreate(serverDir, List.of());
    token = credentials.token();
    store = SqliteStore.open(serverDir.resolve("store.db"), SqliteOptions.defaults());
    ServingOptions serving =
        new ServingOptions(
            "127.0.0.1",
            0,
            credentials.keyCertOptions(),
            -1,
            token,
            ServingOptions.DEFAULT_MAX_REQUESTS_INFLIGHT,
            ServingOptions.DEFAULT_MAX_MUTATING_REQUESTS_INFLIGHT,
            java.util.Map.of(),
            null);
    Workloads noLocalNode =
        new Workloads(
            false,
            null,
            Duration.ofSeconds(1),
            Duration.ofSeconds(10),
            Duration.ofSeconds(1),
            Duration.ofSeconds(10));
    server = BatchdServer.start(store, serving, serverDir, noLocalNode, Clock.systemUTC());
    kubeconfig = serverDir.resolve("kubeconfig");
    Kubeconfig.write(
        kubeconfig, "https://127.0.0.1:" + server.port(), credentials.caCertPem(), token);
    Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
    agentClient = new HttpApiClient(new KubernetesClientBuilder().withConfig(config).build());
    agent =
        StandaloneAgent.start(
            agentClient,
            token,
            NODE,
            dir.resolve("agent"),
            "127.0.0.1",
            0,
            Duration.ofSeconds(1),
            Duration.ofSeconds(10),
            Clock.systemUTC());
    Config userConfig = Config.fromKubeconfig(Files.readString(kubeconfig));
    userConfig.setNamespace("default");
    client = new KubernetesClientBuilder().withConfig(userConfig).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    agent.close();
    agentClient.close();
    server.close();
    store.close();
  }

  @Test
  void theAgentRegistersItsNodeWithItsLogEndpoint() {
    await().atMost(Duration.ofSeconds(20)).until(() -> client.nodes().withName(NODE).get() != null);
    Node node = client.nodes().withName(NODE).get();
    assertThat(node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort())
        .isEqualTo(agent.port());
    assertThat(node.getStatus().getAddresses())
        .anySatisfy(
            a -> {
              assertThat(a.getType()).isEqualTo("InternalIP");
              assertThat(a.getAddress()).isEqualTo("127.0.0.1");
            });
    assertThat(client.nodes().list().getItems())
        .extracting(n -> n.getMetadata().getName())
        .containsExactly(NODE);
  }

  @Test
  void aJobRunsOnTheRemoteNodeAndItsLogsComeThroughTheServer() throws Exception {
    Job job =
        new JobBuilder()
            .withNewMetadata()
            .withName("remote")
            .endMetadata()
            .withNewSpec()
            .withBackoffLimit(0)
            .withNewTemplate()
            .withNewSpec()
            .withRestartPolicy("Never")
            .addNewContainer()
            .withName("main")
            .withImage("busybox")
            .withCommand("/bin/sh", "-c", "echo hello from $(NODE); echo second line")
            .addNewEnv()
            .withName("NODE")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("spec.nodeName")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    client.batch().v1().jobs().resource(job).create();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Job j = client.batch().v1().jobs().withName("remote").get();
              return j.getStatus() != null
                  && Integer.valueOf(1).equals(j.getStatus().getSucceeded());
            });
    Pod pod = client.pods().withLabel("job-name", "remote").list().getItems().get(0);
    assertThat(pod.getSpec().getNodeName()).isEqualTo(NODE);
    assertThat(client.pods().withName(pod.getMetadata().getName()).getLog())
        .isEqualTo("hello from remote-node\nsecond line\n");
    assertThat(client.pods().withName(pod.getMetadata().getName()).tailingLines(1).getLog())
        .isEqualTo("second line\n");

    ProcessBuilder kubectl =
        new ProcessBuilder("kubectl", "--kubeconfig", kubeconfig.toString(), "logs", "job/remote")
            .redirectErrorStream(true);
    kubectl.environment().put("HOME", dir.toString());
    Process process = kubectl.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(output).isEqualTo("hello from remote-node\nsecond line\n");
    assertThat(process.exitValue()).isZero();
  }

  @Test
  void theAgentsErrorsComeThroughAsTheyAre() {
    Pod pod =
        new io.fabric8.kubernetes.api.model.PodBuilder()
            .withNewMetadata()
            .withName("never-started")
            .endMetadata()
            .withNewSpec()
            .withRestartPolicy("Never")
            .addNewContainer()
            .withName("main")
            .withImage("busybox")
            .endContainer()
            .endSpec()
            .build();
    client.pods().resource(pod).create();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              Pod p = client.pods().withName("never-started").get();
              return p.getStatus() != null
                  && !p.getStatus().getContainerStatuses().isEmpty()
                  && p.getStatus().getContainerStatuses().get(0).getState().getWaiting() != null
                  && "CreateContainerConfigError"
                      .equals(
                          p.getStatus()
                              .getContainerStatuses()
                              .get(0)
                              .getState()
                              .getWaiting()
                              .getReason());
            });

    KubernetesClientException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            KubernetesClientException.class,
            () -> client.pods().withName("never-started").getLog());
    assertThat(e.getCode()).isEqualTo(400);
    assertThat(e.getStatus().getMessage())
        .isEqualTo(
            "container \"main\" in pod \"never-started\" is waiting to start:"
                + " CreateContainerConfigError");
  }

  @Test
  void theLogEndpointRefusesCallersWithoutTheToken() throws Exception {
    HttpClient http = HttpClient.newBuilder().sslContext(TrustingAll.context()).build();
    URI uri = URI.create("https://127.0.0.1:" + agent.port() + "/containerLogs/default/x/main");

    HttpResponse<String> anonymous =
        http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> wrong =
        http.send(
            HttpRequest.newBuilder(uri).header("Authorization", "Bearer nope").build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> missing =
        http.send(
            HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body()).contains("\"reason\":\"Unauthorized\"");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("pod \\\"x\\\" not found on node \\\"remote-node\\\"");
  }
}
