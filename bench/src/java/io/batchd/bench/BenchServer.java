package io.batchd.bench;

import io.batchd.cli.Workloads;
import io.batchd.testing.RunningServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A whole batchd server in the benchmark's JVM (API, controllers, scheduler and a node agent
 * running pods as local processes) on a SQLite store in a temporary directory, on plain HTTP, with
 * a fabric8 client for it. The node is named {@code bench-node}; retry delays are the integration
 * tests' (1 s instead of 10 s), so a failed pod costs a benchmark seconds rather than minutes.
 */
final class BenchServer implements AutoCloseable {
  static final String NODE = "bench-node";

  private final Path dir;
  private final RunningServer server;
  private final KubernetesClient client;

  BenchServer(String prefix) throws Exception {
    dir = Files.createTempDirectory(prefix);
    server =
        new RunningServer(
            dir,
            new Workloads(
                true,
                NODE,
                Duration.ofSeconds(1),
                Duration.ofSeconds(10),
                Duration.ofSeconds(1),
                Duration.ofSeconds(10)));
    client = server.client();
  }

  KubernetesClient client() {
    return client;
  }

  @Override
  public void close() throws Exception {
    client.close();
    server.close();
    BenchSupport.deleteRecursively(dir);
  }
}
