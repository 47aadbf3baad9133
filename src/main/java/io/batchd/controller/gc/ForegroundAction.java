package io.batchd.controller.gc;

import java.util.List;

/** What the garbage collector does for an owner deleted in the foreground. */
sealed interface ForegroundAction {

  /** No dependent blocks it any more: remove {@code foregroundDeletion}, and it goes. */
  record RemoveFinalizer() implements ForegroundAction {}

  /**
   * Dependents with {@code blockOwnerDeletion} remain: look at these (the blocking ones not
   * themselves deleting their dependents) for deletion, and wait.
   */
  record DeleteBlocking(List<ObjectIdentity> dependents) implements ForegroundAction {}
}
