package io.batchd.client;

import io.batchd.api.errors.StatusException;
import io.batchd.registry.Registries;
import io.batchd.registry.Registry;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client of controllers and agents that run inside the server: it calls the registries
 * directly, so the same validation, defaulting and watch semantics apply as over HTTP, without
 * serialising requests.
 */
public final class InProcessClient implements ApiClient {
  private final Registries registries;
  private final Map<Class<?>, ResourceClient<?>> clients = new ConcurrentHashMap<>();

  public InProcessClient(Registries registries) {
    this.registries = registries;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> ResourceClient<T> resources(Class<T> type) {
    return (ResourceClient<T>)
        clients.computeIfAbsent(type, t -> new InProcessResourceClient<>(registry(type)));
  }

  @SuppressWarnings("unchecked")
  private <T extends HasMetadata> Registry<T> registry(Class<T> type) {
    return registries.everything().stream()
        .filter(r -> r.type().type() == type)
        .map(r -> (Registry<T>) r)
        .findFirst()
        .orElseThrow(
            () -> StatusException.notFound("", type.getSimpleName().toLowerCase() + "s", "(type)"));
  }

  @Override
  public void close() {
    // The registries belong to the server, which closes them.
  }
}
