package io.batchd.apiserver;

import io.batchd.registry.Registries;
import io.batchd.registry.Registry;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** One REST endpoint per registry, each with its printed columns and its way of deleting. */
final class Endpoints {
  private Endpoints() {}

  static List<ResourceEndpoint<?>> of(Registries registries, Clock clock) {
    List<ResourceEndpoint<?>> endpoints = new ArrayList<>();
    for (Registry<?> registry : registries.all()) {
      endpoints.add(endpoint(registry, registries, clock));
    }
    return endpoints;
  }

  @SuppressWarnings("unchecked")
  private static <T extends HasMetadata> ResourceEndpoint<T> endpoint(
      Registry<T> registry, Registries registries, Clock clock) {
    Class<T> type = registry.type().type();
    if (type == Namespace.class) {
      Registry<Namespace> namespaces = (Registry<Namespace>) registry;
      return (ResourceEndpoint<T>)
          new ResourceEndpoint<>(
              namespaces,
              Tables.namespaces(clock),
              (ns, name, uid, rv, dryRun) ->
                  new Registry.Deleted<>(registries.deleteNamespace(name, dryRun), false),
              clock);
    }
    TableColumns<T> columns =
        type == Job.class ? (TableColumns<T>) Tables.jobs(clock) : Tables.generic(clock);
    return new ResourceEndpoint<>(registry, columns, registry::delete, clock);
  }
}
