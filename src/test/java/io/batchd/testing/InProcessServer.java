package io.batchd.testing;

import io.batchd.api.ServerVersion;
import io.batchd.apiserver.ApiServer;
import io.batchd.apiserver.PodLogSource;
import io.batchd.apiserver.ServingOptions;
import io.batchd.registry.ApiResources;
import io.batchd.registry.Registries;
import io.batchd.registry.StoreHealth;
import io.batchd.store.Store;
import io.batchd.store.sqlite.SqliteOptions;
import io.batchd.store.sqlite.SqliteStore;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Clock;

/** A batchd API server on a free loopback port, on an embedded store in a temp directory. */
public final class InProcessServer implements AutoCloseable {
  private final Store store;
  private final Registries registries;
  private final ApiServer server;

  public InProcessServer(Path dir) {
    this(dir, ServingOptions.plain("127.0.0.1", 0));
  }

  /** A server with other serving options (limits, listeners); the store is as above. */
  public InProcessServer(Path dir, ServingOptions options) {
    this(dir, options, null);
  }

  /** A server whose pod logs come from {@code logs}. */
  public InProcessServer(Path dir, PodLogSource logs) {
    this(dir, ServingOptions.plain("127.0.0.1", 0), logs);
  }

  private InProcessServer(Path dir, ServingOptions options, PodLogSource logs) {
    store = SqliteStore.open(dir.resolve("store.db"), SqliteOptions.defaults());
    registries = ApiResources.register(new Registries(store, Clock.systemUTC()));
    registries.bootstrap();
    server =
        ApiServer.start(
            options,
            registries,
            new StoreHealth(store),
            ServerVersion.current(),
            Clock.systemUTC(),
            logs);
  }

  public Registries registries() {
    return registries;
  }

  public String url() {
    return "http://127.0.0.1:" + server.port();
  }

  public int port() {
    return server.port();
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
    registries.close();
    store.close();
  }
}
