package io.batchd.client;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * How controllers and node agents reach the API: typed reads, writes and watches. The in-process
 * implementation calls the registries directly; the HTTP one talks to a remote server. Both report
 * API errors as {@link io.batchd.api.errors.StatusException}.
 */
public interface ApiClient extends AutoCloseable {

  <T extends HasMetadata> ResourceClient<T> resources(Class<T> type);

  @Override
  void close();
}
