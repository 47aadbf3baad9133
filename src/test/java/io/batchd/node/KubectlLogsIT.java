package io.batchd.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchd.testing.RunningServerExtension;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code kubectl logs} and its options against pods the server's agent runs. */
class KubectlLogsIT {
  @TempDir static Path dir;

  @RegisterExtension static final RunningServerExtension server = new RunningServerExtension();

  private static void pod(String name, String policy, String script) {
    server
        .client()
        .pods()
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy(policy)
                .addNewContainer()
                .withName("main")
                .withImage("busybox")
                .withCommand("/bin/sh", "-c", script)
                .endContainer()
                .endSpec()
                .build())
        .create();
  }

  private static String kubectl(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("kubectl", "--server=" + server.url(), "--namespace=default"));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "kubectl", ".out");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
    builder.environment().put("HOME", dir.toString());
    builder.environment().remove("KUBECONFIG");
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  private static String phase(String name) {
    Pod p = server.client().pods().withName(name).get();
    return p == null || p.getStatus() == null ? null : p.getStatus().getPhase();
  }

  @Test
  void tailAndTimestamps() throws Exception {
    pod("lines", "Never", "echo one; echo two; echo three");
    await().atMost(Duration.ofSeconds(30)).until(() -> "Succeeded".equals(phase("lines")));

    assertThat(kubectl("logs", "lines")).isEqualTo("one\ntwo\nthree\n");
    assertThat(kubectl("logs", "lines", "--tail=2")).isEqualTo("two\nthree\n");
    assertThat(kubectl("logs", "lines", "--timestamps", "--tail=1"))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z three\\n");
  }

  @Test
  void followStreamsUntilTheContainerEnds() throws Exception {
    pod("slow", "Never", "echo start; sleep 2; echo middle; sleep 1; echo end");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "Running".equals(phase("slow")) || "Succeeded".equals(phase("slow")));

    assertThat(kubectl("logs", "-f", "slow")).isEqualTo("start\nmiddle\nend\n");
  }

  @Test
  void previousShowsTheAttemptBeforeARestart() throws Exception {
    // The first attempt fails, the second finds the marker and waits.
    pod(
        "restarted",
        "OnFailure",
        "if [ -f ../tried ]; then echo second; sleep 60; fi; touch ../tried; echo first; exit 1");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Pod p = server.client().pods().withName("restarted").get();
              return p != null
                  && p.getStatus() != null
                  && !p.getStatus().getContainerStatuses().isEmpty()
                  && p.getStatus().getContainerStatuses().get(0).getRestartCount() == 1
                  && p.getStatus().getContainerStatuses().get(0).getState().getRunning() != null;
            });

    assertThat(kubectl("logs", "restarted", "--previous")).isEqualTo("first\n");
    assertThat(kubectl("logs", "restarted")).isEqualTo("second\n");
  }
}
