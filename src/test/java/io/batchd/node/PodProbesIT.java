package io.batchd.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.batchd.testing.RunningServerExtension;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Probes of pods the agent runs: real processes, and a tiny HTTP server standing in for them. */
class PodProbesIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  @RegisterExtension static final RunningServerExtension server = new RunningServerExtension();

  private static HttpServer health;
  private static final AtomicInteger healthCode = new AtomicInteger(503);

  @BeforeAll
  static void start() throws IOException {
    health = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    health.createContext(
        "/ready",
        exchange -> {
          exchange.sendResponseHeaders(healthCode.get(), -1);
          exchange.close();
        });
    health.start();
  }

  @AfterAll
  static void stop() {
    health.stop(0);
  }

  private static Pod pod(
      String name, String policy, String script, Probe readiness, Probe liveness, Probe startup) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy(policy)
        .withTerminationGracePeriodSeconds(1L)
        .addNewContainer()
        .withName("main")
        .withImage("busybox")
        .withCommand("/bin/sh", "-c", script)
        .withReadinessProbe(readiness)
        .withLivenessProbe(liveness)
        .withStartupProbe(startup)
        .endContainer()
        .endSpec()
        .build();
  }

  private static Probe httpReady() {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath("/ready")
        .withPort(new IntOrString(health.getAddress().getPort()))
        .endHttpGet()
        .withPeriodSeconds(1)
        .build();
  }

  private static ContainerStatus main(String pod) {
    Pod p = server.client().pods().withName(pod).get();
    if (p == null || p.getStatus() == null || p.getStatus().getContainerStatuses().isEmpty()) {
      return null;
    }
    return p.getStatus().getContainerStatuses().get(0);
  }

  private static String condition(String pod, String type) {
    Pod p = server.client().pods().withName(pod).get();
    if (p == null || p.getStatus() == null) {
      return null;
    }
    return p.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .map(PodCondition::getStatus)
        .findFirst()
        .orElse(null);
  }

  private static List<String> events(String pod, String reason) {
    return server.client().v1().events().list().getItems().stream()
        .filter(e -> e.getInvolvedObject().getName().equals(pod))
        .filter(e -> e.getReason().equals(reason))
        .map(Event::getMessage)
        .toList();
  }

  @Test
  void readinessProbeDrivesReadyAndTheReadyConditions() {
    healthCode.set(503);
    server
        .client()
        .pods()
        .resource(pod("readiness", "Always", "sleep 60", httpReady(), null, null))
        .create();

    await().atMost(WAIT).until(() -> !events("readiness", "Unhealthy").isEmpty());
    assertThat(events("readiness", "Unhealthy"))
        .contains("Readiness probe failed: HTTP probe failed with statuscode: 503");
    ContainerStatus unready = main("readiness");
    assertThat(unready.getState().getRunning()).isNotNull();
    assertThat(unready.getReady()).isFalse();
    assertThat(unready.getStarted()).isTrue();
    assertThat(condition("readiness", "ContainersReady")).isEqualTo("False");
    assertThat(condition("readiness", "Ready")).isEqualTo("False");

    healthCode.set(200);
    await().atMost(WAIT).until(() -> "True".equals(condition("readiness", "Ready")));
    assertThat(main("readiness").getReady()).isTrue();
    assertThat(condition("readiness", "ContainersReady")).isEqualTo("True");

    healthCode.set(500);
    await().atMost(WAIT).until(() -> "False".equals(condition("readiness", "Ready")));
    assertThat(main("readiness").getRestartCount()).isZero();
  }

  @Test
  void failingLivenessProbeRestartsTheContainer() {
    Probe liveness =
        new ProbeBuilder()
            .withNewExec()
            .withCommand("test", "-f", "alive")
            .endExec()
            .withPeriodSeconds(1)
            .withFailureThreshold(2)
            .build();
    // The process removes its marker after a second: from then on the probe fails.
    server
        .client()
        .pods()
        .resource(
            pod(
                "liveness",
                "Always",
                "touch alive; sleep 1; rm alive; sleep 60",
                null,
                liveness,
                null))
        .create();

    await()
        .atMost(WAIT)
        .until(() -> main("liveness") != null && main("liveness").getRestartCount() >= 1);
    assertThat(events("liveness", "Killing"))
        .contains("Container main failed liveness probe, will be restarted");
    assertThat(events("liveness", "Unhealthy"))
        .allMatch(m -> m.startsWith("Liveness probe failed: "));
    ContainerStatus status = main("liveness");
    assertThat(status.getLastState().getTerminated()).isNotNull();
    assertThat(status.getLastState().getTerminated().getExitCode()).isEqualTo(143);
  }

  @Test
  void failingStartupProbeKillsAContainerThatNeverRestartsAndHoldsBackReadiness()
      throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    healthCode.set(200);
    Probe startup =
        new ProbeBuilder()
            .withNewTcpSocket()
            .withPort(new IntOrString(closed))
            .endTcpSocket()
            .withPeriodSeconds(1)
            .withFailureThreshold(3)
            .build();
    server
        .client()
        .pods()
        .resource(pod("startup", "Never", "sleep 60", httpReady(), null, startup))
        .create();

    await()
        .atMost(WAIT)
        .until(() -> main("startup") != null && main("startup").getState().getRunning() != null);
    // Running but not started: readiness is not probed yet, though its endpoint says 200.
    assertThat(main("startup").getStarted()).isFalse();
    assertThat(main("startup").getReady()).isFalse();

    await()
        .atMost(WAIT)
        .until(
            () ->
                "Failed"
                    .equals(
                        server.client().pods().withName("startup").get().getStatus().getPhase()));
    assertThat(events("startup", "Killing")).containsExactly("Container main failed startup probe");
    assertThat(events("startup", "Unhealthy"))
        .contains(
            "Startup probe failed: dial tcp 127.0.0.1:" + closed + ": connect: connection refused");
  }

  @Test
  void jobCountsItsReadyPods() {
    healthCode.set(200);
    Job job =
        new JobBuilder()
            .withNewMetadata()
            .withName("ready-count")
            .endMetadata()
            .withNewSpec()
            .withParallelism(2)
            .withCompletions(2)
            .withNewTemplate()
            .withNewSpec()
            .withRestartPolicy("Never")
            .addNewContainer()
            .withName("main")
            .withImage("busybox")
            .withCommand("sleep", "60")
            .withReadinessProbe(httpReady())
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    server.client().batch().v1().jobs().resource(job).create();

    await()
        .atMost(WAIT)
        .until(
            () -> {
              Job j = server.client().batch().v1().jobs().withName("ready-count").get();
              return j.getStatus() != null && Integer.valueOf(2).equals(j.getStatus().getReady());
            });
    server
        .client()
        .batch()
        .v1()
        .jobs()
        .withName("ready-count")
        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND)
        .delete();
  }
}
