package io.batchd.controller.gc;

import java.util.Set;

/** What the garbage collector does with an object that has owners. */
sealed interface DependentAction {

  /** Nothing: an owner still exists and no reference needs removing. */
  record Keep() implements DependentAction {}

  /**
   * Remove these ownerReferences (by owner uid): the owners are gone or wait for their dependents,
   * but another owner keeps the object.
   */
  record RemoveOwnerReferences(Set<String> ownerUids) implements DependentAction {}

  /**
   * Delete the object with this propagation policy; first make its own ownerReferences non-blocking
   * when {@code unblockFirst}, to break a cycle of foreground deletions.
   */
  record Delete(String propagationPolicy, boolean unblockFirst) implements DependentAction {}
}
