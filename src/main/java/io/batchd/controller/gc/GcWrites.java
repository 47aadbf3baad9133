package io.batchd.controller.gc;

import io.batchd.client.ApiClient;
import io.batchd.client.ResourceClient;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The garbage collector's writes. Each one applies only to the very object it was decided for (its
 * uid), so that an object re-created under the same name is never touched.
 */
final class GcWrites {
  private final ApiClient client;

  GcWrites(ApiClient client) {
    this.client = client;
  }

  /**
   * Deletes the object with {@code policy}, on condition of its uid and of the version the decision
   * was made on (a 409 means it changed: decide again). False if it is already gone.
   */
  boolean delete(ObjectIdentity id, String policy, String resourceVersion) {
    DeleteOptions options = new DeleteOptions();
    options.setPropagationPolicy(policy);
    options.setPreconditions(new Preconditions(resourceVersion, id.uid()));
    return resources(id).delete(id.namespace(), id.name(), options);
  }

  /** Removes the ownerReferences to these owners; false if the object is gone. */
  boolean removeOwnerReferences(ObjectIdentity id, Set<String> ownerUids) {
    return edit(
        id,
        object -> {
          List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
          if (refs == null || refs.stream().noneMatch(r -> ownerUids.contains(r.getUid()))) {
            return null;
          }
          List<OwnerReference> kept = new ArrayList<>(refs);
          kept.removeIf(r -> ownerUids.contains(r.getUid()));
          object.getMetadata().setOwnerReferences(kept);
          return object;
        });
  }

  /** Sets {@code blockOwnerDeletion: false} on every blocking ownerReference. */
  boolean unblockOwnerReferences(ObjectIdentity id) {
    return edit(
        id,
        object -> {
          List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
          if (refs == null
              || refs.stream().noneMatch(r -> Boolean.TRUE.equals(r.getBlockOwnerDeletion()))) {
            return null;
          }
          refs.stream()
              .filter(r -> Boolean.TRUE.equals(r.getBlockOwnerDeletion()))
              .forEach(r -> r.setBlockOwnerDeletion(false));
          return object;
        });
  }

  /** Removes {@code finalizer}; an object being deleted goes with its last finalizer. */
  boolean removeFinalizer(ObjectIdentity id, String finalizer) {
    return edit(
        id,
        object -> {
          List<String> finalizers = object.getMetadata().getFinalizers();
          if (finalizers == null || !finalizers.contains(finalizer)) {
            return null;
          }
          List<String> kept = new ArrayList<>(finalizers);
          kept.removeIf(finalizer::equals);
          object.getMetadata().setFinalizers(kept);
          return object;
        });
  }

  /** Edits the object if it still has the identity's uid; false if it is gone. */
  private <T extends HasMetadata> boolean edit(
      ObjectIdentity id, UnaryOperator<HasMetadata> change) {
    ResourceClient<T> resources = resources(id);
    boolean[] present = {true};
    resources.edit(
        id.namespace(),
        id.name(),
        object -> {
          if (!id.uid().equals(object.getMetadata().getUid())) {
            present[0] = false;
            return null;
          }
          @SuppressWarnings("unchecked")
          T changed = (T) change.apply(object);
          return changed;
        },
        false);
    return present[0];
  }

  @SuppressWarnings("unchecked")
  private <T extends HasMetadata> ResourceClient<T> resources(ObjectIdentity id) {
    MonitoredKind<?> kind =
        MonitoredKind.find(id.apiVersion(), id.kind())
            .orElseThrow(() -> new IllegalArgumentException("not a served kind: " + id));
    return (ResourceClient<T>) client.resources(kind.type());
  }
}
