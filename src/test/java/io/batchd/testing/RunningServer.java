package io.batchd.testing;

import io.batchd.apiserver.ServingOptions;
import io.batchd.cli.BatchdServer;
import io.batchd.cli.Workloads;
import io.batchd.store.sqlite.SqliteOptions;
import io.batchd.store.sqlite.SqliteStore;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A whole batchd server in the test's process: API, controllers and a node agent running pods as
 * local processes, on an embedded store in a temp directory, served over plain HTTP on a free
 * loopback port without authentication. Retry delays are one second instead of ten so that failure
 * scenarios finish quickly.
 */
public final class RunningServer implements AutoCloseable {
  public static final String NODE = "test-node";

  private final SqliteStore store;
  private final BatchdServer server;

  public RunningServer(Path dir) {
    this(
        dir,
        new Workloads(
            true,
            NODE,
            Duration.ofSeconds(1),
            Duration.ofSeconds(10),
            Duration.ofSeconds(1),
            Duration.ofSeconds(10)));
  }

  public RunningServer(Path dir, Workloads workloads) {
    store = SqliteStore.open(dir.resolve("store.db"), SqliteOptions.defaults());
    server =
        BatchdServer.start(
            store, ServingOptions.plain("127.0.0.1", 0), dir, workloads, Clock.systemUTC());
  }

  public BatchdServer server() {
    return server;
  }

  public String url() {
    return "http://127.0.0.1:" + server.port();
  }

  /** A fabric8 client for this server, in namespace {@code default}. */
  public KubernetesClient client() {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(url())
            .withNamespace("default")
            .withRequestRetryBackoffLimit(0)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  @Override
  public void close() {
    server.close();
    store.close();
  }
}
