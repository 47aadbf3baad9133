package io.batchd.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client of agents that run apart from the server: the same typed operations, over HTTP with
 * fabric8's Kubernetes client and the credentials of a kubeconfig.
 */
public final class HttpApiClient implements ApiClient {
  private final KubernetesClient kubernetes;
  private final Map<Class<?>, ResourceClient<?>> clients = new ConcurrentHashMap<>();

  public HttpApiClient(KubernetesClient kubernetes) {
    this.kubernetes = kubernetes;
  }

  /** A client for the server and credentials of the current context of {@code kubeconfig}. */
  public static HttpApiClient fromKubeconfig(Path kubeconfig) {
    try {
      Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
      config.setRequestRetryBackoffLimit(3);
      return new HttpApiClient(new KubernetesClientBuilder().withConfig(config).build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read kubeconfig " + kubeconfig, e);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> ResourceClient<T> resources(Class<T> type) {
    return (ResourceClient<T>)
        clients.computeIfAbsent(type, t -> new HttpResourceClient<>(kubernetes, type));
  }

  @Override
  public void close() {
    kubernetes.close();
  }
}
