package io.batchd.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code batchd startup-training}: the workload of the JVM's AOT cache training run (see
 * docs/startup.md). {@code ./batchd} runs it once per build with {@code -XX:AOTCacheOutput}, so
 * that the classes a start loads and links, and the profiles of the code it runs, are in the cache
 * that later starts map instead of redoing that work.
 *
 * <p>It does what a first use does: {@code batchd server} on a new data dir (the CA, the serving
 * certificate and the token are made), answering what {@code kubectl get jobs} asks (version,
 * discovery, a Table of Jobs, over HTTPS and HTTP/2 with the bearer token), stopped; then the same
 * again on that data dir (they are loaded). The data dir is a temporary one, deleted at the end.
 * Exits non-zero if any answer is not 200, so that {@code ./batchd} keeps no cache of a broken run.
 */
@Command(
    name = "startup-training",
    hidden = true,
    description = "Start and query a server in a temporary data dir: the AOT cache's training run.")
final class StartupTrainingCommand implements Callable<Integer> {

  /** The requests of {@code kubectl get jobs} against a server it has not seen before. */
  static final List<Request> KUBECTL_GET_JOBS =
      List.of(
          new Request("/version?timeout=32s", "application/json, */*"),
          new Request("/api?timeout=32s", KubectlAccept.DISCOVERY),
          new Request("/apis?timeout=32s", KubectlAccept.DISCOVERY),
          new Request("/apis/batch/v1/namespaces/default/jobs?limit=500", KubectlAccept.TABLE));

  /**
   * What {@code kubectl apply} asks first: built on demand, the OpenAPI documents are then faster
   * to build on a server's first apply.
   */
  static final List<Request> KUBECTL_APPLY_OPENAPI =
      List.of(
          new Request("/openapi/v3?timeout=32s", "application/json"),
          new Request("/openapi/v3/apis/batch/v1", "application/json"));

  @Override
  public Integer call() throws Exception {
    Path dataDir = Files.createTempDirectory("batchd-startup-training-");
    try {
      for (int start = 0; start < 2; start++) {
        ServerCommand server = new ServerCommand();
        new CommandLine(server)
            .parseArgs("--data-dir", dataDir.toString(), "--port", "0", "--node-name", "training");
        try (ServerCommand.Started started = server.start()) {
          HttpClient client = TrustingClient.forCa(started.credentials().caCertPem());
          for (Request r : KUBECTL_GET_JOBS) {
            r.send(client, started.url(), started.credentials().token());
          }
          if (start == 0) {
            for (Request r : KUBECTL_APPLY_OPENAPI) {
              r.send(client, started.url(), started.credentials().token());
            }
          }
        }
      }
      return 0;
    } finally {
      deleteRecursively(dataDir);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Accept headers kubectl 1.32 sends. */
  private static final class KubectlAccept {
    static final String DISCOVERY =
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
            + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,"
            + "application/json";
    static final String TABLE =
        "application/json;as=Table;v=v1;g=meta.k8s.io,"
            + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
  }

  /** One GET, with its Accept header; anything but 200 fails the training. */
  record Request(String path, String accept) {
    void send(HttpClient client, String baseUrl, String token)
        throws IOException, InterruptedException {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create(baseUrl + path))
                  .header("Accept", accept)
                  .header("Authorization", "Bearer " + token)
                  .timeout(Duration.ofSeconds(60))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "GET " + path + " answered " + response.statusCode() + ": " + response.body());
      }
    }
  }
}
