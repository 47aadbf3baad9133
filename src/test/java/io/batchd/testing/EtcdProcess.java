package io.batchd.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real etcd (Debian's {@code etcd-server} package, installed by {@code scripts/test}) on free
 * loopback ports with a throwaway data directory, for tests and benchmarks.
 */
public final class EtcdProcess implements AutoCloseable {
  private final Process process;
  private final Path dataDir;
  private final int clientPort;

  private EtcdProcess(Process process, Path dataDir, int clientPort) {
    this.process = process;
    this.dataDir = dataDir;
    this.clientPort = clientPort;
  }

  /** Starts etcd and waits until it reports healthy. */
  public static EtcdProcess start() {
    String binary = findEtcd();
    try {
      Path dataDir = Files.createTempDirectory("batchd-etcd-");
      int client = freePort();
      int peer = freePort();
      int metrics = freePort();
      String clientUrl = "http://127.0.0.1:" + client;
      String peerUrl = "http://127.0.0.1:" + peer;
      Process process =
          new ProcessBuilder(
                  binary,
                  "--name=test",
                  "--data-dir=" + dataDir.resolve("data"),
                  "--listen-client-urls=" + clientUrl,
                  "--advertise-client-urls=" + clientUrl,
                  "--listen-peer-urls=" + peerUrl,
                  "--initial-advertise-peer-urls=" + peerUrl,
                  "--initial-cluster=test=" + peerUrl,
                  "--initial-cluster-state=new",
                  "--listen-metrics-urls=http://127.0.0.1:" + metrics,
                  "--log-level=error",
                  "--logger=zap")
              .redirectErrorStream(true)
              .redirectOutput(dataDir.resolve("etcd.log").toFile())
              .start();
      EtcdProcess etcd = new EtcdProcess(process, dataDir, client);
      etcd.awaitHealthy();
      return etcd;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start etcd", e);
    }
  }

  private static String findEtcd() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path candidate = Path.of(dir, "etcd");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IllegalStateException(
        "etcd is not installed: run scripts/test, which installs Debian's etcd-server package");
  }

  private void awaitHealthy() {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest health = HttpRequest.newBuilder(URI.create(endpoint() + "/health")).build();
    await("etcd on port " + clientPort + " healthy")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(
                    "etcd exited: " + Files.readString(dataDir.resolve("etcd.log")));
              }
              return http.send(health, HttpResponse.BodyHandlers.ofString())
                  .body()
                  .contains("\"health\":\"true\"");
            });
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The client endpoint, such as {@code http://127.0.0.1:40123}. */
  public String endpoint() {
    return "http://127.0.0.1:" + clientPort;
  }

  /** The store location batchd's {@code --store} option takes. */
  public String storeLocation() {
    return "etcd://127.0.0.1:" + clientPort;
  }

  public List<String> endpoints() {
    return List.of(endpoint());
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
