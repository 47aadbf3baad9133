package io.batchd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as two processes: {@code batchd server --no-local-node} and {@code batchd agent}
 * with the server's kubeconfig; the installed kubectl runs a Job on the agent's node and reads its
 * log through the server.
 */
class AgentE2E {
  @TempDir Path dir;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : started.reversed()) {
      p.destroy();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  /** Starts the jar and waits for a log line matching {@code ready}. */
  private void startJar(Pattern ready, String... args) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-jar", "target/batchd.jar"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    started.add(process);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      seen.append(line).append('\n');
      if (ready.matcher(line).find()) {
        Thread.ofVirtual().start(() -> out.lines().forEach(l -> {}));
        return;
      }
    }
    throw new AssertionError(args[0] + " exited before it was ready:\n" + seen);
  }

  private String kubectl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("kubectl", "--request-timeout=30s"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("KUBECONFIG", dir.resolve("server/kubeconfig").toString());
    builder.environment().put("HOME", dir.toString());
    Process p = builder.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    return output;
  }

  @Test
  void aJobRunsOnARemoteAgentAndKubectlReadsItsLog() throws Exception {
    startJar(
        Pattern.compile("batchd serving on https://"),
        "server",
        "--data-dir",
        dir.resolve("server").toString(),
        "--port",
        "0",
        "--no-local-node",
        "--pod-failure-backoff",
        "PT1S");
    startJar(
        Pattern.compile("batchd agent for node e2e-agent"),
        "agent",
        "--kubeconfig",
        dir.resolve("server/kubeconfig").toString(),
        "--data-dir",
        dir.resolve("agent").toString(),
        "--port",
        "0",
        "--node-name",
        "e2e-agent");

    assertThat(kubectl("get", "nodes", "-o", "name")).isEqualTo("node/e2e-agent\n");
    kubectl("create", "job", "far", "--image=busybox", "--", "/bin/sh", "-c", "echo ran far away");
    kubectl("wait", "--for=condition=complete", "job/far", "--timeout=60s");
    assertThat(
            kubectl(
                "get", "pods", "-l", "job-name=far", "-o", "jsonpath={.items[0].spec.nodeName}"))
        .isEqualTo("e2e-agent");
    assertThat(kubectl("logs", "job/far")).isEqualTo("ran far away\n");
  }
}
