package io.batchd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchd.testing.ChildServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, started as a user starts it, answering the installed kubectl. */
class ServerE2E {
  @TempDir Path dataDir;

  private ChildServer startServer() throws IOException {
    return ChildServer.start(dataDir, List.of());
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
    ChildServer server = startServer();
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
      server.close();
    }
  }

  @Test
  void sigtermStopsTheServerCleanlyAndItRestartsOnTheSameData() throws Exception {
    ChildServer first = startServer();
    assertThat(first.terminate()).isIn(0, 143);

    ChildServer second = startServer();
    try {
      HttpResponse<String> ready =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(second.insecureUrl() + "/readyz")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(200);
      HttpResponse<String> anonymous =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(second.insecureUrl() + "/api/v1/namespaces"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(Files.exists(dataDir.resolve("store.db"))).isTrue();
    } finally {
      second.close();
    }
  }
}
