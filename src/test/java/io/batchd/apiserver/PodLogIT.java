package io.batchd.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchd.api.PodLogOptions;
import io.batchd.api.errors.StatusException;
import io.batchd.testing.InProcessServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET .../pods/{name}/log} with a test log source: options reach the source validated and
 * with the container resolved, errors are worded as upstream, and a follow ends when the client
 * goes away.
 */
class PodLogIT {
  @TempDir Path dir;
  private InProcessServer server;
  private KubernetesClient client;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<PodLogOptions> asked = new CopyOnWriteArrayList<>();
  private final AtomicBoolean followEnded = new AtomicBoolean();

  /**
   * Writes "<container> line N" lines; with follow, one line then waits for the client to leave.
   */
  private void stream(Pod pod, PodLogOptions options, PodLogSource.LogSink sink)
      throws InterruptedException {
    asked.add(options);
    if (options.container().equals("waiting")) {
      throw StatusException.badRequest(
          "container \"waiting\" in pod \""
              + pod.getMetadata().getName()
              + "\" is waiting to start: ContainerCreating");
    }
    long lines = options.tailLines() == null ? 3 : options.tailLines();
    for (int i = 1; i <= lines; i++) {
      sink.write((options.container() + " line " + i + "\n").getBytes(StandardCharsets.UTF_8));
    }
    if (options.follow()) {
      try {
        while (!sink.closed()) {
          Thread.sleep(Duration.ofSeconds(60));
        }
      } finally {
        followEnded.set(true);
      }
    }
  }

  @BeforeEach
  void start() throws Exception {
    server = new InProcessServer(dir, this::stream);
    client = server.client();
    Pod one = PodApiIT.pod("one");
    client.pods().inNamespace("default").resource(one).create();
    Pod two = PodApiIT.pod("two");
    two.getSpec()
        .getContainers()
        .add(
            new io.fabric8.kubernetes.api.model.ContainerBuilder()
                .withName("side")
                .withImage("busybox")
                .build());
    two.getSpec()
        .getInitContainers()
        .add(
            new io.fabric8.kubernetes.api.model.ContainerBuilder()
                .withName("setup")
                .withImage("busybox")
                .build());
    client.pods().inNamespace("default").resource(two).create();
    Pod waiting = PodApiIT.pod("slow");
    waiting.getSpec().getContainers().get(0).setName("waiting");
    client.pods().inNamespace("default").resource(waiting).create();
    for (String name : List.of("one", "two", "slow")) {
      bind(name);
    }
    client.pods().inNamespace("default").resource(PodApiIT.pod("pending")).create();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private void bind(String pod) throws Exception {
    http.send(
        HttpRequest.newBuilder(
                URI.create(server.url() + "/api/v1/namespaces/default/pods/" + pod + "/binding"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\""
                        + pod
                        + "\"},\"target\":{\"name\":\"node-a\"}}"))
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  private HttpResponse<String> log(String pod, String query) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create(
                    server.url() + "/api/v1/namespaces/default/pods/" + pod + "/log" + query))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theOnlyContainersLogIsServedAsPlainText() throws Exception {
    HttpResponse<String> response = log("one", "");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
    assertThat(response.body()).isEqualTo("main line 1\nmain line 2\nmain line 3\n");
  }

  @Test
  void fabric8ReadsTheLogOfANamedContainerWithItsOptions() {
    String log =
        client
            .pods()
            .inNamespace("default")
            .withName("two")
            .inContainer("side")
            .tailingLines(2)
            .getLog();

    assertThat(log).isEqualTo("side line 1\nside line 2\n");
    assertThat(asked.getLast().container()).isEqualTo("side");
    assertThat(asked.getLast().tailLines()).isEqualTo(2L);
  }

  @Test
  void everyOptionReachesTheSourceParsed() throws Exception {
    log(
        "one",
        "?previous=true&timestamps=1&sinceTime=2024-01-02T03:04:05Z&limitBytes=10"
            + "&insecureSkipTLSVerifyBackend=true");

    PodLogOptions options = asked.getLast();
    assertThat(options.previous()).isTrue();
    assertThat(options.timestamps()).isTrue();
    assertThat(options.sinceTime()).isEqualTo(java.time.Instant.parse("2024-01-02T03:04:05Z"));
    assertThat(options.limitBytes()).isEqualTo(10L);
    assertThat(options.insecureSkipTlsVerifyBackend()).isTrue();
  }

  @Test
  void aPodOfSeveralContainersNeedsOneNamed() throws Exception {
    HttpResponse<String> response = log("two", "");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains(
            "a container name must be specified for pod two, choose one of: [setup main side]");
  }

  @Test
  void anUnknownContainerIsABadRequest() throws Exception {
    HttpResponse<String> response = log("one", "?container=nope");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("container nope is not valid for pod one");
  }

  @Test
  void anUnknownPodIsNotFound() throws Exception {
    HttpResponse<String> response = log("none", "");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("pods \\\"none\\\" not found");
  }

  @Test
  void invalidOptionsAreRefusedAsUpstreamWordsThem() throws Exception {
    HttpResponse<String> response =
        log("one", "?tailLines=-1&sinceSeconds=5&sinceTime=2024-01-02T03:04:05Z");

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.body())
        .contains(
            "PodLogOptions \\\"one\\\" is invalid: [tailLines: Invalid value: -1: must be greater"
                + " than or equal to 0, : Forbidden: at most one of `sinceTime` or `sinceSeconds`"
                + " may be specified]");
    assertThat(log("one", "?follow=maybe").statusCode()).isEqualTo(400);
  }

  @Test
  void aSourcesRefusalReachesTheClient() throws Exception {
    HttpResponse<String> response = log("slow", "");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains(
            "container \\\"waiting\\\" in pod \\\"slow\\\" is waiting to start: ContainerCreating");
  }

  @Test
  void aPodNotYetBoundHasAnEmptyLog() throws Exception {
    HttpResponse<String> response = log("pending", "");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void aFollowStreamsUntilTheClientGoesAway() throws Exception {
    HttpResponse<InputStream> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        server.url()
                            + "/api/v1/namespaces/default/pods/one/log?follow=true&tailLines=1"))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    InputStream body = response.body();
    byte[] first = body.readNBytes("main line 1\n".length());
    assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("main line 1\n");
    assertThat(followEnded).isFalse();

    body.close();

    await().atMost(Duration.ofSeconds(10)).untilTrue(followEnded);
  }
}
