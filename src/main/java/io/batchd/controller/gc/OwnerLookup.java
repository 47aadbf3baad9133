package io.batchd.controller.gc;

import io.batchd.client.ApiClient;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;
import java.util.Optional;

/**
 * Reads objects the garbage collector names from the API (not from a cache, as upstream's {@code
 * isDangling}: an informer may lag behind), and says how an ownerReference's owner stands.
 */
final class OwnerLookup {
  private final ApiClient client;

  OwnerLookup(ApiClient client) {
    this.client = client;
  }

  /** The live object, if its kind is one batchd serves and an object has its name. */
  Optional<? extends HasMetadata> get(ObjectIdentity identity) {
    Optional<MonitoredKind<?>> kind = MonitoredKind.find(identity.apiVersion(), identity.kind());
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    return client
        .resources(kind.get().type())
        .get(kind.get().namespaced() ? identity.namespace() : null, identity.name());
  }

  /** How the owner named by {@code ref}, a reference of {@code dependent}, stands. */
  OwnerState stateOf(ObjectIdentity dependent, OwnerReference ref) {
    Optional<MonitoredKind<?>> kind = MonitoredKind.find(ref.getApiVersion(), ref.getKind());
    if (kind.isEmpty()) {
      return OwnerState.UNRESOLVABLE;
    }
    if (dependent.namespace() == null && kind.get().namespaced()) {
      // A cluster-scoped object cannot be owned by a namespaced one: upstream leaves it alone.
      return OwnerState.UNRESOLVABLE;
    }
    Optional<? extends HasMetadata> owner = get(ObjectIdentity.ownerOf(dependent, ref, kind.get()));
    if (owner.isEmpty() || !owner.get().getMetadata().getUid().equals(ref.getUid())) {
      return OwnerState.DANGLING;
    }
    List<String> finalizers = owner.get().getMetadata().getFinalizers();
    if (owner.get().getMetadata().getDeletionTimestamp() != null
        && finalizers != null
        && finalizers.contains(GcDecisions.FOREGROUND_FINALIZER)) {
      return OwnerState.WAITING_FOR_DEPENDENTS;
    }
    return OwnerState.SOLID;
  }

  boolean serves(ObjectIdentity identity) {
    return MonitoredKind.find(identity.apiVersion(), identity.kind()).isPresent();
  }
}
