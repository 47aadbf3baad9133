package io.batchd.registry;

/**
 * What a delete without {@code propagationPolicy} or {@code orphanDependents} does with the
 * object's dependents, as upstream's {@code rest.GarbageCollectionPolicy}.
 */
public enum GarbageCollectionPolicy {
  /** The dependents go too (in the background): the default of most resources. */
  DELETE_DEPENDENTS,
  /** The dependents are kept: batch/v1 Jobs, for compatibility with their first release. */
  ORPHAN_DEPENDENTS,
  /** The resource takes no part in garbage collection: deletes never add GC finalizers. */
  UNSUPPORTED
}
