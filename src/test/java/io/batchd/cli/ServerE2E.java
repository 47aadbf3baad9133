package io.batchd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, started as a user starts it, answering the installed kubectl. */
class ServerE2E {
  private static final Pattern SERVING =
      Pattern.compile("serving on https://127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern INSECURE =
      Pattern.compile("plain HTTP on http://127\\.0\\.0\\.1:(\\d+)");

  @TempDir Path dataDir;

  record Running(Process process, int port, int insecurePort) {}

  private Running startServer() throws IOException {
    Path jar = Path.of("target/batchd.jar");
    assertThat(jar).exists();
    String java = ProcessHandle.current().info().command().orElse("java");
    Process process =
        new ProcessBuilder(
                java,
                "-jar",
                jar.toString(),
                "server",
                "--data-dir",
                dataDir.toString(),
                "--port",
                "0",
                "--insecure-port",
                "0")
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    StringBuilder seen = new StringBuilder();
    int insecure = -1;
    while ((line = out.readLine()) != null) {
      seen.append(line).append('\n');
      Matcher plain = INSECURE.matcher(line);
      if (plain.find()) {
        insecure = Integer.parseInt(plain.group(1));
      }
      Matcher m = SERVING.matcher(line);
      if (m.find()) {
        Thread.ofVirtual().start(() -> out.lines().forEach(l -> {}));
        return new Running(process, Integer.parseInt(m.group(1)), insecure);
      }
    }
    throw new AssertionError("server exited before serving:\n" + seen);
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    return output;
  }

  @Test
  void kubectlSeesTheServersKubernetesVersion() throws Exception {
    Running server = startServer();
    try {
      Path kubeHome = Files.createDirectories(dataDir.resolve("kube-home"));
      String output =
          run(
              "env",
              "HOME=" + kubeHome,
              "KUBECONFIG=" + dataDir.resolve("kubeconfig"),
              "kubectl",
              "version",
              "-o",
              "json");
      assertThat(output).contains("\"serverVersion\"").contains("\"gitVersion\": \"v1.32.");
      // The kubeconfig written on start carries the CA and the token: kubectl needs no setup.
      assertThat(
              run(
                  "env",
                  "HOME=" + kubeHome,
                  "KUBECONFIG=" + dataDir.resolve("kubeconfig"),
                  "kubectl",
                  "get",
                  "namespaces",
                  "-o",
                  "name"))
          .isEqualTo(
              "namespace/default\nnamespace/kube-node-lease\nnamespace/kube-public\n"
                  + "namespace/kube-system\n");
    } finally {
      server.process().destroy();
    }
  }

  @Test
  void sigtermStopsTheServerCleanlyAndItRestartsOnTheSameData() throws Exception {
    Running first = startServer();
    first.process().destroy(); // SIGTERM
    assertThat(first.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(first.process().exitValue()).isIn(0, 143);

    Running second = startServer();
    try {
      HttpResponse<String> ready =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + second.insecurePort() + "/readyz"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(200);
      HttpResponse<String> anonymous =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:" + second.insecurePort() + "/api/v1/namespaces"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(Files.exists(dataDir.resolve("store.db"))).isTrue();
    } finally {
      second.process().destroy();
      second.process().waitFor(20, TimeUnit.SECONDS);
    }
  }
}
