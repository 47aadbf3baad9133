package io.batchd.apiserver;

import io.batchd.registry.Registries;
import io.batchd.registry.Registry;
import io.batchd.registry.core.EventsV1View;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One REST endpoint per registry, each with its printed columns, its way of deleting and its
 * subresources; and the read-only events.k8s.io view of the core Events.
 */
final class Endpoints {
  private Endpoints() {}

  static List<Endpoint> of(Registries registries, Clock clock, PodLogSource logs) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (Registry<?> registry : registries.all()) {
      endpoints.add(endpoint(registry, registries, clock, logs));
      if (registry.type().type() == Event.class) {
        endpoints.add(eventsView(cast(registry), clock));
      }
    }
    return endpoints;
  }

  @SuppressWarnings("unchecked")
  private static <T extends HasMetadata> Registry<T> cast(Registry<?> registry) {
    return (Registry<T>) registry;
  }

  private static ResourceEndpoint<Event> eventsView(Registry<Event> events, Clock clock) {
    return ResourceEndpoint.view(
        events,
        new EventColumns(clock),
        new ResourceEndpoint.View<>(
            EventsV1View.EVENTS, EventsV1View::toV1, EventsV1View::toCoreFieldSelector));
  }

  @SuppressWarnings("unchecked")
  private static <T extends HasMetadata> ResourceEndpoint<T> endpoint(
      Registry<T> registry, Registries registries, Clock clock, PodLogSource logs) {
    Class<T> type = registry.type().type();
    if (type == Namespace.class) {
      Registry<Namespace> namespaces = (Registry<Namespace>) registry;
      return (ResourceEndpoint<T>)
          new ResourceEndpoint<>(
              namespaces,
              Tables.namespaces(clock),
              (ns, name, uid, rv, grace, dryRun) ->
                  new Registry.Deleted<>(registries.deleteNamespace(name, dryRun), false),
              clock);
    }
    if (type == Pod.class) {
      Registry<Pod> pods = (Registry<Pod>) registry;
      return (ResourceEndpoint<T>)
          new ResourceEndpoint<>(
              pods,
              new PodColumns(clock),
              pods::delete,
              Map.of(
                  "binding", PodWriteRoutes.binding(pods),
                  "eviction", PodWriteRoutes.eviction(pods),
                  "log", new PodLogRoute(pods, logs)),
              null,
              clock);
    }
    return new ResourceEndpoint<>(registry, columns(type, clock), registry::delete, clock);
  }

  @SuppressWarnings("unchecked")
  private static <T extends HasMetadata> TableColumns<T> columns(Class<T> type, Clock clock) {
    if (type == Job.class) {
      return (TableColumns<T>) Tables.jobs(clock);
    }
    if (type == Node.class) {
      return (TableColumns<T>) new NodeColumns(clock);
    }
    if (type == Event.class) {
      return (TableColumns<T>) new EventColumns(clock);
    }
    if (type == Lease.class) {
      return (TableColumns<T>) new LeaseColumns(clock);
    }
    return Tables.generic(clock);
  }
}
