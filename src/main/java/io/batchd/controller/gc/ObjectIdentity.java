package io.batchd.controller.gc;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;

/**
 * One object as the garbage collector names it: kind, where it lives, and the uid that tells it
 * from a later object of the same name.
 *
 * @param namespace null for cluster-scoped objects
 */
record ObjectIdentity(String apiVersion, String kind, String namespace, String name, String uid) {

  static ObjectIdentity of(MonitoredKind<?> kind, HasMetadata object) {
    return new ObjectIdentity(
        kind.apiVersion(),
        kind.kind(),
        kind.namespaced() ? object.getMetadata().getNamespace() : null,
        object.getMetadata().getName(),
        object.getMetadata().getUid());
  }

  /**
   * The owner an ownerReference of {@code dependent} names: in the dependent's namespace when the
   * owner's kind is namespaced (or unknown), cluster-wide otherwise.
   */
  static ObjectIdentity ownerOf(
      ObjectIdentity dependent, OwnerReference ref, MonitoredKind<?> kind) {
    boolean namespaced = kind == null || kind.namespaced();
    return new ObjectIdentity(
        ref.getApiVersion(),
        ref.getKind(),
        namespaced ? dependent.namespace() : null,
        ref.getName(),
        ref.getUid());
  }

  @Override
  public String toString() {
    return kind + " " + (namespace == null ? "" : namespace + "/") + name + " (uid " + uid + ")";
  }
}
