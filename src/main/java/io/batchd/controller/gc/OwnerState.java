package io.batchd.controller.gc;

/** How the owner an ownerReference names stands, as the garbage collector found it. */
enum OwnerState {
  /** It exists with the reference's uid and is not deleting its dependents. */
  SOLID,
  /** It does not exist, or an object of another uid has its name. */
  DANGLING,
  /** It exists, is being deleted and carries {@code foregroundDeletion}. */
  WAITING_FOR_DEPENDENTS,
  /**
   * Its kind is not one batchd serves, or a cluster-scoped object names a namespaced owner: the
   * reference can never be checked, so it keeps the dependent as an existing owner would.
   */
  UNRESOLVABLE
}
